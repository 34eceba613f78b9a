package org.tiangong.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code maxPerUser} failed logins for one user name, or {@code maxPerAddress}
 * from one address, within {@code window}, further attempts for it are refused (429) until the window has passed.
 * Memory is bounded: at most {@code maxTracked} names/addresses are tracked, the least recently seen forgotten first.
 * In-memory by design: a restart clears it, which only ever helps a real user.
 */
public final class LoginThrottle {

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures;

    public LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, int maxTracked, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
        this.failures = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** When the caller must wait, how long; empty when it may try. */
    public synchronized Optional<Duration> blocked(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> u = wait("u:" + username, maxPerUser, now);
        Optional<Duration> a = wait("a:" + address, maxPerAddress, now);
        if (u.isPresent() && a.isPresent()) return Optional.of(u.get().compareTo(a.get()) > 0 ? u.get() : a.get());
        return u.isPresent() ? u : a;
    }

    /**
     * Atomically: when the caller must wait, how long; otherwise counts this attempt as a failure in advance (so that
     * thousands of parallel guesses cannot all pass before the first one is judged) and returns empty. A successful
     * login then takes the attempt back with {@link #succeeded}.
     */
    public synchronized Optional<Duration> begin(String username, String address) {
        Optional<Duration> wait = blocked(username, address);
        if (wait.isEmpty()) failed(username, address);
        return wait;
    }

    public synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        failures.computeIfAbsent("u:" + username, k -> new ArrayDeque<>()).addLast(now);
        failures.computeIfAbsent("a:" + address, k -> new ArrayDeque<>()).addLast(now);
    }

    /**
     * A successful login clears the user's failures, and takes back the attempt {@link #begin} counted for the
     * address (only that one: one right guess must not reset a spray of wrong ones).
     */
    public synchronized void succeeded(String username, String address) {
        failures.remove("u:" + username);
        java.util.Deque<Instant> a = failures.get("a:" + address);
        if (a != null && !a.isEmpty()) a.pollLast();
    }

    private Optional<Duration> wait(String key, int max, Instant now) {
        Deque<Instant> q = failures.get(key);
        if (q == null) return Optional.empty();
        while (!q.isEmpty() && !q.peekFirst().isAfter(now.minus(window))) q.pollFirst();
        if (q.isEmpty()) {
            failures.remove(key);
            return Optional.empty();
        }
        if (q.size() < max) return Optional.empty();
        // Blocked until the oldest counted failure leaves the window.
        return Optional.of(Duration.between(now, q.peekFirst().plus(window)));
    }
}
