package org.tiangong.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.HttpTestClient;
import org.tiangong.api.TestPlatform;

/** Login, tokens (expired, malformed, forged, revoked, rotated), API keys, throttling and the audit trail. */
class AuthTest {

    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        // A generous per-address limit: every test request comes from 127.0.0.1.
        platform = new TestPlatform(
                new ApiSettings(Duration.ofHours(8), 5, 1000, Duration.ofMinutes(15)), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static HttpTestClient.Response login(String user, String password) {
        return platform.http.send(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                Buffer.buffer(new JsonObject()
                        .put("username", user)
                        .put("password", password)
                        .encode()));
    }

    static HttpTestClient.Response me(String authorization) {
        return platform.http.send(HttpMethod.GET, "/api/v1/auth/me", authorization, null);
    }

    @Test
    void loginReturnsABearerTokenThatOpensTheApi() {
        var r = login("bureau", TestPlatform.PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getString("tokenType")).isEqualTo("Bearer");
        assertThat(Instant.parse(r.json().getString("expiresAt")))
                .isAfter(Instant.now().plus(Duration.ofHours(7)));
        assertThat(r.json().getJsonObject("user").getString("role")).isEqualTo("bureau");
        assertThat(r.body()).doesNotContain("password");
        var m = me("Bearer " + r.json().getString("token"));
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.json().getString("username")).isEqualTo("bureau");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        var wrong = login("admin", "not-the-password");
        var unknown = login("nobody-here", "not-the-password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().getString("detail")).isEqualTo(unknown.json().getString("detail"));
    }

    @Test
    void everyApiRouteButLoginNeedsAuthentication() {
        for (String path : new String[] {
            "/api/v1/enterprises",
            "/api/v1/auth/me",
            "/api/v1/users",
            "/api/v1/machines/" + platform.acme.cncId(),
            "/api/v1/anything"
        }) {
            var r = platform.http.get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.json().getString("error")).isEqualTo("unauthorized");
        }
        assertThat(platform.http.get("/health").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer ",
                "Bearer abc",
                "Bearer a.b.c",
                "Bearer ....",
                "Basic YWRtaW46YWRtaW4=",
                "Bearer eyJhbGciOiJIUzI1NiJ9.e30.",
                "ApiKey tgk_nothing",
                "ApiKey tgk_0123456789_abcdef",
                "bearer ' OR '1'='1"
            })
    void malformedCredentialsGet401(String authorization) {
        var r = me(authorization);
        assertThat(r.status()).as(authorization).isEqualTo(401);
    }

    @Test
    void expiredForgedAndUnsignedTokensGet401() throws Exception {
        String sub = userId("admin");
        long now = Instant.now().getEpochSecond();
        Key key = currentKey();
        JsonObject valid = claims(sub, now - 60, now + 3600);
        // Control: our own signature with the real key is accepted, so the refusals below are for the reason named.
        assertThat(me("Bearer " + sign(valid, key.kid, key.secret, "HS256")).status())
                .isEqualTo(200);

        JsonObject expired = claims(sub, now - 7200, now - 3600);
        assertThat(me("Bearer " + sign(expired, key.kid, key.secret, "HS256")).status())
                .isEqualTo(401);

        byte[] otherSecret = "an-attacker-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
        assertThat(me("Bearer " + sign(valid, key.kid, otherSecret, "HS256")).status())
                .isEqualTo(401);

        String header =
                b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode());
        assertThat(me("Bearer " + header + "." + b64(valid.encode()) + ".").status())
                .isEqualTo(401);

