package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

/**
 * Onboarding without SQL in Chromium (issue 13 through the pages of issue 14): the admin creates an enterprise, a plant
 * and its plant manager; the manager adds a line and a machine with an ideal cycle time and sees it on the overview.
 */
class TopologyBrowserTest extends BrowserTestSupport {

    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @Test
    void adminOnboardsAnEnterpriseAndItsManagerAddsALineAndAMachine() {
        loginZh("admin");
        browser.waitForPath("/admin");
        browser.byLabel("企业代码").sendKeys("NEWCO");
        browser.byLabel("企业名称").sendKeys("新公司 " + HOSTILE);
        browser.button("新建企业").click();
        browser.waitForText("已创建 新公司 " + HOSTILE);
        browser.waitForText("NEWCO");
        // the same code again: the 409 in words
        browser.byLabel("企业代码").sendKeys("NEWCO");
        browser.byLabel("企业名称").sendKeys("重复");
        browser.button("新建企业").click();
        browser.waitForText("代码已被占用");

        new Select(browser.byLabel("企业")).selectByVisibleText("新公司 " + HOSTILE + " (NEWCO)");
        browser.byLabel("工厂代码").sendKeys("P1");
        browser.byLabel("工厂名称").sendKeys("一分厂");
        new Select(browser.byLabel("时区")).selectByVisibleText("Asia/Shanghai");
        browser.button("新建工厂").click();
        browser.waitForText("已创建 一分厂");
        browser.waitForText("P1 一分厂");
        browser.screenshot(SCREENSHOTS.resolve("admin-topology-zh.png"));

        browser.link("去创建厂长账号").click();
        browser.waitForPath("/admin/users");
        browser.byLabel("用户名").sendKeys("newco-manager");
        browser.byLabel("姓名").sendKeys("王厂长");
        new Select(browser.byLabel("角色")).selectByVisibleText("厂长");
        new Select(browser.byLabel("企业")).selectByVisibleText("新公司 " + HOSTILE);
        browser.byLabel("初始密码（至少 10 个字符）").sendKeys("newco-manager-password");
        browser.button("新建用户").click();
        browser.waitForText("已创建用户 newco-manager");

        browser.reset();
        browser.go("/");
        browser.login("newco-manager", "newco-manager-password", "用户名", "密码", "登录");
        browser.waiting()
                .until(d -> !browser.path().equals("/") && !browser.path().equals("/login"));
        browser.link("产线与设备").click();
        browser.waitForPath("/settings/topology");
        browser.waitForText("还没有产线。");
        browser.byLabel("产线代码").sendKeys("L1");
        browser.byLabel("产线名称").sendKeys("冲压线");
        browser.button("添加产线").click();
        browser.waitForText("L1 · 冲压线");
        browser.byLabel("设备代码").sendKeys("PR-01");
        browser.byLabel("设备名称").sendKeys(HOSTILE);
        new Select(browser.byLabel("类型")).selectByVisibleText("冲压机");
        browser.byLabel("型号").sendKeys("JH21-80");
        browser.byLabel("理想节拍（秒）").sendKeys("4.5");
        browser.button("添加设备").click();
        browser.waitForText("JH21-80");
        browser.waitForText("4.5");
        browser.byLabel("设备代码").sendKeys("PR-01");
        browser.byLabel("设备名称").sendKeys("again");
        browser.button("添加设备").click();
        browser.waitForText("代码已被占用");
        browser.byLabel("设备代码").clear();
        browser.byLabel("设备代码").sendKeys("bad code");
        browser.byLabel("设备名称").sendKeys("x");
        browser.button("添加设备").click();
        browser.waitForText("输入有误：code must be");
        browser.screenshot(SCREENSHOTS.resolve("topology-zh.png"));
        assertThat(browser.driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();

        browser.link("一分厂").click();
        browser.waiting().until(d -> browser.path().startsWith("/plants/"));
        browser.waitForText(HOSTILE);
        assertThat(browser.driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();

        browser.button("English").click();
        browser.go("/settings/topology");
        browser.waitForText("Lines and machines");
        browser.waitForText("Add machine");
        browser.waitForText("Press");
        browser.screenshot(SCREENSHOTS.resolve("topology-en.png"));
    }

    @Test
    void aManagerRetiresAMachineAfterAConfirmAndTheAdminFormsSpeakEnglish() {
        loginEn("acme-manager");
        browser.go("/settings/topology");
        browser.waitForText("Lines and machines");
        browser.button("Retire").click();
        String question = browser.driver.switchTo().alert().getText();
        assertThat(question).contains("history and OEE stay readable");
        browser.driver.switchTo().alert().accept();
        browser.waitForText("Saved.");
        browser.reset();
        loginEn("admin");
        browser.waitForPath("/admin");
        browser.waitForText("New enterprise");
        browser.waitForText("Plant code");
        assertThat(((JavascriptExecutor) browser.driver)
                        .executeScript("return document.querySelectorAll('label').length"))
                .isNotEqualTo(0L);
    }
}
