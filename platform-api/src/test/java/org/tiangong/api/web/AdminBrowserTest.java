package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The admin pages in Chromium: users and roles, vendors and grants, API keys, signing keys, audit log. */
class AdminBrowserTest extends BrowserTestSupport {

    static final String HOSTILE = "<img src=x onerror=\"window.__pwned=1\">Eve";

    @Test
    void adminCreatesDisablesAndResetsAUserWhoseNameIsShownAsText() {
        loginZh("admin");
        browser.waitForPath("/admin");
        browser.waitForText("企业与工厂");
        browser.waitForText("测试企业 ACME");
        browser.link("用户与角色").click();
        browser.waitForPath("/admin/users");
        browser.byLabel("用户名").sendKeys("eve");
        browser.byLabel("姓名").sendKeys(HOSTILE);
        new Select(browser.byLabel("角色")).selectByVisibleText("厂长");
        new Select(browser.byLabel("企业")).selectByVisibleText("测试企业 ACME");
        browser.byLabel("初始密码（至少 10 个字符）").sendKeys("a-long-enough-password");
        browser.button("新建用户").click();
        browser.waitForText("已创建用户 eve");
        browser.waitForText(HOSTILE);
        assertThat(browser.driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.__pwned === undefined"))
                .isEqualTo(true);

        WebElement row = eveRow();
        assertThat(row.getText()).contains("启用").contains("测试企业 ACME");
        row.findElement(By.xpath(".//button[normalize-space()='停用']")).click();
        browser.waiting()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> eveRow().getText().contains("已停用"));
        eveRow().findElement(By.cssSelector("input[type=password]")).sendKeys("another-long-password");
        eveRow().findElement(By.xpath(".//button[normalize-space()='重置密码']")).click();
        browser.waitForText("已重置 eve 的密码");
        browser.screenshot(SCREENSHOTS.resolve("admin-users-zh.png"));

        browser.link("审计日志").click();
        browser.waitForPath("/admin/audit");
        browser.waitForText("user_created");
        browser.waitForText("user_updated");
    }

    @Test
    void adminRotatesTheSigningKeyAndCreatesAnApiKeyInEnglish() {
        loginEn("admin");
        browser.waitForText("Administration");
        browser.button("Rotate the signing key").click();
        browser.waitForText("New signing key:");
        browser.link("API keys").click();
        browser.waitForPath("/api-keys");
        browser.byLabel("Name").sendKeys("collector line 1");
        browser.button("Create API key").click();
        browser.waitForText("shown only once");
        assertThat(browser.driver.findElement(By.cssSelector(".au-key")).getText())
                .startsWith("tgk_");
        browser.waitForText("collector line 1");
        browser.link("Vendors and grants").click();
        browser.waitForText("Vendor X");
        browser.screenshot(SCREENSHOTS.resolve("admin-vendors-en.png"));
    }

    @Test
    void aPlantManagerSeesOnlyTheGrantsOfItsEnterpriseAndNoAdminPage() {
        loginZh("acme-manager");
        browser.link("厂商授权").click();
        browser.waitForPath("/admin/vendors");
        browser.waitForText("测试企业 ACME — 授权");
        assertThat(browser.text()).doesNotContain("测试企业 RIVAL").doesNotContain("新建厂商");
        browser.go("/admin/users");
        browser.waitForText("无权访问");
        browser.go("/admin");
        browser.waitForText("无权访问");
    }

    @Test
    void theBureauAndVendorsCannotSeeTheAdminPages() {
        loginEn("bureau");
        for (String page : new String[] {"/admin", "/admin/users", "/admin/vendors", "/admin/audit"}) {
            browser.go(page);
            browser.waitForText("No access");
        }
        browser.reset();
        loginEn("vendor");
        browser.go("/admin/users");
        browser.waitForText("No access");
    }

    @Test
    void apiDocsShowTheOpenApiDocumentUnderTheStrictCsp() {
        browser.go("/api/docs");
        browser.waitForText("Tiangong 天工 platform API");
        browser.waitForText("/bureau/overview");
        browser.waitForText("/endpoints/{id}/automap");
        assertThat(browser.driver.findElements(By.cssSelector(".opblock")).size())
                .isGreaterThan(50);
        browser.screenshot(SCREENSHOTS.resolve("api-docs.png"));
    }

    private static WebElement eveRow() {
        return browser.waiting()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("table tbody tr")).stream()
                        .filter(tr -> !tr.findElements(By.tagName("td")).isEmpty()
                                && tr.findElements(By.tagName("td"))
                                        .get(0)
                                        .getText()
                                        .equals("eve"))
                        .findFirst()
                        .orElse(null));
    }
}
