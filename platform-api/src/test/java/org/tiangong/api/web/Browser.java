package org.tiangong.api.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, used as a person would: by visible labels, button
 * words and URLs. Nothing is downloaded: both executables are given by path (override with {@code TIANGONG_CHROMIUM}
 * and {@code TIANGONG_CHROMEDRIVER}). Without them the browser tests are skipped, except under {@code CI=true}.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(env("TIANGONG_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(env("TIANGONG_CHROMEDRIVER", "/usr/bin/chromedriver"));
    public static final Duration WAIT = Duration.ofSeconds(15);

    public final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final String baseUrl;
    private final List<String> console = new ArrayList<>();

    private Browser(String baseUrl, String language, int width, int height) throws IOException {
        this.baseUrl = baseUrl;
        this.profile = Files.createTempDirectory("tiangong-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--disable-default-apps",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--lang=" + language,
                "--force-device-scale-factor=1");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    /** Skips the calling test class when Chromium is not installed, or fails it under {@code CI=true}. */
    public static void assumeAvailable() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String why = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + "; CI=true, so they may not be skipped");
        }
        Assumptions.assumeTrue(present, "SKIPPED: " + why);
    }

    /** A browser whose language (navigator.language) is {@code language}, e.g. "zh-CN" or "en-US". */
    public static Browser open(String baseUrl, String language) throws IOException {
        return open(baseUrl, language, 1366, 900);
    }

    public static Browser open(String baseUrl, String language, int width, int height) throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        return new Browser(baseUrl, language, width, height);
    }

    public void go(String path) {
        driver.get(baseUrl + path);
    }

    /** Forgets the session and the chosen language, as a fresh visitor. */
    public void reset() {
        go("/assets/css/app.css");
        driver.manage().deleteAllCookies();
        ((JavascriptExecutor) driver).executeScript("localStorage.clear()");
    }

    public String path() {
        return (String) ((JavascriptExecutor) driver).executeScript("return location.pathname");
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /** Waits until the page shows text (anywhere in the body). */
    public void waitForText(String text) {
        waiting()
                .withMessage(() -> "the page never showed '" + text + "'; it shows: " + text())
                .until(d -> text().contains(text));
    }

    public void waitForPath(String path) {
        waiting()
                .withMessage(() -> "never arrived at " + path + "; at " + path())
                .until(d -> path().equals(path));
    }

    /** The form control whose {@code <label>} reads exactly {@code label}. */
    public WebElement byLabel(String label) {
        return waiting()
                .withMessage(() -> "no input labelled '" + label + "'; the page shows: " + text())
                .until(d -> {
                    for (WebElement l : d.findElements(By.tagName("label"))) {
                        if (l.getText().trim().equals(label) && l.getAttribute("for") != null) {
                            List<WebElement> target = d.findElements(By.id(l.getAttribute("for")));
                            if (!target.isEmpty()) return target.get(0);
                        }
                    }
                    return null;
                });
    }

    /** The visible button whose words are exactly {@code words}. */
    public WebElement button(String words) {
        return waiting()
                .withMessage(() -> "no button '" + words + "'; the page shows: " + text())
                .until(d -> d.findElements(By.tagName("button")).stream()
                        .filter(b -> b.isDisplayed() && b.getText().trim().equals(words))
                        .findFirst()
                        .orElse(null));
    }

    public WebElement link(String words) {
        return waiting()
                .withMessage(() -> "no link '" + words + "'; the page shows: " + text())
                .until(d -> d.findElements(By.tagName("a")).stream()
                        .filter(a -> a.isDisplayed() && a.getText().trim().equals(words))
                        .findFirst()
                        .orElse(null));
    }

    public void login(
            String username, String password, String usernameLabel, String passwordLabel, String buttonWords) {
        byLabel(usernameLabel).sendKeys(username);
        byLabel(passwordLabel).sendKeys(password);
        button(buttonWords).click();
    }

    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console lines so far (drained from the browser and kept). */
    public List<String> console() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) console.add(e.getLevel() + " " + e.getMessage());
        return List.copyOf(console);
    }

    /**
     * Uncaught script errors and Content-Security-Policy refusals. Failed HTTP requests the pages expect (401 before
     * login, 404 of another tenant's line) are logged by Chromium too, but are not script errors.
     */
    public List<String> scriptErrors() {
        return console().stream()
                .filter(l -> l.contains("Uncaught")
                        || l.contains("Refused to")
                        || l.contains("SyntaxError")
                        || l.contains("TypeError")
                        || l.contains("ReferenceError"))
                .toList();
    }

    public void forgetConsole() {
        console();
        console.clear();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary profile left behind is harmless
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
