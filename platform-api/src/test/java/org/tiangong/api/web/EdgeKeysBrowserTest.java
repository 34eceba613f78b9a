package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** A plant manager issues an edge key for its plant on /settings/edge-keys; the key pulls that plant's config. */
class EdgeKeysBrowserTest extends BrowserTestSupport {

    @Test
    void aPlantManagerIssuesAnEdgeKeyThatPullsItsPlantsConfiguration() throws Exception {
        loginEn("acme-manager");
        browser.link("Edge keys").click();
        browser.waitForPath("/settings/edge-keys");
        browser.waitForText("Edge collector keys");
        browser.waitForText("--config-from");
        browser.byLabel("Name").sendKeys("P1 edge <b>1</b>");
        browser.button("Create edge key").click();
        browser.waitForText("shown only once");
        String key = browser.driver.findElement(By.cssSelector(".ek-key")).getText();
        assertThat(key).startsWith("tge_");
        browser.waitForText("P1 edge <b>1</b>"); // the name as text, not markup
        browser.screenshot(SCREENSHOTS.resolve("edge-keys-en.png"));

        HttpResponse<String> pulled = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + platform.server.port() + "/api/v1/edge/config"))
                                .header("Authorization", "ApiKey " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).contains(platform.acme.plantId().toString());

        browser.button("Revoke").click();
        browser.waitForText("revoked");

        // the same page in Chinese, as a plant manager in the county reads it
        browser.button("中文").click();
        browser.waitForText("边缘采集密钥");
        browser.waitForText("已吊销");
        browser.screenshot(SCREENSHOTS.resolve("edge-keys-zh.png"));
    }
}
