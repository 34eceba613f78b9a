package org.tiangong.api.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;

/**
 * The upgrade API end to end: ACME's manager fills in the registry, ledger, a project and monthly figures (CSV and
 * XLSX, good and bad files); the bureau reads the ranking, the overview and their exports and can change nothing.
 * Now is 2026-11-28 12:00 UTC; TestPlatform's machines sent data during the last hour.
 */
class UpgradeApiTest {

    static TestPlatform platform;
    static String acme;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(
                ApiSettings.defaults(), Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        acme = "/api/v1/enterprises/" + platform.acme.enterpriseId();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static final String MANAGER = "acme-manager";

    @Test
    void aManagerKeepsItsRegistryLedgerProjectsAndFiguresAndTheBureauReadsThem() throws Exception {
        // registry: the credit code's check character is verified
        var bad = platform.send(MANAGER, HttpMethod.PUT, acme + "/registry", registry("913307820000000015"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().getString("detail")).contains("check character").contains("expected 4");
        var ok = platform.send(MANAGER, HttpMethod.PUT, acme + "/registry", registry("913307820000000014"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().getString("town")).isEqualTo("城关镇");
        // the same code for another enterprise is a conflict
        assertThat(platform.send(
                                "rival-manager",
                                HttpMethod.PUT,
                                "/api/v1/enterprises/" + platform.rival.enterpriseId() + "/registry",
                                registry("913307820000000014"))
                        .status())
                .isEqualTo(409);

        // ledger: the CNC (networked, sent data in the last hour) and an old lathe (not networked, key process, not NC)
        assertThat(platform.send(
                                MANAGER,
                                HttpMethod.POST,
                                acme + "/assets",
                                asset(
                                        "CNC-01",
                                        true,
                                        true,
                                        platform.acme.cncId().toString()))
                        .status())
                .isEqualTo(201);
        assertThat(platform.send(MANAGER, HttpMethod.POST, acme + "/assets", asset("LATHE-7", false, true, null))
                        .status())
                .isEqualTo(201);
        var foreign = platform.send(
                MANAGER,
                HttpMethod.POST,
                acme + "/assets",
                asset("X-1", true, true, platform.rival.cncId().toString()));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(platform.send(MANAGER, HttpMethod.POST, acme + "/assets", asset("CNC-01", true, true, null))
                        .status())
                .isEqualTo(409);

        // a project through its lifecycle, each change dated and attributed
        var created = platform.send(
                MANAGER,
                HttpMethod.POST,
                acme + "/projects",
                new JsonObject()
                        .put("name", "数字化车间 digital workshop")
                        .put("vendor", "示例集成商")
                        .put("investmentWan", 320.5)
                        .put("subsidyAppliedWan", 64)
                        .put("baselineFrom", "2026-06-01")
                        .put("baselineTo", "2026-06-30"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String project = acme + "/projects/" + created.json().getString("id");
        var jump = platform.send(MANAGER, HttpMethod.PATCH, project, new JsonObject().put("status", "accepted"));
        assertThat(jump.status()).isEqualTo(409);
        var started = platform.send(
                MANAGER,
                HttpMethod.PATCH,
                project,
                new JsonObject().put("status", "in_progress").put("actualStart", "2026-09-01"));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        var done = platform.send(
                MANAGER,
                HttpMethod.PATCH,
                project,
                new JsonObject().put("status", "completed").put("actualEnd", "2026-11-20"));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonArray history = done.json().getJsonArray("history");
        assertThat(history).hasSize(3);
        assertThat(history.getJsonObject(1).getString("toStatus")).isEqualTo("in_progress");
        assertThat(history.getJsonObject(1).getString("actorName")).isEqualTo(MANAGER);
        assertThat(done.json().getString("actualStart")).isEqualTo("2026-09-01");
        // completing before it started is refused
        assertThat(platform.send(MANAGER, HttpMethod.PATCH, project, new JsonObject().put("actualEnd", "2026-08-01"))
                        .status())
                .isEqualTo(400);

        // monthly figures: a good CSV (UTF-8 with BOM, Chinese headers)
        String goodCsv =
                "\uFEFF月份,工业总产值(万元),从业人员(人),综合能耗(吨标准煤)\r\n2026-06,1200,100,60\r\n2026年11月,1500.50,100,54.2\r\n";
        var imported = upload(goodCsv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().getInteger("imported")).isEqualTo(2);

        // a bad CSV: two bad rows are named with their numbers, and its good row is not imported either
        String badCsv =
                "month,output_value_wan,employees,energy_tce\n2026-07,1300,100,61\n2026-08,1250,abc,58\n2027-01,1000,90,50\n";
        var rejected = upload(badCsv.getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.json().getString("detail"))
                .contains("row 3: 从业人员 employees must be a whole number > 0, got 'abc'")
                .contains("row 4: month 2027-01 is in the future")
                .contains("nothing was imported")
                .doesNotContain("row 2");
        assertThat(months()).containsExactly("2026-06", "2026-11");

        // XLSX: a good workbook (a date cell for the month), then a bad one (negative energy in row 3)
        var xlsx = upload(workbook(new Object[][] {
            {"月份 month", "工业总产值 output_value_wan", "从业人员 employees", "综合能耗 energy_tce"},
            {java.time.LocalDate.of(2026, 9, 1), 1400.0, 98.0, 57.5},
            {"2026-10", 1450.0, 99.0, 56.0}
        }));
        assertThat(xlsx.status()).as(xlsx.toString()).isEqualTo(200);
        var badXlsx = upload(workbook(
                new Object[][] {{"月份", "产值", "人数", "能耗"}, {"2026-07", 1.0, 1.0, 1.0}, {"2026-08", 1.0, 1.0, -3.0}}));
        assertThat(badXlsx.status()).isEqualTo(400);
        assertThat(badXlsx.json().getString("detail")).contains("row 3: 综合能耗 energy (tce) must be a number ≥ 0");
        assertThat(months()).containsExactly("2026-06", "2026-09", "2026-10", "2026-11");
        assertThat(upload("not,a,figures,file\n1,2,3,4\n".getBytes(StandardCharsets.UTF_8))
                        .json()
                        .getString("detail"))
                .contains("missing column");
        assertThat(upload(new byte[] {'P', 'K', 3, 4, 1, 2, 3}).json().getString("detail"))
                .contains("XLSX file cannot be read");

        // the enterprise's upgrade view: 1 of 2 production assets online (设备联网率 0.5), NC 1/2, key-process NC 1/2
        JsonObject up = platform.get("bureau", acme + "/upgrade").json();
        assertThat(up.getString("stage")).isEqualTo("completed");
        JsonObject ind = up.getJsonObject("indicators");
        assertThat(ind.getDouble("networkedRate")).isEqualTo(0.5);
        assertThat(ind.getDouble("numericalControlRate")).isEqualTo(0.5);
        assertThat(ind.getDouble("keyProcessNcRate")).isEqualTo(0.5);
        JsonObject ba = up.getJsonArray("projects").getJsonObject(0).getJsonObject("beforeAfter");
        assertThat(ba.getString("basis")).isEqualTo("after_completion");
        // June has no telemetry: OEE before is no data (null), not 0 %; reported figures exist for June and November
        assertThat(ba.getJsonObject("baseline").getJsonObject("telemetry").getString("status"))
                .isEqualTo("no_data");
        JsonObject oee = ba.getJsonArray("changes").getJsonObject(0);
        assertThat(oee.getString("key")).isEqualTo("oee");
        assertThat(oee.getValue("before")).isNull();
        assertThat(oee.getString("status")).isEqualTo("no_data");
        JsonObject perEmployee = ba.getJsonArray("changes").getJsonObject(4);
        assertThat(perEmployee.getDouble("before")).isEqualTo(12.0);
        assertThat(perEmployee.getDouble("after")).isEqualTo(15.005);

        // the bureau's ranking: RIVAL has no ledger (null rates, sorted last), ACME first
        JsonArray ranking = platform.get("bureau", "/api/v1/bureau/enterprises?sort=-networkedRate")
                .array();
        assertThat(ranking).hasSize(2);
        assertThat(ranking.getJsonObject(0).getString("code")).isEqualTo("ACME");
        assertThat(ranking.getJsonObject(1).getValue("networkedRate")).isNull();
        assertThat(platform.get(
                                "bureau",
                                "/api/v1/bureau/enterprises?filter=stage:completed,town:%E5%9F%8E%E5%85%B3%E9%95%87")
                        .array())
                .singleElement()
                .satisfies(r ->
                        assertThat(((JsonObject) r).getString("creditCode")).isEqualTo("913307820000000014"));
        assertThat(platform.get("bureau", "/api/v1/bureau/enterprises?sort=nope")
                        .status())
                .isEqualTo(400);
        JsonObject overview = platform.get("bureau", "/api/v1/bureau/overview").json();
        assertThat(overview.getJsonObject("county").getInteger("assets")).isEqualTo(2);
        assertThat(overview.getJsonObject("county").getInteger("enterprisesWithoutLedger"))
                .isEqualTo(1);
        assertThat(overview.getJsonObject("county").getJsonObject("stages").getInteger("completed"))
                .isEqualTo(1);

        // exports: CSV with a BOM and Chinese headers, XLSX with the same rows
        var csv = platform.get("bureau", "/api/v1/bureau/enterprises/export?format=csv&sort=code");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFF企业ID enterprise id,企业代码 code,企业名称 name,统一社会信用代码 credit code");
        assertThat(csv.body()).contains("设备联网率 networked rate").contains("913307820000000014");
        try (Workbook wb =
                new XSSFWorkbook(new ByteArrayInputStream(download("/api/v1/bureau/overview/export?format=xlsx")))) {
            Sheet s = wb.getSheetAt(0);
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("区域 area");
            assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("全县 county");
            assertThat(s.getRow(1).getCell(10).getNumericCellValue()).isEqualTo(0.5); // networked rate, shown as 50.0%
        }

        // the bureau writes nothing
        String before = platform.fingerprint();
        assertThat(platform.send("bureau", HttpMethod.PUT, acme + "/registry", registry("913307820000000014"))
                        .status())
                .isEqualTo(403);
        assertThat(platform.send("bureau", HttpMethod.PATCH, project, new JsonObject().put("status", "accepted"))
                        .status())
                .isEqualTo(403);
        assertThat(platform.send("bureau", HttpMethod.POST, acme + "/assets", asset("B-1", true, true, null))
                        .status())
                .isEqualTo(403);
        assertThat(platform.http
                        .send(
                                HttpMethod.POST,
                                acme + "/monthly-figures/import",
                                "Bearer " + platform.token("bureau"),
                                Buffer.buffer(goodCsv))
                        .status())
                .isEqualTo(403);
        assertThat(platform.fingerprint()).isEqualTo(before);
        // and the other manager sees none of it
        assertThat(platform.get("rival-manager", acme + "/upgrade").status()).isEqualTo(404);
        assertThat(platform.get("rival-manager", "/api/v1/bureau/enterprises").status())
                .isEqualTo(403);
    }

    static JsonObject registry(String code) {
        return new JsonObject()
                .put("creditCode", code)
                .put("name", "测试企业 ACME")
                .put("town", "城关镇")
                .put("segment", "紧固件 fasteners")
                .put("aboveScale", true)
                .put("contactName", "张三")
                .put("contactPhone", "0571-8888 8888");
    }

    static JsonObject asset(String code, boolean nc, boolean key, String machine) {
        return new JsonObject()
                .put("plantId", platform.acme.plantId().toString())
                .put("code", code)
                .put("name", code)
                .put("kind", nc ? "数控车床 CNC lathe" : "普通车床 lathe")
                .put("numericalControl", nc)
                .put("keyProcess", key)
                .put("commissionedYear", 2015)
                .put("machineId", machine);
    }

    static org.tiangong.api.HttpTestClient.Response upload(byte[] file) {
        return platform.http.send(
                HttpMethod.POST,
                acme + "/monthly-figures/import",
                "Bearer " + platform.token(MANAGER),
                Buffer.buffer(file));
    }

    static java.util.List<String> months() {
        return platform.get(MANAGER, acme + "/monthly-figures").array().stream()
                .map(o -> ((JsonObject) o).getString("month"))
                .toList();
    }

    static byte[] workbook(Object[][] rows) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("月报");
            var dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm"));
            for (int r = 0; r < rows.length; r++) {
                Row row = s.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    Object v = rows[r][c];
                    var cell = row.createCell(c);
                    if (v instanceof Double d) cell.setCellValue(d);
                    else if (v instanceof java.time.LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(dateStyle);
                    } else cell.setCellValue(v.toString());
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    static byte[] download(String path) throws Exception {
        WebClient client = WebClient.create(platform.vertx);
        try {
            var r = client.get(platform.server.port(), "localhost", path)
                    .putHeader("Authorization", "Bearer " + platform.token("bureau"))
                    .send()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("content-type")).startsWith("application/vnd.openxmlformats");
            assertThat(r.getHeader("content-disposition")).contains("filename*=UTF-8''");
            return r.bodyAsBuffer().getBytes();
        } finally {
            client.close();
        }
    }
}
