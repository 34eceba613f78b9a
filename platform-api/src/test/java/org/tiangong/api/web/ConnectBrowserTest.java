package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tiangong.api.demo.DemoStack;

/**
 * The Connect-your-machine wizard end to end on the demo's line L9, in Chromium, as the vendor's engineer and the
 * plant manager would use it: untrusted → trusted by the manager → connected → browse → automap → save → live values
 * → template applied to the second machine of the same model.
 */
class ConnectBrowserTest extends BureauDemoSupport {

    static final String ROOT_MT01 = "nsu=urn:tiangong:sim;s=Machines/MT-01";

    @Test
    void vendorConnectsAMachineOfLineL9WithTheManagerTrustingItsCertificate() {
        JsonObject mt01 = l9Machine("MT-01");

        // 1–3: the vendor describes the endpoint; the test says the platform does not trust the server yet
        login("vendor", false);
        browser.waitForPath("/connect");
        browser.waitForText("接入您的设备");
        Select machine = new Select(browser.byLabel("设备"));
        machine.getOptions().stream()
                .filter(o -> o.getText().contains("· " + DemoStack.TO_CONNECT_LINE + " · MT-01"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("MT-01 of L9 is not offered: "
                        + machine.getOptions().stream().map(WebElement::getText).toList()))
                .click();
        browser.button("选择此设备").click();
        browser.byLabel("服务器地址 (opc.tcp://…)").sendKeys(stack.simulator().endpointUrl());
        new Select(browser.byLabel("安全策略")).selectByValue("Basic256Sha256");
        new Select(browser.byLabel("安全模式")).selectByValue("SignAndEncrypt");
        new Select(browser.byLabel("身份")).selectByValue("username");
        browser.byLabel("用户名").sendKeys(stack.machineUser());
        browser.byLabel("密码").sendKeys(stack.machinePassword());
        browser.button("保存端点").click();
        String outcome = awaitOutcome();
        assertThat(outcome).isEqualTo("server_certificate_untrusted");
        browser.waitForText("平台尚未信任该服务器的证书");
        browser.waitForText("厂长");
        String thumbprint = browser.driver
                .findElement(By.cssSelector(".cn-test-result .cn-thumb"))
                .getText();
        screenshotAt("#cn-s3", SCREENSHOTS.resolve("connect-untrusted-zh.png"));

        // the plant manager compares the thumbprint and trusts the certificate on their page
        login("manager", false);
        browser.link("证书").click();
        browser.waitForPath("/connect/certificates");
        browser.waitForText(thumbprint);
        browser.screenshot(SCREENSHOTS.resolve("connect-certificates-zh.png"));
        browser.driver
                .findElement(By.cssSelector("tr[data-thumbprint='" + thumbprint + "'] button"))
                .click();
        browser.waitForText("已信任");

        // the vendor tests again: connected
        login("vendor", false);
        browser.go("/connect?machine=" + mt01.getString("id"));
        browser.button("使用此端点").click();
        assertThat(awaitOutcome()).isEqualTo("connected");
        browser.waitForText("已连接。");

        // 4: browse lazily down to the machine, pick it as root
        WebElement machines = treeItemNamed("Machines");
        machines.findElement(By.cssSelector("button.cn-toggle")).click();
        WebElement mt01Item = browser.waiting()
                .until(d -> d.findElements(By.cssSelector("li[data-node='" + ROOT_MT01 + "']")).stream()
                        .findFirst()
                        .orElse(null));
        mt01Item.findElement(By.xpath("./button[contains(@class,'cn-root')]")).click();
        browser.waitForText("设备根节点：");
        screenshotAt("#cn-s4", SCREENSHOTS.resolve("connect-browse-zh.png"));

        // 5: automap proposals with their reasons, then save
        browser.button("自动映射").click();
        List<WebElement> proposals = browser.waiting().until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector(".cn-proposals tbody tr"));
            return rows.isEmpty() ? null : rows;
        });
        assertThat(proposals)
                .allSatisfy(
                        r -> assertThat(r.findElement(By.cssSelector(".cn-why")).getText())
                                .isNotBlank());
        assertThat(browser.text()).contains("OPC 40001-1");
        screenshotAt("#cn-s5", SCREENSHOTS.resolve("connect-automap-zh.png"));
        browser.button("保存映射").click();
        browser.waitForText("映射已保存");

        // 6: live values appear without a reload (the collector applies the mapping in place)
        new WebDriverWait(browser.driver, Duration.ofSeconds(90))
                .withMessage(() -> "no live values; the page shows: " + browser.text())
                .until(d -> !d.findElements(By.cssSelector(".cn-live-values tbody tr[data-signal='state']"))
                        .isEmpty());
        screenshotAt("#cn-s6", SCREENSHOTS.resolve("connect-live-zh.png"));

        // 7: a template from MT-01, applied to MT-02 (same model)
        browser.button("保存模板").click();
        browser.waitForText("已保存（型号");
        new Select(browser.byLabel("同型号的下一台设备")).selectByIndex(0);
        assertThat(browser.byLabel("该设备的根节点").getAttribute("value")).isEqualTo("nsu=urn:tiangong:sim;s=Machines/MT-02");
        browser.button("应用模板").click();
        browser.waitForText("已为 MT-02 保存映射");
        JsonObject mapping = http.send(
                        HttpMethod.GET,
                        "/api/v1/machines/" + l9Machine("MT-02").getString("id") + "/mapping",
                        token("vendor"),
                        null)
                .json();
        assertThat(mapping.getJsonArray("entries")).isNotEmpty();
        browser.screenshot(SCREENSHOTS.resolve("connect-template-zh.png"));
    }

    @Test
    void wizardSpeaksEnglishAndTheBureauCannotUseIt() {
        login("vendor", true);
        browser.waitForText("Connect your machine");
        browser.waitForText("Step 1: the machine");
        browser.button("Choose this machine");
        browser.screenshot(SCREENSHOTS.resolve("connect-step1-en.png"));
        login("bureau", true);
        browser.go("/connect/certificates");
        browser.waitForText("No access");
    }

    private static String awaitOutcome() {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(60))
                .withMessage(() -> "no test outcome; the page shows: " + browser.text())
                .until(d -> d.findElements(By.cssSelector(".cn-test-result[data-outcome]")).stream()
                        .map(e -> e.getAttribute("data-outcome"))
                        .findFirst()
                        .orElse(null));
    }

    private static WebElement treeItemNamed(String name) {
        return browser.waiting()
                .withMessage(() -> "no tree item " + name + "; the page shows: " + browser.text())
                .until(d -> d.findElements(By.cssSelector(".cn-tree li")).stream()
                        .filter(li -> li.findElement(By.cssSelector(".cn-node-name"))
                                .getText()
                                .equals(name))
                        .findFirst()
                        .orElse(null));
    }

    private static JsonObject l9Machine(String code) {
        String vendor = token("vendor");
        for (Object e : get(vendor, "/api/v1/enterprises")) {
            for (Object p : get(vendor, "/api/v1/enterprises/" + ((JsonObject) e).getString("id") + "/plants")) {
                for (Object l : get(vendor, "/api/v1/plants/" + ((JsonObject) p).getString("id") + "/lines")) {
                    if (!DemoStack.TO_CONNECT_LINE.equals(((JsonObject) l).getString("code"))) continue;
                    for (Object m : get(vendor, "/api/v1/lines/" + ((JsonObject) l).getString("id") + "/machines")) {
                        if (code.equals(((JsonObject) m).getString("code"))) return (JsonObject) m;
                    }
                }
            }
        }
        throw new AssertionError("the demo has no machine " + code + " on line " + DemoStack.TO_CONNECT_LINE);
    }

    private static JsonArray get(String auth, String path) {
        var r = http.send(HttpMethod.GET, path, auth, null);
        assertThat(r.status()).as(path + " " + r).isEqualTo(200);
        return r.array();
    }
}
