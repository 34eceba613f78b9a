package org.tiangong.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;

/** The plant manager's pages in Chromium: both languages, the live board, classifying a stop, tenants, hostile names. */
class PlantManagerPagesTest extends BrowserTestSupport {

    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @BeforeAll
    static void hostileRival() throws Exception {
        // RIVAL's names are markup: its manager must see them as text, and no script may run
        try (Connection c = platform.db.dataSource().getConnection();
                var st = c.createStatement()) {
            st.executeUpdate("UPDATE enterprise SET name = '" + HOSTILE + "' WHERE id = '"
                    + platform.rival.enterpriseId() + "'");
            st.executeUpdate(
                    "UPDATE plant SET name = '" + HOSTILE + " plant' WHERE id = '" + platform.rival.plantId() + "'");
            st.executeUpdate(
                    "UPDATE line SET name = '" + HOSTILE + " line' WHERE id = '" + platform.rival.lineId() + "'");
            st.executeUpdate("UPDATE machine SET name = '" + HOSTILE + "' WHERE id = '" + platform.rival.cncId() + "'");
        }
    }

    static int signal(UUID machine, String name) throws Exception {
        try (Connection c = platform.db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM signal WHERE machine_id = ? AND name = ?")) {
            ps.setObject(1, machine);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("signal " + name).isTrue();
                return rs.getInt(1);
            }
        }
    }

    /** Writes through the platform's telemetry writer, as the collector does. */
    static void write(List<Sample> samples) throws Exception {
        new TelemetryWriter(platform.db.dataSource()).write(samples);
    }

    @Test
    void everyPlantManagerPageRendersInChineseAndInEnglish() {
        loginZh("acme-manager");
        record Page(String path, String zh, String en) {}
        List<Page> pages = List.of(
                new Page("/plants/" + platform.acme.plantId(), "本班 OEE", "Shift OEE"),
                new Page("/lines/" + platform.acme.lineId() + "/board", "安灯看板", "Andon board"),
                new Page("/machines/" + platform.acme.cncId(), "停机帕累托", "Downtime Pareto"),
                new Page("/settings/calendar", "班次日历", "Shift calendar"),
                new Page("/settings/reasons", "停机原因", "Downtime reasons"));
        for (Page p : pages) {
            browser.go(p.path());
            browser.waitForText(p.zh());
            browser.waitForText("更新于");
        }
        browser.button("English").click();
        for (Page p : pages) {
            browser.go(p.path());
            browser.waitForText(p.en());
            assertThat(browser.text()).doesNotContain(p.zh());
        }
        browser.go("/lines/" + platform.acme.lineId() + "/board");
        browser.waitForText("Updated at");
    }

    @Test
    void theBoardFollowsNewTelemetryWithoutReloading() throws Exception {
        loginZh("acme-manager");
        browser.go("/lines/" + platform.acme.lineId() + "/board");
        WebElement tile = browser.waiting()
                .until(d -> d.findElements(By.cssSelector("article.tile[aria-label='CNC-01']")).stream()
                        .findFirst()
                        .orElse(null));
        WebElement stamp = browser.driver.findElement(By.cssSelector(".board-head .updated-at"));
        browser.waiting().until(d -> stamp.getText().startsWith("更新于"));
        ((JavascriptExecutor) browser.driver).executeScript("window.__sameDocument = true");

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int state = signal(platform.acme.cncId(), "state");
        write(List.of(Sample.of(state, now, 4, 0)));
        browser.waiting()
                .withMessage(() -> "the CNC tile never turned to fault: " + tile.getText())
                .until(d -> "fault".equals(tile.getAttribute("data-state"))
                        && tile.getText().contains("故障"));
        String first = stamp.getText();
        browser.waiting().until(d -> !stamp.getText().equals(first)); // the time moves as events arrive

        write(List.of(Sample.of(state, now.plusMillis(500), 2, 0)));
        browser.waiting()
                .until(d -> "running".equals(tile.getAttribute("data-state"))
                        && tile.getText().contains("运行"));
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.__sameDocument"))
                .isEqualTo(true);
    }

    @Test
    void aStopClassifiedOnTheMachinePageCountsInThePareto() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int state = signal(platform.acme.pressId(), "state");
        List<Sample> samples = new ArrayList<>();
        samples.add(Sample.of(state, now.minusSeconds(400), 1, 0)); // idle for five minutes: no alarm names it
        samples.add(Sample.of(state, now.minusSeconds(100), 2, 0));
        write(samples);

        loginZh("acme-manager");
        browser.go("/machines/" + platform.acme.pressId());
        browser.waitForText("停机帕累托");
        assertThat(browser.text()).doesNotContain("等待物料 waiting for material");
        browser.button("停机分类").click();
        WebElement dialog = browser.waiting()
                .until(d -> d.findElements(By.cssSelector("dialog[open]")).stream()
                        .findFirst()
                        .orElse(null));
        browser.waiting().until(d -> !dialog.findElements(By.tagName("select")).isEmpty());
        WebElement item = dialog.findElements(By.cssSelector(".stop-list li")).get(0);
        new Select(item.findElement(By.tagName("select"))).selectByVisibleText("等待物料 waiting for material");
        item.findElement(By.xpath(".//button[normalize-space()='保存']")).click();
        browser.waiting().until(d -> dialog.getText().contains("已保存"));

        browser.go("/machines/" + platform.acme.pressId());
        browser.waitForText("停机帕累托");
        WebElement pareto = browser.waiting()
                .until(d -> d.findElements(By.xpath("//section[h2[normalize-space()='停机帕累托']]//table")).stream()
                        .findFirst()
                        .orElse(null));
        browser.waiting().until(d -> pareto.getText().contains("等待物料 waiting for material"));
        var audit = platform.get("admin", "/api/v1/audit?action=stop_classified");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.array()).hasSize(1);
        assertThat(audit.array().getJsonObject(0).getString("actorName")).isEqualTo("acme-manager");
    }

    @Test
    void anotherEnterprisesBoardAndMachineSayNoAccess() {
        loginZh("acme-manager");
        browser.go("/lines/" + platform.rival.lineId() + "/board");
        browser.waitForText("无权访问");
        browser.go("/machines/" + platform.rival.cncId());
        browser.waitForText("无权访问");
        browser.go("/plants/" + platform.rival.plantId());
        browser.waitForText("无权访问");
        assertThat(browser.text()).doesNotContain(HOSTILE).doesNotContain("RIVAL");
    }

    @Test
    void theBureauMayNotOpenThePlantSettings() {
        loginZh("bureau");
        browser.go("/settings/calendar");
        browser.waitForText("无权访问");
    }

    @Test
    void markupInNamesIsShownAsText() {
        loginZh("rival-manager");
        browser.waitForText(HOSTILE + " plant");
        browser.go("/lines/" + platform.rival.lineId() + "/board");
        browser.waitForText(HOSTILE + " line");
        browser.waitForText(HOSTILE);
        browser.go("/machines/" + platform.rival.cncId());
        browser.waitForText("CNC-01 " + HOSTILE);
        assertThat(browser.driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
    }
}