        JsonObject wrongAudience = valid.copy().put("aud", "someone-else");
        assertThat(me("Bearer " + sign(wrongAudience, key.kid, key.secret, "HS256"))
                        .status())
                .isEqualTo(401);
        JsonObject wrongIssuer = valid.copy().put("iss", "evil");
        assertThat(me("Bearer " + sign(wrongIssuer, key.kid, key.secret, "HS256"))
                        .status())
                .isEqualTo(401);
        JsonObject notYet = valid.copy().put("nbf", now + 3600);
        assertThat(me("Bearer " + sign(notYet, key.kid, key.secret, "HS256")).status())
                .isEqualTo(401);
    }

    @Test
    void aRevokedTokenGets401() {
        String token = login("vendor", TestPlatform.PASSWORD).json().getString("token");
        assertThat(me("Bearer " + token).status()).isEqualTo(200);
        var out = platform.http.send(HttpMethod.POST, "/api/v1/auth/logout", "Bearer " + token, null);
        assertThat(out.status()).isEqualTo(200);
        assertThat(me("Bearer " + token).status()).isEqualTo(401);
    }

    @Test
    void rotatingTheSigningKeyKeepsValidTokensValid() throws Exception {
        String before = login("acme-manager", TestPlatform.PASSWORD).json().getString("token");
        String kidBefore = currentKey().kid;
        var rotated = platform.send("admin", HttpMethod.POST, "/api/v1/auth/keys/rotate", null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().getString("signingKeyId")).isNotEqualTo(kidBefore);
        String after = login("acme-manager", TestPlatform.PASSWORD).json().getString("token");
        assertThat(header(after).getString("kid")).isEqualTo(rotated.json().getString("signingKeyId"));
        assertThat(me("Bearer " + before).status()).isEqualTo(200);
        assertThat(me("Bearer " + after).status()).isEqualTo(200);
        assertThat(platform.send("bureau", HttpMethod.POST, "/api/v1/auth/keys/rotate", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void apiKeysWorkUntilRevokedAndAreStoredOnlyAsHashes() throws Exception {
        var created = platform.send(
                "vendor", HttpMethod.POST, "/api/v1/api-keys", new JsonObject().put("name", "collector on site"));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().getString("key");
        assertThat(key).startsWith("tgk_");
        assertThat(me("ApiKey " + key).json().getString("username")).isEqualTo("vendor");
        assertThat(platform.http
                        .send(HttpMethod.GET, "/api/v1/auth/me", null, null)
                        .status())
                .isEqualTo(401);
        JsonArray listed = platform.get("vendor", "/api/v1/api-keys").array();
        assertThat(listed.encode()).doesNotContain(key.substring(15));
        try (Connection c = platform.db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT encode(secret_hash, 'escape') FROM api_key")) {
            while (rs.next()) assertThat(rs.getString(1)).doesNotContain(key.substring(15));
        }
        // Another user cannot revoke it (it does not exist for them); its owner can.
        String id = created.json().getString("id");
        assertThat(platform.send("bureau", HttpMethod.DELETE, "/api/v1/api-keys/" + id, null)
                        .status())
                .isEqualTo(404);
        assertThat(platform.send("vendor", HttpMethod.DELETE, "/api/v1/api-keys/" + id, null)
                        .status())
                .isEqualTo(200);
        assertThat(me("ApiKey " + key).status()).isEqualTo(401);
    }

    @Test
    void passwordsAreStoredAsArgon2idHashes() throws Exception {
        try (Connection c = platform.db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT password_hash FROM app_user")) {
            while (rs.next()) {
                assertThat(rs.getString(1))
                        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
                        .doesNotContain(TestPlatform.PASSWORD);
            }
        }
    }

    @Test
    void tooManyFailedLoginsForOneUserGet429ForAWhile() {
        for (int i = 0; i < 5; i++)
            assertThat(login("rival-manager", "wrong-" + i).status()).isEqualTo(401);
        var blocked = login("rival-manager", TestPlatform.PASSWORD);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.retryAfter())).isBetween(1L, 15 * 60L);
        assertThat(blocked.json().getString("error")).isEqualTo("too_many_requests");
    }

    @Test
    void parallelGuessesCannotSlipPastTheThrottle() throws Exception {
        var client = io.vertx.ext.web.client.WebClient.create(platform.vertx);
        List<java.util.concurrent.CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(client.post(platform.server.port(), "localhost", "/api/v1/auth/login")
                    .sendJsonObject(
                            new JsonObject().put("username", "ghost-user").put("password", "guess-" + i))
                    .map(r -> r.statusCode())
                    .toCompletionStage()
                    .toCompletableFuture());
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        for (var c : calls) statuses.add(c.get(30, java.util.concurrent.TimeUnit.SECONDS));
        client.close();
        // every attempt is counted when it arrives: at most 5 are judged, the rest are refused at once
        assertThat(statuses.stream().filter(st -> st == 401).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(st -> st == 429).count()).isEqualTo(15);
        // an unknown name is not written to the audit log as typed (it might be a password typed in the wrong field)
        assertThat(platform.get("admin", "/api/v1/audit?action=login_failed&limit=1000")
                        .body())
                .doesNotContain("ghost-user");
    }

    @Test
    void changingThePasswordVoidsTokensIssuedBefore() throws Exception {
        var created = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/users",
                new JsonObject()
                        .put("username", "pw-changer")
                        .put("displayName", "PW")
                        .put("role", "bureau")
                        .put("password", "first-password-1"));
        assertThat(created.status()).isEqualTo(201);
        String old = login("pw-changer", "first-password-1").json().getString("token");
        var change = platform.http.send(
                HttpMethod.POST,
                "/api/v1/auth/password",
                "Bearer " + old,
                Buffer.buffer(new JsonObject()
                        .put("currentPassword", "first-password-1")
                        .put("newPassword", "second-password-2")
                        .encode()));
        assertThat(change.status()).as(change.toString()).isEqualTo(200);
        assertThat(me("Bearer " + old).status()).isEqualTo(401);
        String fresh = login("pw-changer", "second-password-2").json().getString("token");
        assertThat(me("Bearer " + fresh).status()).isEqualTo(200);
    }

    @Test
    void controlCharactersInCredentialsAre400NotAServerError() {
        var r = platform.http.send(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                Buffer.buffer("{\"username\": \"adm\\u0000in\", \"password\": \"x\"}"));
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void tooManyFailedLoginsFromOneAddressGet429() throws Exception {
        try (TestPlatform strict = new TestPlatform(
                new ApiSettings(Duration.ofHours(8), 5, 3, Duration.ofMinutes(15)), Clock.systemUTC())) {
            for (String u : new String[] {"admin", "bureau", "vendor"}) {
                var r = strict.http.send(
                        HttpMethod.POST,
                        "/api/v1/auth/login",
                        null,
                        Buffer.buffer(new JsonObject()
                                .put("username", u)
                                .put("password", "guess")
                                .encode()));
                assertThat(r.status()).isEqualTo(401);
            }
            var r = strict.http.send(
                    HttpMethod.POST,
                    "/api/v1/auth/login",
                    null,
                    Buffer.buffer(new JsonObject()
                            .put("username", "acme-manager")
                            .put("password", TestPlatform.PASSWORD)
                            .encode()));
            assertThat(r.status()).isEqualTo(429);
        }
    }

    @Test
    void loginsFailuresAndUserChangesAreAuditedAndTheTrailCannotBeEdited() throws Exception {
        login("bureau", "wrong-password-x");
        login("bureau", TestPlatform.PASSWORD);
        var created = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/users",
                new JsonObject()
                        .put("username", "audited-user")
                        .put("displayName", "Audited")
                        .put("role", "plant_manager")
                        .put("enterpriseId", platform.acme.enterpriseId().toString())
                        .put("password", "a-long-enough-password"));
        assertThat(created.status()).isEqualTo(201);
        JsonArray trail = platform.get("admin", "/api/v1/audit?limit=1000").array();
        assertThat(trail.stream().map(e -> ((JsonObject) e).getString("action")))
                .contains("login", "login_failed", "user_created");
        assertThat(trail.encode()).doesNotContain("a-long-enough-password").doesNotContain("wrong-password-x");
        try (Connection c = platform.db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("UPDATE audit_log SET action = 'nothing'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM audit_log")).isInstanceOf(SQLException.class);
        }
        assertThat(platform.send("admin", HttpMethod.DELETE, "/api/v1/audit", null)
                        .status())
                .isEqualTo(405);
    }

    @Test
    void adminManagesUsersAndAPlantManagerInvitesAVendor() {
        var dup = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/users",
                new JsonObject()
                        .put("username", "bureau")
                        .put("displayName", "x")
                        .put("role", "bureau")
                        .put("password", "a-long-enough-password"));
        assertThat(dup.status()).isEqualTo(409);
        var unbound = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/users",
                new JsonObject()
                        .put("username", "pm-without")
                        .put("displayName", "x")
                        .put("role", "plant_manager")
                        .put("password", "a-long-enough-password"));
        assertThat(unbound.status()).isEqualTo(400);
        var weak = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/users",
                new JsonObject()
                        .put("username", "weakling")
                        .put("displayName", "x")
                        .put("role", "bureau")
                        .put("password", "short"));
        assertThat(weak.status()).isEqualTo(400);

        // The vendor cannot see ACME's press until ACME's manager grants it.
        String press = platform.acme.pressId().toString();
        assertThat(platform.get("vendor", "/api/v1/machines/" + press).status()).isEqualTo(404);
        var grant = platform.send(
                "acme-manager",
                HttpMethod.POST,
                "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/grants",
                new JsonObject()
                        .put("vendorId", platform.vendorOrgId.toString())
                        .put("machineId", press));
        assertThat(grant.status()).isEqualTo(200);
        assertThat(platform.get("vendor", "/api/v1/machines/" + press).status()).isEqualTo(200);
        var revoke = platform.send(
                "acme-manager",
                HttpMethod.DELETE,
                "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/grants/" + platform.vendorOrgId + "/" + press,
                null);
        assertThat(revoke.status()).isEqualTo(200);
        assertThat(platform.get("vendor", "/api/v1/machines/" + press).status()).isEqualTo(404);
    }

    // --- h1-hardening (issue 11) ---

    static HttpTestClient.Response as(String authorization, HttpMethod method, String path, JsonObject body) {
        return platform.http.send(method, path, authorization, body == null ? null : Buffer.buffer(body.encode()));
    }

    static String newUser(String name, String password) {
        var r = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/users",
                new JsonObject()
                        .put("username", name)
                        .put("displayName", name)
                        .put("role", "bureau")
                        .put("password", password));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().getString("id");
    }

    @Test
    void signingKeysAreSealedAtRestAndTheStoredBytesSignNothing() throws Exception {
        login("bureau", TestPlatform.PASSWORD); // the server has a key by now
        try (Connection c = platform.db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT kid, secret, secret_sealed FROM token_signing_key WHERE retired_at IS NULL")) {
            while (rs.next()) {
                assertThat(rs.getBoolean(3))
                        .as("key %s sealed", rs.getString(1))
                        .isTrue();
                byte[] stored = rs.getBytes(2);
                // an attacker holding only the table signs with what it reads: refused
                String forged = sign(
                        claims(
                                userId("admin"),
                                Instant.now().getEpochSecond(),
                                Instant.now().getEpochSecond() + 600),
                        rs.getString(1),
                        stored,
                        "HS256");
                assertThat(me("Bearer " + forged).status()).isEqualTo(401);
            }
        }
    }

    @Test
    void aStrangerGuessingFromAnotherAddressCannotLockTheOwnerOut() throws Exception {
        newUser("lockout-target", "owner-password-is-long-1");
        var stranger = io.vertx.ext.web.client.WebClient.create(
                platform.vertx, new io.vertx.ext.web.client.WebClientOptions().setLocalAddress("127.0.0.2"));
        List<Integer> statuses = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                statuses.add(stranger.post(platform.server.port(), "127.0.0.1", "/api/v1/auth/login")
                        .sendJsonObject(new JsonObject()
                                .put("username", "lockout-target")
                                .put("password", "guess-" + i))
                        .map(r -> r.statusCode())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            stranger.close();
        }
        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429, 429, 429);
        // the owner, from their own address, logs in at once
        assertThat(login("lockout-target", "owner-password-is-long-1").status()).isEqualTo(200);
    }

    @Test
    void passwordChangesAreThrottledLikeLogins() {
        newUser("pw-guesser", "the-real-password-42");
        String token = login("pw-guesser", "the-real-password-42").json().getString("token");
        for (int i = 0; i < 5; i++) {
            var r = as(
                    "Bearer " + token,
                    HttpMethod.POST,
                    "/api/v1/auth/password",
                    new JsonObject().put("currentPassword", "wrong-" + i).put("newPassword", "a-new-password-77"));
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
        }
        var blocked = as(
                "Bearer " + token,
                HttpMethod.POST,
                "/api/v1/auth/password",
                new JsonObject()
                        .put("currentPassword", "the-real-password-42")
                        .put("newPassword", "a-new-password-77"));
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.retryAfter())).isPositive();
    }

    @Test
    void apiKeysDieWithTheCredentialsAndCannotMakeKeysOrChangePasswords() throws Exception {
        String id = newUser("key-owner", "key-owner-password-1");
        String token = login("key-owner", "key-owner-password-1").json().getString("token");
        var created = as(
                "Bearer " + token,
                HttpMethod.POST,
                "/api/v1/api-keys",
                new JsonObject()
                        .put("name", "scada")
                        .put(
                                "expiresAt",
                                Instant.now().plus(Duration.ofDays(30)).toString()));
        assertThat(created.status()).isEqualTo(201);
        String key = "ApiKey " + created.json().getString("key");
        assertThat(me(key).status()).isEqualTo(200);
        var listed = as("Bearer " + token, HttpMethod.GET, "/api/v1/api-keys", null)
                .array()
                .getJsonObject(0);
        assertThat(listed.getString("lastUsedAt")).isNotNull();
        assertThat(listed.getString("expiresAt")).isNotNull();

        // a key cannot make keys, change the password or log out everywhere
        assertThat(as(key, HttpMethod.POST, "/api/v1/api-keys", new JsonObject().put("name", "child"))
                        .status())
                .isEqualTo(403);
        assertThat(as(
                                key,
                                HttpMethod.POST,
                                "/api/v1/auth/password",
                                new JsonObject()
                                        .put("currentPassword", "key-owner-password-1")
                                        .put("newPassword", "stolen-key-password-9"))
                        .status())
                .isEqualTo(403);
        assertThat(as(key, HttpMethod.POST, "/api/v1/auth/logout-all", null).status())
                .isEqualTo(403);

        // a password change revokes the key
        assertThat(as(
                                "Bearer " + token,
                                HttpMethod.POST,
                                "/api/v1/auth/password",
                                new JsonObject()
                                        .put("currentPassword", "key-owner-password-1")
                                        .put("newPassword", "key-owner-password-2"))
                        .status())
                .isEqualTo(200);
        assertThat(me(key).status()).isEqualTo(401);

        // so do a disable (even once re-enabled) and a logout-all
        String token2 = login("key-owner", "key-owner-password-2").json().getString("token");
        String key2 = "ApiKey "
                + as("Bearer " + token2, HttpMethod.POST, "/api/v1/api-keys", new JsonObject().put("name", "k2"))
                        .json()
                        .getString("key");
        assertThat(me(key2).status()).isEqualTo(200);
        assertThat(platform.send(
                                "admin",
                                HttpMethod.PATCH,
                                "/api/v1/users/" + id,
                                new JsonObject().put("disabled", true))
                        .status())
                .isEqualTo(200);
        assertThat(platform.send(
                                "admin",
                                HttpMethod.PATCH,
                                "/api/v1/users/" + id,
                                new JsonObject().put("disabled", false))
                        .status())
                .isEqualTo(200);
        assertThat(me(key2).status()).isEqualTo(401);
        String token3 = login("key-owner", "key-owner-password-2").json().getString("token");
        String key3 = "ApiKey "
                + as("Bearer " + token3, HttpMethod.POST, "/api/v1/api-keys", new JsonObject().put("name", "k3"))
                        .json()
                        .getString("key");
        assertThat(as("Bearer " + token3, HttpMethod.POST, "/api/v1/auth/logout-all", null)
                        .status())
                .isEqualTo(200);
        assertThat(me(key3).status()).isEqualTo(401);
        assertThat(me("Bearer " + token3).status()).isEqualTo(401);
    }

    @Test
    void aRoleChangeTakesEffectOnTheNextRequestOfAnAlreadySeenToken() {
        String id = newUser("role-changes", "role-changes-pass-1");
        String token =
                "Bearer " + login("role-changes", "role-changes-pass-1").json().getString("token");
        // the token is seen (and its principal cached) as a bureau user's: no user administration
        assertThat(as(token, HttpMethod.GET, "/api/v1/users", null).status()).isEqualTo(403);
        assertThat(as(token, HttpMethod.GET, "/api/v1/users", null).status()).isEqualTo(403);
        var promote =
                platform.send("admin", HttpMethod.PATCH, "/api/v1/users/" + id, new JsonObject().put("role", "admin"));
        assertThat(promote.status()).as(promote.toString()).isEqualTo(200);
        assertThat(as(token, HttpMethod.GET, "/api/v1/users", null).status()).isEqualTo(200);
        var demote =
                platform.send("admin", HttpMethod.PATCH, "/api/v1/users/" + id, new JsonObject().put("role", "bureau"));
        assertThat(demote.status()).as(demote.toString()).isEqualTo(200);
        assertThat(as(token, HttpMethod.GET, "/api/v1/users", null).status()).isEqualTo(403);
    }

    @Test
    void logoutEverywhereRefusesAnAlreadySeenTokenOnTheNextRequest() {
        newUser("logout-all-seen", "logout-all-seen-pass-1");
        String one = "Bearer "
                + login("logout-all-seen", "logout-all-seen-pass-1").json().getString("token");
        String two = "Bearer "
                + login("logout-all-seen", "logout-all-seen-pass-1").json().getString("token");
        assertThat(me(one).status()).isEqualTo(200);
        assertThat(me(two).status()).isEqualTo(200);
        assertThat(as(one, HttpMethod.POST, "/api/v1/auth/logout-all", null).status())
                .isEqualTo(200);
        assertThat(me(two).status()).isEqualTo(401);
        assertThat(me(one).status()).isEqualTo(401);
    }

    @Test
    void aTokenIssuedBeforeADisableNeverWorksAgain() {
        String id = newUser("disabled-later", "disabled-later-pass-1");
        String token = login("disabled-later", "disabled-later-pass-1").json().getString("token");
        assertThat(me("Bearer " + token).status()).isEqualTo(200);
        assertThat(platform.send(
                                "admin",
                                HttpMethod.PATCH,
                                "/api/v1/users/" + id,
                                new JsonObject().put("disabled", true))
                        .status())
                .isEqualTo(200);
        assertThat(me("Bearer " + token).status()).isEqualTo(401);
        assertThat(platform.send(
                                "admin",
                                HttpMethod.PATCH,
                                "/api/v1/users/" + id,
                                new JsonObject().put("disabled", false))
                        .status())
                .isEqualTo(200);
        assertThat(me("Bearer " + token).status()).isEqualTo(401);
        assertThat(login("disabled-later", "disabled-later-pass-1").status()).isEqualTo(200);
    }

    @Test
    void loginDoesOneArgon2VerificationForUnknownDisabledAndExistingUsers() {
        String id = newUser("timing-disabled", "timing-disabled-pass-1");
        platform.send("admin", HttpMethod.PATCH, "/api/v1/users/" + id, new JsonObject().put("disabled", true));
        var hasher = platform.server.passwordHasher();
        for (String[] attempt : new String[][] {
            {"no-such-user-x", "whatever-1"},
            {"timing-disabled", "timing-disabled-pass-1"},
            {"timing-disabled", "wrong-password"},
            {"bureau", "wrong-password"},
            {"bureau", TestPlatform.PASSWORD},
            {"Not A Valid Name!", "x"}
        }) {
            long before = hasher.verifications();
            var r = login(attempt[0], attempt[1]);
            assertThat(r.status()).as(String.join("/", attempt)).isIn(200, 401);
            assertThat(hasher.verifications() - before)
                    .as(String.join("/", attempt))
                    .isEqualTo(1);
        }
        assertThat(login("timing-disabled", "timing-disabled-pass-1").status()).isEqualTo(401);
    }

    @Test
    void weakPasswordsAreRefusedSayingWhy() {
        for (String weak : List.of("1234567890", "password123", "password1234", "qwertyuiop12", "aaaaaaaaaaaaaaaa")) {
            var r = platform.send(
                    "admin",
                    HttpMethod.POST,
                    "/api/v1/users",
                    new JsonObject()
                            .put("username", "weak-user")
                            .put("displayName", "w")
                            .put("role", "bureau")
                            .put("password", weak));
            assertThat(r.status()).as(weak).isEqualTo(400);
            assertThat(r.json().getString("detail"))
                    .as(weak)
                    .containsAnyOf("at least 12 characters", "too easy to guess");
        }
        var common = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/users",
                new JsonObject()
                        .put("username", "weak-user")
                        .put("displayName", "w")
                        .put("role", "bureau")
                        .put("password", "password1234"));
        assertThat(common.json().getString("detail")).contains("common password");
        assertThat(platform.send(
                                "admin",
                                HttpMethod.POST,
                                "/api/v1/users",
                                new JsonObject()
                                        .put("username", "weak-user")
                                        .put("displayName", "w")
                                        .put("role", "bureau")
                                        .put("password", "violet-lantern-harbour-3"))
                        .status())
                .isEqualTo(201);
    }

    // --- helpers: a test-side JWT signer, to present tokens the server did not issue ---

    record Key(String kid, byte[] secret) {}

    /** The signing key as an attacker with the database and the secret key would have it (keys are sealed at rest). */
    static Key currentKey() throws Exception {
        try (Connection c = platform.db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT kid, secret, secret_sealed FROM token_signing_key WHERE retired_at IS NULL ORDER BY created_at DESC, kid DESC LIMIT 1")) {
            rs.next();
            String kid = rs.getString(1);
            byte[] stored = rs.getBytes(2);
            if (!rs.getBoolean(3)) return new Key(kid, stored);
            var box = org.tiangong.analytics.connect.SecretBox.load(
                    System.getenv(), org.tiangong.analytics.connect.DataDir.resolve());
            return new Key(kid, Base64.getDecoder().decode(box.open(stored, "token_signing_key:" + kid)));
        }
    }

    static String userId(String username) throws Exception {
        try (Connection c = platform.db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM app_user WHERE username = '" + username + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static JsonObject claims(String sub, long iat, long exp) {
        return new JsonObject()
                .put("sub", sub)
                .put("jti", java.util.UUID.randomUUID().toString())
                .put("role", "admin")
                .put("cv", 0)
                .put("iss", "tiangong")
                .put("aud", "tiangong-api")
                .put("iat", iat)
                .put("exp", exp);
    }

    static String sign(JsonObject claims, String kid, byte[] secret, String alg) throws Exception {
        String signingInput = b64(new JsonObject()
                        .put("alg", alg)
                        .put("typ", "JWT")
                        .put("kid", kid)
                        .encode()) + "." + b64(claims.encode());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return signingInput + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static JsonObject header(String token) {
        return new JsonObject(new String(
                Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8));
    }
}
