package org.tiangong.api.web;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;

/**
 * Base of the browser tests: one {@link TestPlatform} (ACME, RIVAL and a user per role, on the real clock) and one
 * headless Chromium per test class. A failing test leaves a screenshot in {@code target/screenshots/}; every test
 * fails when the page threw an uncaught script error or broke the Content-Security-Policy.
 */
public abstract class BrowserTestSupport {

    public static final String PASSWORD = TestPlatform.PASSWORD;
    public static final Path SCREENSHOTS = BrowserChecks.SCREENSHOTS;

    protected static TestPlatform platform;
    protected static Browser browser;

    @RegisterExtension
    final BrowserChecks checks = new BrowserChecks(() -> browser);

    @BeforeAll
    static void startBrowserAndPlatform() throws Exception {
        Browser.assumeAvailable();
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
        browser = Browser.open("http://localhost:" + platform.server.port(), "zh-CN");
    }

    @AfterAll
    static void stopBrowserAndPlatform() {
        if (browser != null) browser.close();
        if (platform != null) platform.close();
        browser = null;
        platform = null;
    }

    /** Logs in through the form in Chinese (the browser's default language here) and waits to leave the login page. */
    protected static void loginZh(String username) {
        browser.go("/");
        browser.login(username, PASSWORD, "用户名", "密码", "登录");
        browser.waiting()
                .until(d -> !browser.path().equals("/") && !browser.path().equals("/login"));
    }

    protected static void loginEn(String username) {
        browser.go("/");
        browser.button("English").click();
        browser.login(username, PASSWORD, "Username", "Password", "Log in");
        browser.waiting()
                .until(d -> !browser.path().equals("/") && !browser.path().equals("/login"));
    }
}
