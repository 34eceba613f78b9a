package org.tiangong.api.accounts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.accounts.SigningKeyStore;
import org.tiangong.analytics.accounts.UserAccount;

/**
 * Issues and checks bearer tokens with Vert.x's JWT module (HS256). The newest signing key signs; every active
 * key verifies (matched by {@code kid}), so {@link #rotate()} never breaks a token that is still valid. Tokens carry
 * iss, aud, exp, iat and a random jti that logout revokes. {@code alg: none} and unknown keys are refused by the module.
 */
public final class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    public static final String ISSUER = "tiangong";
    public static final String AUDIENCE = "tiangong-api";

    private final Vertx vertx;
    private final SigningKeyStore keys;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<Providers> providers = new AtomicReference<>();

    private record Providers(JWTAuth signer, JWTAuth verifier, String signingKid) {}

    /** An issued token. */
    public record Issued(String token, String jti, Instant expiresAt) {}

    /** Blocking (reads the keys): construct on a worker or at start-up. */
    public TokenService(Vertx vertx, SigningKeyStore keys, Duration lifetime, Clock clock) throws SQLException {
        this.vertx = vertx;
        this.keys = keys;
        this.lifetime = lifetime;
        this.clock = clock;
        if (keys.active().isEmpty()) addKey();
        reload();
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Issued issue(UserAccount user) {
        String jti = UUID.randomUUID().toString();
        Instant exp = clock.instant().plus(lifetime);
        JsonObject claims = new JsonObject()
                .put("sub", user.id().toString())
                .put("jti", jti)
                .put("role", user.role().key())
                // credentials version: the token dies when the password changes (compared in AuthHandler)
                .put("cv", credentialsVersion(user));
        String token = providers
                .get()
                .signer
                .generateToken(
                        claims,
                        new JWTOptions()
                                .setAlgorithm("HS256")
                                .setIssuer(ISSUER)
                                .setAudience(List.of(AUDIENCE))
                                .setExpiresInSeconds((int) lifetime.getSeconds()));
        return new Issued(token, jti, exp);
    }

    /** The version of a user's credentials a token was issued for: the last password change in milliseconds, or 0. */
    static long credentialsVersion(UserAccount user) {
        return user.credentialsChangedAt() == null
                ? 0
                : user.credentialsChangedAt().toEpochMilli();
    }

    /** Checks signature, issuer, audience, exp and nbf; yields the claims, or fails. */
    public Future<JsonObject> verify(String token) {
        return providers
                .get()
                .verifier
                .authenticate(new TokenCredentials(token))
                .map(u -> u.attributes().getJsonObject("accessToken"));
    }

    /** Adds a new signing key and retires keys that can no longer have signed a valid token. Blocking. */
    public synchronized String rotate() throws SQLException {
        String kid = addKey();
        keys.retireSuperseded(clock.instant().minus(lifetime));
        reload();
        log.info("token signing key rotated; now signing with {}", kid);
        return kid;
    }

    private String addKey() throws SQLException {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String kid = "k-" + HexFormat.of().formatHex(random.generateSeed(4)) + "-"
                + clock.instant().getEpochSecond();
        keys.add(kid, secret);
        return kid;
    }

    private void reload() throws SQLException {
        List<SigningKeyStore.SigningKey> active = keys.active();
        SigningKeyStore.SigningKey newest = active.get(0);
        JWTAuthOptions signer = new JWTAuthOptions().addPubSecKey(hs256(newest));
        JWTAuthOptions verifier = new JWTAuthOptions()
                .setJWTOptions(new JWTOptions()
                        .setIssuer(ISSUER)
                        .setAudience(List.of(AUDIENCE))
                        .setLeeway(5));
        for (SigningKeyStore.SigningKey k : active) verifier.addPubSecKey(hs256(k));
        providers.set(new Providers(JWTAuth.create(vertx, signer), JWTAuth.create(vertx, verifier), newest.kid()));
    }

    private static PubSecKeyOptions hs256(SigningKeyStore.SigningKey k) {
        return new PubSecKeyOptions().setAlgorithm("HS256").setId(k.kid()).setBuffer(Buffer.buffer(k.secret()));
    }
}
