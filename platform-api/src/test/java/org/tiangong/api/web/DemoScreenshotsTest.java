package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.api.HttpTestClient;
import org.tiangong.api.accounts.DemoAccounts;
import org.tiangong.api.demo.DemoStack;
import org.tiangong.collector.sim.PlantDefinition;

/**
 * The README's screenshots, taken on the real demo (simulator → collector → database → API → Chromium). Add a page
 * to {@link #SHOTS} to get another picture; the Chinese one goes to {@code docs/screenshots/}, both languages to
 * {@code target/screenshots/} for a look.
 */
class DemoScreenshotsTest {

    /** A picture: who looks, at which page (from the demo's ids), what must be on screen first, whether docs/ keeps it. */
    record Shot(
            String file,
            String username,
            Function<Demo, String> path,
            String readyCss,
            String readyText,
            boolean docs) {}

    /** The demo's ids a page address may need. */
    record Demo(String enterpriseId, String plantId, String lineId, String machineId) {}

    static final List<Shot> SHOTS = List.of(
            new Shot(
                    "board.png",
                    "manager",
                    d -> "/lines/" + d.lineId() + "/board",
                    "article.tile:not([data-state='no_data'])",
                    "更新于",
                    true),
            new Shot("plant.png", "manager", d -> "/plants/" + d.plantId(), ".card", "本班 OEE", false),
            new Shot("machine.png", "manager", d -> "/machines/" + d.machineId(), "canvas", "停机帕累托", false));

    @TempDir
    static Path dataDir;

    static DemoStack stack;
    static Vertx vertx;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        stack = DemoStack.start(new DemoStack.Options(
                TestDatabases.freshUrl(),
                dataDir,
                PlantDefinition.loadDefault(),
                "127.0.0.1",
                0,
                0,
                false,
                500,
                2,
                StoragePolicy.defaults()));
        vertx = Vertx.vertx();
        http = new HttpTestClient(vertx, stack.apiPort());
    }

    @AfterAll
    static void stop() {
        if (http != null) http.close();
        if (vertx != null)
            vertx.close().toCompletionStage().toCompletableFuture().join();
        if (stack != null) stack.close();
    }

    static String password(String username) {
        return stack.accounts().stream()
                .filter(a -> a.username().equals(username))
                .map(DemoAccounts.Account::password)
                .findFirst()
                .orElseThrow();
    }

    static Demo demo() {
        var login = http.send(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                Buffer.buffer(new JsonObject()
                        .put("username", "manager")
                        .put("password", password("manager"))
                        .encode()));
        String auth = "Bearer " + login.json().getString("token");
        String enterprise = get(auth, "/api/v1/enterprises").getJsonObject(0).getString("id");
        String plant = get(auth, "/api/v1/enterprises/" + enterprise + "/plants")
                .getJsonObject(0)
                .getString("id");
        String line =
                get(auth, "/api/v1/plants/" + plant + "/lines").getJsonObject(0).getString("id");
        String machine = get(auth, "/api/v1/lines/" + line + "/machines")
                .getJsonObject(0)
                .getString("id");
        return new Demo(enterprise, plant, line, machine);
    }

    static JsonArray get(String auth, String path) {
        var r = http.send(HttpMethod.GET, path, auth, null);
        assertThat(r.status()).as(path + " " + r).isEqualTo(200);
        return r.array();
    }

    /** The repository's root (tests run in platform-api/). */
    static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
    }

    @Test
    void screenshotsOfTheDemoInBothLanguages() throws Exception {
        Demo demo = demo();
        List<String> errors = new ArrayList<>();
        try (Browser browser = Browser.open("http://127.0.0.1:" + stack.apiPort(), "zh-CN", 1600, 1000)) {
            for (String lang : List.of("zh-CN", "en")) {
                browser.reset();
                browser.go("/");
                if (lang.equals("en")) browser.button("English").click();
                String user = lang.equals("en") ? "Username" : "用户名";
                String pass = lang.equals("en") ? "Password" : "密码";
                String button = lang.equals("en") ? "Log in" : "登录";
                String current = null;
                for (Shot shot : SHOTS) {
                    if (!shot.username().equals(current)) {
                        browser.reset();
                        if (lang.equals("en")) {
                            browser.go("/");
                            browser.button("English").click();
                        }
                        browser.go("/");
                        browser.login(shot.username(), password(shot.username()), user, pass, button);
                        browser.waiting()
                                .until(d -> !browser.path().equals("/")
                                        && !browser.path().equals("/login"));
                        current = shot.username();
                    }
                    browser.go(shot.path().apply(demo));
                    try {
                        // the demo's machines report within seconds of its start; give a busy machine a minute
                        new org.openqa.selenium.support.ui.WebDriverWait(
                                        browser.driver, java.time.Duration.ofSeconds(60))
                                .withMessage(() -> shot.file() + ": nothing matches " + shot.readyCss()
                                        + "; the page shows " + browser.text())
                                .until(d -> !d.findElements(By.cssSelector(shot.readyCss()))
                                        .isEmpty());
                    } catch (RuntimeException e) {
                        browser.screenshot(
                                BrowserTestSupport.SCREENSHOTS.resolve("DemoScreenshotsTest-" + shot.file()));
                        throw e;
                    }
                    if (lang.equals("zh-CN")) browser.waitForText(shot.readyText());
                    Path target =
                            BrowserTestSupport.SCREENSHOTS.resolve(shot.file().replace(".png", "-" + lang + ".png"));
                    browser.screenshot(target);
                    if (lang.equals("zh-CN") && shot.docs())
                        browser.screenshot(repoRoot()
                                .resolve("docs")
                                .resolve("screenshots")
                                .resolve(shot.file()));
                }
            }
            errors.addAll(browser.scriptErrors());
        }
        assertThat(errors).as("script errors while taking the screenshots").isEmpty();
    }
}
