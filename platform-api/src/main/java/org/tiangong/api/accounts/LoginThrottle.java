package org.tiangong.api.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing without handing anyone a way to lock a user out. Failures are counted within a sliding
 * {@code window} under three keys:
 * <ul>
 *   <li>the pair (user name, address): after {@code maxPerUserAndAddress} failures, that pair must wait before its
 *       next attempt — 30 s, then twice as long after each further failure, at most the window;</li>
 *   <li>the address (any user names): the same after {@code maxPerAddress} failures — one address spraying guesses;</li>
 *   <li>the user name over all addresses: a high ceiling ({@code maxPerUser}, default 100) for guessers spread over
 *       many addresses, with the same growing delays.</li>
 * </ul>
 * A stranger guessing from their own address therefore only delays themselves: the owner, from another address, logs
 * in with the right password at once. Password changes go through the same throttle (the user being the caller).
 * Memory is bounded: at most {@code maxTracked} keys are tracked, the least recently seen forgotten first. In-memory by
 * design: a restart clears it, which only ever helps a real user.
 */
public final class LoginThrottle {

    static final Duration FIRST_DELAY = Duration.ofSeconds(30);

    private final int maxPerUserAndAddress;
    private final int maxPerAddress;
    private final int maxPerUser;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures;

    public LoginThrottle(
            int maxPerUserAndAddress, int maxPerAddress, int maxPerUser, Duration window, int maxTracked, Clock clock) {
        this.maxPerUserAndAddress = maxPerUserAndAddress;
        this.maxPerAddress = maxPerAddress;
        this.maxPerUser = maxPerUser;
        this.window = window;
        this.clock = clock;
        this.failures = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > maxTracked;
            }
        };
    }

    private static String pair(String username, String address) {
        return "ua:" + username + "\u0000" + address;
    }

    /** When the caller must wait, how long; empty when it may try. */
    public synchronized Optional<Duration> blocked(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> longest = Optional.empty();
        for (Optional<Duration> w : java.util.List.of(
                wait(pair(username, address), maxPerUserAndAddress, now),
                wait("a:" + address, maxPerAddress, now),
                wait("u:" + username, maxPerUser, now))) {
            if (w.isPresent() && (longest.isEmpty() || w.get().compareTo(longest.get()) > 0)) longest = w;
        }
        return longest;
    }

    /**
     * Atomically: when the caller must wait, how long; otherwise counts this attempt as a failure in advance (so that
     * thousands of parallel guesses cannot all pass before the first one is judged) and returns empty. A successful
     * attempt then takes it back with {@link #succeeded}.
     */
    public synchronized Optional<Duration> begin(String username, String address) {
        Optional<Duration> wait = blocked(username, address);
        if (wait.isEmpty()) failed(username, address);
        return wait;
    }

    public synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {pair(username, address), "a:" + address, "u:" + username}) {
            failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
        }
    }

    /**
     * A success clears the pair's and the user's failures, and takes back the one attempt {@link #begin} counted for
     * the address (only that one: one right guess must not reset a spray of wrong ones).
     */
    public synchronized void succeeded(String username, String address) {
        failures.remove(pair(username, address));
        failures.remove("u:" + username);
        Deque<Instant> a = failures.get("a:" + address);
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
        // growing delay after the latest failure: 30 s at the limit, doubling with each failure beyond, at most the
        // window
        int beyond = Math.min(q.size() - max, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << beyond);
        if (delay.compareTo(window) > 0) delay = window;
        Instant until = q.peekLast().plus(delay);
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }
}
