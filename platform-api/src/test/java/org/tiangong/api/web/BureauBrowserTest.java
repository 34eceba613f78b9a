package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The bureau's pages on the demo county, in Chromium: overview, ranking, exports, an enterprise, the upload. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BureauBrowserTest extends BureauDemoSupport {

    static final String HOSTILE = "<img src=x onerror=\"window.__pwned=1\">";

    @Test
    @Order(1)
    void bureauLandsOnTheCountyOverviewInChinese() {
        login("bureau", false);
        browser.waitForPath("/bureau");
        browser.waitForText("县域智能化改造概览");
        for (String words :
                List.of("设备联网率", "数控化率", "关键工序数控化率", "三年行动计划进度", "企业改造阶段", "各乡镇设备联网率与数控化率", "乡镇对比", "更新于")) {
            browser.waitForText(words);
        }
        JsonObject county = http.send(HttpMethod.GET, "/api/v1/bureau/overview", token("bureau"), null)
                .json()
                .getJsonObject("county");
        // the town table's first row is the county, with the API's numbers
        WebElement first = browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".bu-scroll table tbody tr")).stream()
                        .findFirst()
                        .orElse(null));
        assertThat(first.getText()).startsWith("全县").contains(String.valueOf(county.getInteger("enterprises")));
        assertThat(browser.driver.findElements(By.cssSelector(".chart canvas")))
                .as("ECharts drew the charts")
                .hasSizeGreaterThanOrEqualTo(4);
        browser.screenshot(DOCS_SCREENSHOTS.resolve("bureau.png"));
        browser.screenshot(SCREENSHOTS.resolve("bureau-zh.png"));
        screenshotAt("#bu-programme", SCREENSHOTS.resolve("bureau-zh-programme.png"));
        screenshotAt("#bu-rates", SCREENSHOTS.resolve("bureau-zh-towns.png"));
    }

    @Test
    @Order(2)
    void overviewAndRankingInEnglishWithSortAndFilter() {
        login("bureau", true);
        browser.waitForText("County smart-manufacturing upgrade");
        browser.waitForText("Networked rate (设备联网率)");
        browser.screenshot(SCREENSHOTS.resolve("bureau-en.png"));
        screenshotAt("#bu-rates", SCREENSHOTS.resolve("bureau-en-towns.png"));
        browser.link("Enterprise ranking").click();
        browser.waitForPath("/bureau/enterprises");
        JsonArray all = http.send(HttpMethod.GET, "/api/v1/bureau/enterprises", token("bureau"), null)
                .array();
        browser.waitForText(all.size() + " enterprises");
        assertThat(rankingRows()).hasSize(all.size());
        browser.screenshot(SCREENSHOTS.resolve("bureau-ranking-en.png"));

        new Select(browser.byLabel("Upgrade stage")).selectByVisibleText("Completed");
        browser.button("Filter").click();
        browser.waiting()
                .until(d -> ((String) ((JavascriptExecutor) d).executeScript("return location.search"))
                        .contains("stage=completed"));
        long completed = all.stream()
                .map(JsonObject.class::cast)
                .filter(r -> "completed".equals(r.getString("stage")))
                .count();
        browser.waitForText(completed + " enterprises");
        assertThat(rankingRows())
                .hasSize((int) completed)
                .allSatisfy(row -> assertThat(row.getText()).contains("Completed"));

        // a click on a header sorts by it; the first row then has the lowest networked rate
        browser.button("Clear").click();
        browser.waitForText(all.size() + " enterprises");
        browser.button("Networked rate (设备联网率)").click();
        String lowest = all.stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getValue("networkedRate") != null)
                .min(java.util.Comparator.comparingDouble(r -> r.getDouble("networkedRate")))
                .orElseThrow()
                .getString("code");
        assertThat(rankingRows().get(0).getText()).startsWith(lowest);
    }

    @Test
    @Order(3)
    void rankingExportsDownloadAsCsvAndXlsxWithEveryEnterprise() throws Exception {
        login("bureau", false);
        browser.go("/bureau/enterprises");
        JsonArray all = http.send(HttpMethod.GET, "/api/v1/bureau/enterprises", token("bureau"), null)
                .array();
        browser.waitForText("共 " + all.size() + " 家企业");

        String csvHref = browser.link("导出 CSV").getAttribute("href");
        byte[] csv = downloadWithSession(csvHref);
        assertThat(csv).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        List<CSVRecord> records = CSVFormat.DEFAULT
                .parse(new StringReader(new String(csv, StandardCharsets.UTF_8).substring(1)))
                .getRecords();
        assertThat(records.get(0).toList()).contains("设备联网率 networked rate");
        assertThat(records).hasSize(all.size() + 1);

        String xlsxHref = browser.link("导出 Excel (XLSX)").getAttribute("href");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(downloadWithSession(xlsxHref)))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isNotBlank();
            assertThat(sheet.getLastRowNum()).isEqualTo(all.size());
        }
    }

    @Test
    @Order(4)
    void eachRoleSeesOnlyItsPages() {
        login("bureau", false);
        browser.go("/admin");
        browser.waitForText("无权访问");
        browser.go("/admin/users");
        browser.waitForText("无权访问");
        assertThat(browser.text()).doesNotContain("系统管理");

        login("vendor", true);
        browser.go("/bureau");
        browser.waitForText("No access");
        browser.go("/bureau/enterprises");
        browser.waitForText("No access");
        assertThat(browser.text()).doesNotContain("County overview");
        browser.screenshot(SCREENSHOTS.resolve("vendor-no-access-en.png"));
    }

    @Test
    @Order(5)
    void enterprisePageShowsLedgerProjectsAndBeforeAfter() {
        login("bureau", false);
        JsonArray all = http.send(HttpMethod.GET, "/api/v1/bureau/enterprises", token("bureau"), null)
                .array();
        JsonObject accepted = all.stream()
                .map(JsonObject.class::cast)
                .filter(r -> "accepted".equals(r.getString("stage")))
                .findFirst()
                .orElseThrow();
        browser.go("/bureau/enterprises");
        browser.link(accepted.getString("name")).click();
        browser.waitForPath("/bureau/enterprises/" + accepted.getString("id"));
        for (String words : List.of("企业登记信息", "设备台账", "改造项目", "改造前后对比", "月度数据", accepted.getString("creditCode")))
            browser.waitForText(words);
        assertThat(browser.text()).doesNotContain("上传月度数据"); // the bureau reads, it does not upload
        browser.screenshot(SCREENSHOTS.resolve("bureau-enterprise-zh.png"));
        screenshotAt("#be-projects", SCREENSHOTS.resolve("bureau-enterprise-projects-zh.png"));
        screenshotAt(".bu-ba", SCREENSHOTS.resolve("bureau-enterprise-before-after-zh.png"));
    }

    /**
     * A before/after measured on part of its planned time says so: beside the ranking's OEE change, and beside each
     * figure of the enterprise's before/after (the county's baselines lie before the short demo history).
     */
    @Test
    @Order(5)
    void rankingAndBeforeAfterShowDataCoverageWhenUnderFullCoverage() {
        JsonArray all = http.send(HttpMethod.GET, "/api/v1/bureau/enterprises", token("bureau"), null)
                .array();
        JsonObject partial = all.stream()
                .map(JsonObject.class::cast)
                .filter(r -> isPartial(r.getValue("dataCoverageBefore")) || isPartial(r.getValue("dataCoverageAfter")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no enterprise with partial data coverage: " + all));
        login("bureau", false);
        browser.go("/bureau/enterprises");
        browser.waitForText("共 " + all.size() + " 家企业");
        WebElement row = rankingRows().stream()
                .filter(tr -> tr.getText().startsWith(partial.getString("code")))
                .findFirst()
                .orElseThrow();
        assertThat(row.getText()).contains("数据覆盖率");
        browser.screenshot(SCREENSHOTS.resolve("bureau-ranking-coverage-zh.png"));
        browser.go("/bureau/enterprises/" + partial.getString("id"));
        browser.waitForText("改造前后对比");
        browser.waitForText("数据覆盖率");
        screenshotAt(".bu-ba", SCREENSHOTS.resolve("bureau-before-after-coverage-zh.png"));
        login("bureau", true);
        browser.go("/bureau/enterprises/" + partial.getString("id"));
        browser.waitForText("Before and after");
        browser.waitForText("data coverage");
        screenshotAt(".bu-ba", SCREENSHOTS.resolve("bureau-before-after-coverage-en.png"));
    }

    static boolean isPartial(Object coverage) {
        return coverage instanceof Number n && n.doubleValue() < 0.9995;
    }

    @Test
    @Order(6)
    void plantManagerUploadsMonthlyFiguresAndSeesEveryBadRow(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        login("manager", false);
        browser.link("智能化改造").click();
        browser.waitForText("上传月度数据");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(
                bad, "月份,工业总产值(万元),从业人员,综合能耗(吨标准煤)\n2026-01,100,abc,10\n2026-02,100,20,10\n2026/13,-5,20,10\n");
        browser.byLabel("选择文件").sendKeys(bad.toAbsolutePath().toString());
        browser.button("上传").click();
        browser.waitForText("文件未导入");
        List<String> rows = browser.driver.findElements(By.cssSelector(".bu-bad-rows li")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(rows)
                .anySatisfy(r -> assertThat(r).startsWith("row 2"))
                .anySatisfy(r -> assertThat(r).startsWith("row 4"))
                .noneSatisfy(r -> assertThat(r).startsWith("row 3"));
        screenshotAt(".bu-upload", SCREENSHOTS.resolve("manager-upload-rejected-zh.png"));

        Path good = dir.resolve("good.csv");
        Files.writeString(good, "month,output_value_wan,employees,energy_tce\n2025-01,321.5,42,12.5\n");
        browser.byLabel("选择文件").sendKeys(good.toAbsolutePath().toString());
        browser.button("上传").click();
        browser.waitForText("已导入 1 个月的数据");
    }

    @Test
    @Order(7)
    void hostileEnterpriseNamesAreShownAsText() {
        String admin = token("admin");
        JsonArray all = http.send(HttpMethod.GET, "/api/v1/bureau/enterprises", admin, null)
                .array();
        JsonObject target = all.getJsonObject(0);
        String id = target.getString("id");
        var r = http.send(
                HttpMethod.PUT,
                "/api/v1/enterprises/" + id + "/registry",
                admin,
                io.vertx.core.buffer.Buffer.buffer(new JsonObject()
                        .put("creditCode", target.getString("creditCode"))
                        .put("name", HOSTILE)
                        .encode()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);

        login("bureau", false);
        browser.go("/bureau/enterprises");
        browser.waitForText(HOSTILE);
        browser.go("/bureau/enterprises/" + id);
        browser.waitForText(HOSTILE);
        assertThat(browser.driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.__pwned === undefined"))
                .isEqualTo(true);
    }

    private static List<WebElement> rankingRows() {
        return browser.driver.findElements(By.cssSelector(".bu-scroll table tbody tr")).stream()
                .filter(tr -> tr.findElements(By.cssSelector("td.empty")).isEmpty())
                .toList();
    }
}
