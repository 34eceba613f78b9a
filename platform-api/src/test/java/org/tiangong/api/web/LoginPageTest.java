package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;

/** The login page and the session, in Chromium, in both languages. */
class LoginPageTest extends BrowserTestSupport {

    @Test
    void plantManagerLogsInInChineseAndLandsOnTheirPlant() {
        loginZh("acme-manager");
        browser.waitForPath("/plants/" + platform.acme.plantId());
        browser.waitForText("测试企业 ACME");
        browser.waitForText("退出");
    }

    @Test
    void theLanguageSwitchTurnsTheLoginPageIntoEnglishAndIsRemembered() {
        browser.go("/");
        browser.byLabel("用户名");
        browser.button("English").click();
        browser.byLabel("Username");
        browser.byLabel("Password");
        browser.button("Log in");
        browser.go("/login"); // a reload keeps the choice
        browser.byLabel("Username");
        browser.button("中文").click();
        browser.byLabel("用户名");
    }

    @Test
    void loginInEnglishShowsTheEnglishHome() {
        loginEn("acme-manager");
        browser.waitForPath("/plants/" + platform.acme.plantId());
        browser.waitForText("Log out");
    }

    @Test
    void aWrongPasswordIsSaidPlainly() {
        browser.go("/");
        browser.login("acme-manager", "not-the-password", "用户名", "密码", "登录");
        browser.waitForText("用户名或密码错误");
        assertThat(browser.path()).isEqualTo("/");
    }

    @Test
    void tooManyWrongPasswordsAreToldToWait() {
        browser.go("/");
        for (int i = 0; i < 6 && !browser.text().contains("登录失败次数过多"); i++) {
            browser.byLabel("用户名").clear();
            browser.login("bureau", "wrong-password-" + i, "用户名", "密码", "登录");
            // the button is disabled while the answer is on its way
            browser.waiting()
                    .until(d -> browser.button("登录").isEnabled()
                            && !d.findElement(org.openqa.selenium.By.cssSelector(".form-status"))
                                    .getText()
                                    .isBlank());
        }
        browser.waitForText("登录失败次数过多，请");
    }

    @Test
    void theSessionTokenIsOutOfReachOfPageScripts() {
        loginZh("acme-manager");
        Cookie session = browser.driver.manage().getCookieNamed("tg_session");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        String visible = (String) ((JavascriptExecutor) browser.driver).executeScript("return document.cookie");
        assertThat(visible).doesNotContain("tg_session").contains("tg_csrf=");
        assertThat(visible).doesNotContain(session.getValue());
    }

    @Test
    void aPageAskedForBeforeLoginComesBackAfterIt() {
        browser.go("/plants/" + platform.acme.plantId() + "?x=1");
        browser.waitForPath("/login");
        browser.login("acme-manager", PASSWORD, "用户名", "密码", "登录");
        browser.waitForPath("/plants/" + platform.acme.plantId());
    }

    @Test
    void aWriteWithTheSessionCookieButWithoutTheCsrfHeaderIsRefused() {
        loginZh("acme-manager");
        String session = browser.driver.manage().getCookieNamed("tg_session").getValue();
        var r = platform.http.send(HttpMethod.POST, "/api/v1/auth/logout", null, Buffer.buffer("{}"));
        assertThat(r.status()).isEqualTo(401);
        // the cookie alone, as a cross-site form would send it
        var client = io.vertx.ext.web.client.WebClient.create(platform.vertx);
        try {
            var response = client.post(platform.server.port(), "localhost", "/api/v1/auth/logout")
                    .putHeader("Cookie", "tg_session=" + session)
                    .putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer("{}"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(new JsonObject(response.bodyAsString()).getString("error"))
                    .isEqualTo("csrf_token_missing");
            var me = client.get(platform.server.port(), "localhost", "/api/v1/auth/me")
                    .putHeader("Cookie", "tg_session=" + session)
                    .send()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(me.bodyAsString()).getString("username")).isEqualTo("acme-manager");
        } finally {
            client.close();
        }
    }

    @Test
    void logoutEndsTheSession() {
        loginZh("acme-manager");
        browser.button("退出").click();
        browser.waitForPath("/login");
        browser.byLabel("用户名");
        assertThat(browser.driver.manage().getCookieNamed("tg_session")).isNull();
        browser.go("/plants/" + platform.acme.plantId());
        browser.waitForPath("/login");
    }

    @Test
    void anUnknownPageSaysNotFoundAndTheApiStaysJson() {
        browser.go("/no/such/page");
        browser.waitForText("未找到");
        var r = platform.http.get("/api/no-such-route");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/json");
        var page = platform.http.get("/lines/x/board");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
    }
}
