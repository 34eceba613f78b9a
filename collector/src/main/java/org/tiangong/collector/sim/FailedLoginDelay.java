package org.tiangong.collector.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down password guessing against the simulator's users, as a real server should: each failed login for a user
 * name waits before it is answered — 250 ms after the first failure, doubling with each further one up to 8 s — and a
 * successful login resets it. Unknown names are counted like known ones.
 */
final class FailedLoginDelay {

    static final Duration FIRST = Duration.ofMillis(250);
    static final Duration MAX = Duration.ofSeconds(8);
    private static final int MAX_TRACKED = 10_000;

    private final Map<String, Integer> failures = new HashMap<>();

    /** Records a failure for {@code username} and returns how long to wait before answering it. */
    synchronized Duration failed(String username) {
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(username)) failures.clear();
        int n = failures.merge(username, 1, Integer::sum);
        Duration d = FIRST.multipliedBy(1L << Math.min(n - 1, 10));
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    synchronized void succeeded(String username) {
        failures.remove(username);
    }
}
