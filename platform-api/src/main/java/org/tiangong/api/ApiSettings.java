package org.tiangong.api;

import java.time.Duration;
import org.tiangong.api.http.TlsSettings;

/**
 * Tunables of the API.
 *
 * @param tokenLifetime              how long a bearer token from login stays valid
 * @param maxFailedLoginsPerUser     failed logins for one user name <em>from one address</em> within the window before
 *                                   growing delays (429) begin for that pair ({@link org.tiangong.api.accounts.LoginThrottle})
 * @param maxFailedLoginsPerAddress  failed logins from one address (any users) within the window before delays begin
 * @param loginThrottleWindow        the sliding window for the counts, and the longest delay
 * @param maxFailedLoginsPerUserAnyAddress a ceiling for one user name over all addresses: high, so that a stranger
 *                                   cannot lock the owner out; it only slows down a distributed guesser
 * @param dbThreads                  threads for database work of requests; 0: half the connection pool
 * @param dbQueue                    database work that may wait for a thread; beyond it requests get 503 + Retry-After
 * @param opcUaThreads               threads for OPC UA operations (test, browse, automap, templates)
 * @param opcUaPerEnterprise         OPC UA operations one enterprise may run at once (429 beyond)
 * @param devAllowUntrusted          development flag ({@code --dev-allow-untrusted-endpoints}): only then may an admin
 *                                   create an endpoint with {@code allowUntrusted}
 * @param tls                        certificate to serve HTTPS with; null for plain HTTP
 * @param headerTimeout              time a client has to complete a request's headers (408 and close after)
 * @param idleTimeout                a connection with no traffic for this long is closed
 */
public record ApiSettings(
        Duration tokenLifetime,
        int maxFailedLoginsPerUser,
        int maxFailedLoginsPerAddress,
        Duration loginThrottleWindow,
        int maxFailedLoginsPerUserAnyAddress,
        int dbThreads,
        int dbQueue,
        int opcUaThreads,
        int opcUaPerEnterprise,
        boolean devAllowUntrusted,
        TlsSettings tls,
        Duration headerTimeout,
        Duration idleTimeout) {

    /** The throttle settings; everything else at its default. */
    public ApiSettings(
            Duration tokenLifetime,
            int maxFailedLoginsPerUser,
            int maxFailedLoginsPerAddress,
            Duration loginThrottleWindow) {
        this(
                tokenLifetime,
                maxFailedLoginsPerUser,
                maxFailedLoginsPerAddress,
                loginThrottleWindow,
                100,
                0,
                200,
                4,
                2,
                false,
                null,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60));
    }

    public static ApiSettings defaults() {
        return new ApiSettings(Duration.ofHours(8), 5, 20, Duration.ofMinutes(15));
    }

    public ApiSettings withExecutors(int dbThreads, int dbQueue, int opcUaThreads, int opcUaPerEnterprise) {
        return toBuilder()
                .executors(dbThreads, dbQueue, opcUaThreads, opcUaPerEnterprise)
                .build();
    }

    public ApiSettings withDevAllowUntrusted(boolean allowed) {
        return toBuilder().devAllowUntrusted(allowed).build();
    }

    public ApiSettings withTls(TlsSettings certificate) {
        return toBuilder().tls(certificate).build();
    }

    public ApiSettings withTimeouts(Duration header, Duration idle) {
        return toBuilder().timeouts(header, idle).build();
    }

    /** These settings, to change a few: {@code settings.toBuilder().tls(t).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some settings and keeps the rest; the parameters are those of {@link ApiSettings}. */
    public static final class Builder {
        private Duration tokenLifetime;
        private int maxFailedLoginsPerUser;
        private int maxFailedLoginsPerAddress;
        private Duration loginThrottleWindow;
        private int maxFailedLoginsPerUserAnyAddress;
        private int dbThreads;
        private int dbQueue;
        private int opcUaThreads;
        private int opcUaPerEnterprise;
        private boolean devAllowUntrusted;
        private TlsSettings tls;
        private Duration headerTimeout;
        private Duration idleTimeout;

        private Builder(ApiSettings s) {
            tokenLifetime = s.tokenLifetime;
            maxFailedLoginsPerUser = s.maxFailedLoginsPerUser;
            maxFailedLoginsPerAddress = s.maxFailedLoginsPerAddress;
            loginThrottleWindow = s.loginThrottleWindow;
            maxFailedLoginsPerUserAnyAddress = s.maxFailedLoginsPerUserAnyAddress;
            dbThreads = s.dbThreads;
            dbQueue = s.dbQueue;
            opcUaThreads = s.opcUaThreads;
            opcUaPerEnterprise = s.opcUaPerEnterprise;
            devAllowUntrusted = s.devAllowUntrusted;
            tls = s.tls;
            headerTimeout = s.headerTimeout;
            idleTimeout = s.idleTimeout;
        }

        public Builder executors(int dbThreads, int dbQueue, int opcUaThreads, int opcUaPerEnterprise) {
            this.dbThreads = dbThreads;
            this.dbQueue = dbQueue;
            this.opcUaThreads = opcUaThreads;
            this.opcUaPerEnterprise = opcUaPerEnterprise;
            return this;
        }

        public Builder devAllowUntrusted(boolean allowed) {
            this.devAllowUntrusted = allowed;
            return this;
        }

        public Builder tls(TlsSettings certificate) {
            this.tls = certificate;
            return this;
        }

        public Builder timeouts(Duration header, Duration idle) {
            this.headerTimeout = header;
            this.idleTimeout = idle;
            return this;
        }

        public ApiSettings build() {
            return new ApiSettings(
                    tokenLifetime,
                    maxFailedLoginsPerUser,
                    maxFailedLoginsPerAddress,
                    loginThrottleWindow,
                    maxFailedLoginsPerUserAnyAddress,
                    dbThreads,
                    dbQueue,
                    opcUaThreads,
                    opcUaPerEnterprise,
                    devAllowUntrusted,
                    tls,
                    headerTimeout,
                    idleTimeout);
        }
    }
}
