package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.api.HttpTestClient;
import org.tiangong.api.accounts.DemoAccounts;
import org.tiangong.api.demo.DemoStack;
import org.tiangong.collector.sim.PlantDefinition;

/**
 * Base of the browser tests on the real demo (simulator, collector, county data, API) — as {@code DemoStackTest}
 * starts it — with one headless Chromium per class. Screenshots of failures go to {@code target/screenshots/}, and
 * every test fails on an uncaught script error or a CSP refusal.
 */
public abstract class BureauDemoSupport {

    static final int HISTORY_DAYS = 3;
    static final Path SCREENSHOTS = BrowserTestSupport.SCREENSHOTS;
    /** The README's screenshots (the test's working directory is the module's). */
    static final Path DOCS_SCREENSHOTS = Path.of("..", "docs", "screenshots");

    protected static Path dataDir;
    protected static DemoStack stack;
    protected static Browser browser;
    protected static Vertx vertx;
    protected static HttpTestClient http;

    @RegisterExtension
    final BrowserChecks checks = new BrowserChecks(() -> browser);

    @BeforeAll
    static void startDemoAndBrowser() throws Exception {
        Browser.assumeAvailable();
        dataDir = Files.createTempDirectory("tiangong-demo-browser");
        stack = DemoStack.start(new DemoStack.Options(
                TestDatabases.freshUrl(),
                dataDir,
                PlantDefinition.loadDefault(),
                "127.0.0.1",
                0,
                0,
                false,
                500,
                HISTORY_DAYS,
                StoragePolicy.defaults()));
        vertx = Vertx.vertx();
        http = new HttpTestClient(vertx, stack.apiPort());
        browser = Browser.open(baseUrl(), "zh-CN");
    }

    @AfterAll
    static void stopDemoAndBrowser() {
        if (browser != null) browser.close();
        if (http != null) http.close();
        if (vertx != null)
            vertx.close().toCompletionStage().toCompletableFuture().join();
        if (stack != null) stack.close();
        browser = null;
        stack = null;
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + stack.apiPort();
    }

    static String password(String username) {
        return stack.accounts().stream()
                .filter(a -> a.username().equals(username))
                .map(DemoAccounts.Account::password)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the demo has no account " + username));
    }

    /** Logs in through the form, in Chinese or English, and waits to leave the login page. */
    static void login(String username, boolean english) {
        browser.reset();
        browser.go("/");
        if (english) browser.button("English").click();
        browser.login(
                username,
                password(username),
                english ? "Username" : "用户名",
                english ? "Password" : "密码",
                english ? "Log in" : "登录");
        browser.waiting()
                .until(d -> !browser.path().equals("/") && !browser.path().equals("/login"));
    }

    /** A bearer token for API calls the test makes itself (setting up, cross-checking). */
    static String token(String username) {
        var r = http.send(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                Buffer.buffer(new JsonObject()
                        .put("username", username)
                        .put("password", password(username))
                        .encode()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return "Bearer " + r.json().getString("token");
    }

    /** A screenshot with {@code css} scrolled to the top of the window (what the step is about). */
    static void screenshotAt(String css, Path file) {
        var found = browser.driver.findElements(org.openqa.selenium.By.cssSelector(css));
        if (!found.isEmpty()) {
            ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                    .executeScript("arguments[0].scrollIntoView({block: 'start'})", found.get(0));
        }
        browser.screenshot(file);
    }

    /** What a link of the page downloads, fetched as the browser would: same URL, same session cookie. */
    static byte[] downloadWithSession(String href) throws IOException, InterruptedException {
        Cookie session = browser.driver.manage().getCookieNamed("tg_session");
        assertThat(session).as("the browser holds a session cookie").isNotNull();
        URI uri = URI.create(baseUrl()).resolve(href);
        HttpResponse<byte[]> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Cookie", "tg_session=" + session.getValue())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + href).isEqualTo(200);
        return r.body();
    }
}
