package org.tiangong.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sends SQL-injection strings, huge numbers, bad UUIDs, bad dates, empty, malformed, deeply nested and oversized
 * bodies to every endpoint, as the most powerful role and as a plant manager. Nothing may answer 5xx, every refusal
 * is JSON, and the database is unchanged afterwards.
 */
class HostileInputTest {

    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(
                new ApiSettings(Duration.ofHours(8), 1000, 100_000, Duration.ofMinutes(15)), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static final List<String> BAD_IDS = List.of(
            "'; DROP TABLE machine; --",
            "1 OR 1=1",
            "00000000-0000-0000-0000-00000000000g",
            "99999999999999999999999999",
            "-1",
            "NaN",
            "null",
            "../../etc/passwd",
            "%00",
            "机床",
            "a".repeat(3000),
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff");

    static final List<String> BAD_QUERIES = List.of(
            "from=2026-13-45T99:99:99Z",
            "to=99999-01-01T00:00:00Z",
            "from=-1",
            "to=1e308",
            "bucket=1e308",
            "bucket=-5m",
            "bucket=9999999999999999999999d",
            "from='; SELECT pg_sleep(10);--",
            "limit=99999999999999999999",
            "limit=-1",
            "limit=abc",
            "sort=-'; DROP TABLE enterprise;--",
            "sort=" + "x".repeat(500),
            "format=xls'--",
            "filter=stage:done'--",
            "filter=town:" + "镇".repeat(400),
            "filter=aboveScale:maybe,q:%",
            "filter=:",
            "filter=q",
            "granularity=week'--",
            "microStopSeconds=-5",
            "microStopSeconds=99999999999999999999",
            "granularity=" + "x".repeat(500),
            "action=login'; DELETE FROM audit_log;--",
            "from=" + "9".repeat(2000),
            "from=2026-11-28T00:00:00Z&from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");

    static final List<String> BAD_BODIES = List.of(
            "",
            "null",
            "[]",
            "\"a string\"",
            "42",
            "{",
            "{\"a\":",
            "{}",
            "{\"username\": {\"$gt\": \"\"}, \"password\": [1, 2]}",
            "{\"username\": 1e308, \"password\": -99999999999999999999999999999}",
            "{\"username\": \"admin' --\", \"password\": \"' OR '1'='1\", \"currentPassword\": \"' OR 1=1 --\", \"newPassword\": \"short\"}",
            "{\"vendorId\": \"'; DROP TABLE device_grant;--\", \"machineId\": \"1 OR 1=1\"}",
            "{\"vendorId\": 99999999999999999999, \"machineId\": true}",
            "{\"username\": \"x'; DROP TABLE app_user;--\", \"displayName\": \"x\", \"role\": \"admin'--\", \"password\": \"long-enough-password\"}",
            "{\"username\": \"okname\", \"displayName\": \"x\", \"role\": \"plant_manager\", \"enterpriseId\": \"'; DELETE FROM enterprise;--\", \"password\": \"long-enough-password\"}",
            "{\"name\": 12345, \"expiresAt\": \"2026-02-30T25:00:00Z\"}",
            "{\"name\": [\"'; DROP TABLE vendor_org;--\"]}",
            "{\"shifts\": [{\"name\": \"x\", \"start\": \"25:00\", \"end\": \"08:00\"}], \"holidays\": [\"2027-02-30\"]}",
            "{\"shifts\": [{\"name\": \"a\", \"start\": \"08:00\", \"end\": \"16:00\"}, {\"name\": \"b\", \"start\": \"12:00\", \"end\": \"20:00\"}]}",
            "{\"shifts\": \"'; DELETE FROM plant_shift;--\", \"breaks\": 5}",
            "{\"username\": \"adm\\u0000in\", \"password\": \"x\\u0000\", \"name\": \"v\\u0000\", \"displayName\": \"d\\u0000\", \"reason\": \"r\\u0000\", \"role\": \"bureau\"}",
            "{\"shifts\": [{\"name\": \"a\", \"start\": \"08:00\", \"end\": \"16:00\"}, {\"name\": \"a\", \"start\": \"16:00\", \"end\": \"23:00\"}], \"breaks\": [{\"start\": \"10:00\", \"end\": \"10:10\"}, {\"start\": \"10:00\", \"end\": \"10:20\"}]}",
            "{\"from\": \"-10000-01-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\", \"reason\": \"x\", \"expiresAt\": \"-10000-01-01T00:00:00Z\"}",
            "{\"from\": \"2027-01-01T12:00:00Z\", \"to\": \"2026-01-01T12:00:00Z\", \"reason\": \"x\"}",
            "{\"displayName\": 1e400, \"disabled\": \"yes\", \"role\": null, \"enterpriseId\": 7}",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
            "{\"enterpriseId\": \"'; DROP TABLE opcua_endpoint;--\", \"url\": \"http://evil\", \"auth\": \"root\"}",
            "{\"url\": \"opc.tcp://127.0.0.1:1/x\", \"securityPolicy\": \"Basic128Rsa15\", \"securityMode\": \"Invalid\", \"auth\": {\"type\": \"username\", \"password\": [1]}}",
            "{\"entries\": [{\"signal\": \"state'; --\", \"endpointId\": \"x\", \"nodeId\": \"ns=0;i=85\", \"scale\": 1e400, \"valueMap\": {\"a\": \"b\"}}], \"node\": 5}",
            "{\"entries\": 7, \"machineId\": \"1 OR 1=1\", \"endpointId\": null, \"rootNode\": \"\\u0000\"}",
            "{\"name\": \"" + "x".repeat(300 * 1024) + "\"}");

    /** Every route, with {id} placeholders where path parameters go. */
    static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/health"},
            new String[] {"POST", "/api/v1/auth/login"},
            // h1-hardening (logout-all is left out: it would end the sweep's own sessions)
            new String[] {"GET", "/api/v1/enterprises/{id}/endpoint-targets"},
            new String[] {"PUT", "/api/v1/enterprises/{id}/endpoint-targets"},
            new String[] {"GET", "/api/v1/auth/me"},
            new String[] {"POST", "/api/v1/auth/password"},
            new String[] {"GET", "/api/v1/users"},
            new String[] {"POST", "/api/v1/users"},
            new String[] {"GET", "/api/v1/users/{id}"},
            new String[] {"PATCH", "/api/v1/users/{id}"},
            new String[] {"GET", "/api/v1/api-keys"},
            new String[] {"POST", "/api/v1/api-keys"},
            new String[] {"DELETE", "/api/v1/api-keys/{id}"},
            new String[] {"GET", "/api/v1/vendors"},
            new String[] {"POST", "/api/v1/vendors"},
            new String[] {"GET", "/api/v1/enterprises/{id}/grants"},
            new String[] {"POST", "/api/v1/enterprises/{id}/grants"},
            new String[] {"DELETE", "/api/v1/enterprises/{id}/grants/{id}/{id}"},
            new String[] {"GET", "/api/v1/audit"},
            new String[] {"GET", "/api/v1/enterprises"},
            new String[] {"GET", "/api/v1/enterprises/{id}/plants"},
            new String[] {"GET", "/api/v1/plants/{id}/lines"},
            new String[] {"GET", "/api/v1/lines/{id}/machines"},
            new String[] {"GET", "/api/v1/machines/{id}"},
            new String[] {"GET", "/api/v1/machines/{id}/signals/{id}/series"},
            new String[] {"GET", "/api/v1/machines/{id}/utilization"},
            new String[] {"GET", "/api/v1/machines/{id}/counter-events"},
            new String[] {"PUT", "/api/v1/machines/{id}/signals/{id}/counter-limit"},
            new String[] {"GET", "/api/v1/machines/{id}/oee"},
            new String[] {"GET", "/api/v1/lines/{id}/oee"},
            new String[] {"GET", "/api/v1/plants/{id}/oee"},
            new String[] {"GET", "/api/v1/enterprises/{id}/oee"},
            new String[] {"GET", "/api/v1/machines/{id}/downtime"},
            new String[] {"GET", "/api/v1/lines/{id}/downtime"},
            new String[] {"GET", "/api/v1/plants/{id}/energy"},
            new String[] {"GET", "/api/v1/enterprises/{id}/energy"},
            new String[] {"GET", "/api/v1/lines/{id}/status"},
            new String[] {"GET", "/api/v1/plants/{id}/calendar"},
            new String[] {"GET", "/api/v1/downtime-reasons"},
            new String[] {"PUT", "/api/v1/downtime-reasons/{id}"},
            new String[] {"PUT", "/api/v1/plants/{id}/calendar"},
            new String[] {"POST", "/api/v1/plants/{id}/planned-stops"},
            new String[] {"GET", "/api/v1/lines/{id}/calendar"},
            new String[] {"PUT", "/api/v1/lines/{id}/calendar"},
            new String[] {"GET", "/api/v1/machines/{id}/calendar"},
            new String[] {"PUT", "/api/v1/machines/{id}/calendar"},
            new String[] {"DELETE", "/api/v1/plants/{id}/planned-stops/{id}"},
            new String[] {"GET", "/api/v1/endpoints"},
            new String[] {"POST", "/api/v1/endpoints"},
            new String[] {"GET", "/api/v1/endpoints/{id}"},
            new String[] {"DELETE", "/api/v1/endpoints/{id}"},
            new String[] {"POST", "/api/v1/endpoints/{id}/test"},
            new String[] {"GET", "/api/v1/endpoints/{id}/browse"},
            new String[] {"POST", "/api/v1/endpoints/{id}/automap"},
            new String[] {"GET", "/api/v1/machines/{id}/mapping"},
            new String[] {"PUT", "/api/v1/machines/{id}/mapping"},
            new String[] {"GET", "/api/v1/templates"},
            new String[] {"POST", "/api/v1/templates"},
            new String[] {"POST", "/api/v1/templates/{id}/apply"},
            new String[] {"GET", "/api/v1/pki/certificate"},
            new String[] {"GET", "/api/v1/pki/rejected"},
            new String[] {"POST", "/api/v1/pki/rejected/{id}/trust"},
            new String[] {"GET", "/api/v1/bureau/overview"},
            new String[] {"GET", "/api/v1/bureau/overview/export"},
            new String[] {"GET", "/api/v1/bureau/enterprises"},
            new String[] {"GET", "/api/v1/bureau/enterprises/export"},
            new String[] {"GET", "/api/v1/bureau/programme"},
            new String[] {"PUT", "/api/v1/bureau/programme"},
            new String[] {"GET", "/api/v1/enterprises/{id}/upgrade"},
            new String[] {"GET", "/api/v1/enterprises/{id}/registry"},
            new String[] {"PUT", "/api/v1/enterprises/{id}/registry"},
            new String[] {"GET", "/api/v1/enterprises/{id}/assets"},
            new String[] {"POST", "/api/v1/enterprises/{id}/assets"},
            new String[] {"PUT", "/api/v1/enterprises/{id}/assets/{id}"},
            new String[] {"DELETE", "/api/v1/enterprises/{id}/assets/{id}"},
            new String[] {"GET", "/api/v1/enterprises/{id}/projects"},
            new String[] {"POST", "/api/v1/enterprises/{id}/projects"},
            new String[] {"PATCH", "/api/v1/enterprises/{id}/projects/{id}"},
            new String[] {"GET", "/api/v1/enterprises/{id}/monthly-figures"},
            new String[] {"POST", "/api/v1/enterprises/{id}/monthly-figures/import"},
            // h2-onboarding: the topology and ideal cycle times
            new String[] {"POST", "/api/v1/enterprises"},
            new String[] {"PATCH", "/api/v1/enterprises/{id}"},
            new String[] {"POST", "/api/v1/enterprises/{id}/plants"},
            new String[] {"PATCH", "/api/v1/plants/{id}"},
            new String[] {"POST", "/api/v1/plants/{id}/lines"},
            new String[] {"PATCH", "/api/v1/lines/{id}"},
            new String[] {"POST", "/api/v1/lines/{id}/machines"},
            new String[] {"PATCH", "/api/v1/machines/{id}"},
            new String[] {"DELETE", "/api/v1/machines/{id}"},
            new String[] {"GET", "/api/v1/machines/{id}/ideal-cycle-times"},
            new String[] {"POST", "/api/v1/machines/{id}/ideal-cycle-times"},
            new String[] {"PATCH", "/api/v1/endpoints/{id}"},

            // h3-web: stops and their classification, the live board stream
            new String[] {"GET", "/api/v1/machines/{id}/stops"},
            new String[] {"GET", "/api/v1/machines/{id}/state-intervals"},
            new String[] {"PUT", "/api/v1/machines/{id}/stops/{id}/reason"},
            new String[] {"GET", "/api/v1/lines/{id}/board/stream"});
    // Not fuzzed here because they act without input: POST /auth/logout (revokes the caller's own token) and
    // POST /auth/keys/rotate (adds a signing key); AuthTest covers both.

    @Test
    void hostileInputNeverCausesA5xxAndChangesNothing() throws Exception {
        String before = platform.fingerprint();
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (String user : List.of("admin", "acme-manager")) {
            String auth = "Bearer " + platform.token(user);
            for (String[] route : ROUTES) {
                HttpMethod method = HttpMethod.valueOf(route[0]);
                String template = route[1];
                String validIds =
                        template.replace("{id}", platform.acme.enterpriseId().toString());
                // hostile path parameters
                if (template.contains("{id}")) {
                    for (String bad : BAD_IDS) {
                        String path = template.replace(
                                "{id}",
                                URLEncoder.encode(bad, StandardCharsets.UTF_8).replace("+", "%20"));
                        requests++;
                        check(failures, user, method, path, platform.http.send(method, path, auth, body(method, "{}")));
                    }
                }
                // hostile query strings
                for (String q : BAD_QUERIES) {
                    String path = validIds + "?" + encodeQuery(q);
                    requests++;
                    check(failures, user, method, path, platform.http.send(method, path, auth, body(method, "{}")));
                }
                // hostile bodies
                if (method != HttpMethod.GET) {
                    for (String b : BAD_BODIES) {
                        requests++;
                        var r = platform.http.send(method, validIds, auth, Buffer.buffer(b));
                        check(
                                failures,
                                user,
                                method,
                                validIds + " body=" + b.substring(0, Math.min(60, b.length())),
                                r);
                    }
                }
            }
        }
        assertThat(failures).as("of " + requests + " hostile requests").isEmpty();
        assertThat(platform.fingerprint()).isEqualTo(before);
        assertThat(platform.http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void freeTextIsStoredVerbatimNeverExecuted() {
        String evil = "Robert'); DROP TABLE vendor_org;-- 设备";
        var r = platform.send("admin", HttpMethod.POST, "/api/v1/vendors", new JsonObject().put("name", evil));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getString("name")).isEqualTo(evil);
        assertThat(platform.get("admin", "/api/v1/vendors").body()).contains("DROP TABLE vendor_org");
    }

    // --- h1-hardening (issue 11) ---

    /** A raw HTTP exchange over a plain socket: what the server answers to bytes no well-behaved client sends. */
    static String raw(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", platform.server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            // the head, then as many bytes as Content-Length says (the connection may stay open)
            var in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return head.toString();
                head.append((char) b);
            }
            var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(head);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    @Test
    void formulasTypedIntoFreeTextAreNeutralisedInCsvExports() throws Exception {
        String code17 = "91330782000000002";
        String code = code17 + org.tiangong.analytics.upgrade.CreditCode.checkCharacter(code17);
        String name = "=HYPERLINK(\"http://127.0.0.1/x?\"&B3,\"JH\")";
        String town = "+cmd|' /C calc'!A0";
        String segment = "@SUM(1+1)*cmd|' /C calc'!A0";
        var put = platform.send(
                "rival-manager",
                HttpMethod.PUT,
                "/api/v1/enterprises/" + platform.rival.enterpriseId() + "/registry",
                new JsonObject()
                        .put("creditCode", code)
                        .put("name", name)
                        .put("town", town)
                        .put("segment", segment)
                        .put("aboveScale", true)
                        .put("contactName", "-2+3")
                        .put("contactPhone", "0571-1"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        for (String export :
                List.of("/api/v1/bureau/enterprises/export?format=csv", "/api/v1/bureau/overview/export?format=csv")) {
            var csv = platform.get("bureau", export);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body()).contains("'" + town);
            var records = org.apache.commons.csv.CSVFormat.DEFAULT
                    .parse(new java.io.StringReader(csv.body().replace("\uFEFF", "")))
                    .getRecords();
            for (var record : records) {
                for (String cell : record) {
                    if (cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0) continue;
                    assertThat(cell)
                            .as(export + ": a cell a spreadsheet would run")
                            .matches("-?[0-9.E-]+");
                }
            }
            if (export.contains("enterprises")) {
                assertThat(csv.body()).contains("'" + segment).contains("'=HYPERLINK(");
            }
        }
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        var client = io.vertx.ext.web.client.WebClient.create(platform.vertx);
        try {
            String token = "Bearer " + platform.token("admin");
            for (String path : List.of(
                    "/health",
                    "/api/v1/enterprises",
                    "/api/v1/nothing-here",
                    "/api/v1/bureau/enterprises/export?format=csv",
                    "/assets/app.js")) {
                var r = client.get(platform.server.port(), "127.0.0.1", path)
                        .putHeader("Authorization", token)
                        .send()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.getHeader("Content-Security-Policy"))
                        .as(path)
                        .isEqualTo("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                                + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
                assertThat(r.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
                assertThat(r.getHeader("Referrer-Policy")).as(path).isEqualTo("no-referrer");
                if (path.startsWith("/assets/"))
                    assertThat(r.getHeader("Cache-Control")).as(path).isNull();
                else assertThat(r.getHeader("Cache-Control")).as(path).isEqualTo("no-store");
                assertThat(r.getHeader("Strict-Transport-Security"))
                        .as("no HSTS over plain HTTP")
                        .isNull();
            }
        } finally {
            client.close();
        }
    }

    @Test
    void aRequestWithoutHostIs400AndH2cIsNotSpoken() throws Exception {
        String noHost = raw("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(noHost)
                .startsWith("HTTP/1.1 400")
                .contains("\"error\":\"bad_request\"")
                .contains("Host header");
        String upgrade = raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertThat(upgrade).startsWith("HTTP/1.1 200").doesNotContain("101 Switching Protocols");
    }

    @Test
    void halfSentRequestsAndSilentConnectionsAreClosed() throws Exception {
        try (TestPlatform strict = new TestPlatform(
                ApiSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.systemUTC())) {
            List<java.net.Socket> sockets = new ArrayList<>();
            try {
                for (String sent : List.of("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", "")) {
                    java.net.Socket s = new java.net.Socket("127.0.0.1", strict.server.port());
                    s.setSoTimeout(20_000);
                    s.getOutputStream().write(sent.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    sockets.add(s);
                }
                for (java.net.Socket s : sockets) {
                    // the server closes it: the read ends (-1, or a reset) instead of waiting for more (20 s at most)
                    int read;
                    try {
                        read = s.getInputStream().read();
                    } catch (java.net.SocketTimeoutException e) {
                        throw new AssertionError("the server kept a half-sent or silent connection open", e);
                    } catch (java.net.SocketException reset) {
                        read = -1;
                    }
                    assertThat(read).isEqualTo(-1);
                }
            } finally {
                for (java.net.Socket s : sockets) s.close();
            }
            // a complete request on a fresh connection is still answered
            assertThat(strict.http.get("/health").status()).isEqualTo(200);
        }
    }

    private static Buffer body(HttpMethod method, String json) {
        return method == HttpMethod.GET || method == HttpMethod.DELETE ? null : Buffer.buffer(json);
    }

    private static String encodeQuery(String q) {
        StringBuilder sb = new StringBuilder();
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (sb.length() > 0) sb.append('&');
            sb.append(pair, 0, eq + 1).append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static void check(
            List<String> failures, String user, HttpMethod method, String what, HttpTestClient.Response r) {
        String label = user + " " + method + " " + (what.length() > 160 ? what.substring(0, 160) + "…" : what) + " -> "
                + r.status();
        if (r.status() >= 500) {
            failures.add(label + " " + r.body());
            return;
        }
        if (r.status() >= 400) {
            if (r.contentType() == null || !r.contentType().startsWith("application/json")) {
                failures.add(label + " not JSON: " + r.contentType());
                return;
            }
            JsonObject json = r.json();
            if (json.getString("error") == null || json.getString("detail") == null)
                failures.add(label + " no error/detail");
            if (r.body().contains("Exception") || r.body().contains("at org."))
                failures.add(label + " leaks internals: " + r.body());
        }
    }
}
