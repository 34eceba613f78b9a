package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every browser test class shares, whatever it runs against: each test starts as a fresh visitor (no cookies,
 * an empty console), a failing test leaves a screenshot in {@code target/screenshots/}, and every test fails when
 * the page threw an uncaught script error or broke the Content-Security-Policy (with a screenshot of that too).
 */
final class BrowserChecks implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Supplier<Browser> browser;

    /** @param browser the class's browser, asked for at each test (it is opened in {@code @BeforeAll}) */
    BrowserChecks(Supplier<Browser> browser) {
        this.browser = browser;
    }

    @Override
    public void beforeEach(ExtensionContext ctx) {
        browser.get().reset();
        browser.get().forgetConsole();
    }

    @Override
    public void afterTestExecution(ExtensionContext ctx) {
        if (ctx.getExecutionException().isPresent() && browser.get() != null) {
            browser.get().screenshot(shot(ctx, ".png"));
        }
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        var errors = browser.get().scriptErrors();
        if (!errors.isEmpty()) browser.get().screenshot(shot(ctx, "-console.png"));
        assertThat(errors)
                .as("uncaught script errors or CSP refusals in the browser console")
                .isEmpty();
    }

    private static Path shot(ExtensionContext ctx, String suffix) {
        return SCREENSHOTS.resolve(ctx.getRequiredTestClass().getSimpleName() + "-"
                + ctx.getRequiredTestMethod().getName() + suffix);
    }
}
