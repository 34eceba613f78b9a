package org.tiangong.api;

import java.time.Duration;

/**
 * Tunables of the API.
 *
 * @param tokenLifetime              how long a bearer token from login stays valid
 * @param maxFailedLoginsPerUser     failed logins for one user name within the window before 429
 * @param maxFailedLoginsPerAddress  failed logins from one address within the window before 429
 * @param loginThrottleWindow        the sliding window for both counts
 */
public record ApiSettings(Duration tokenLifetime, int maxFailedLoginsPerUser, int maxFailedLoginsPerAddress,
                          Duration loginThrottleWindow) {

    public static ApiSettings defaults() {
        return new ApiSettings(Duration.ofHours(8), 5, 20, Duration.ofMinutes(15));
    }
}
