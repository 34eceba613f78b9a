package org.tiangong.api.http;

import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code max} operations at once per key (an enterprise): one tenant's burst of slow OPC UA connection tests
 * cannot take every OPC UA worker from the others. A caller over the limit gets 429 at once instead of waiting.
 */
public final class KeyedLimit {

    private final int max;
    private final String what;
    private final Map<Object, Integer> inUse = new HashMap<>();

    /** @param what the operations, as a caller reads it in the 429 ("OPC UA operations") */
    public KeyedLimit(int max, String what) {
        if (max < 1) throw new IllegalArgumentException("max must be at least 1");
        this.max = max;
        this.what = what;
    }

    /** A permit to close when done. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws ApiException 429 when {@code key} already has {@code max} operations running */
    public synchronized Permit acquire(Object key) {
        int n = inUse.getOrDefault(key, 0);
        if (n >= max) {
            throw new ApiException(
                    429,
                    "too_many_requests",
                    "at most " + max + " " + what + " run at once per enterprise; try again when one has finished",
                    Blocking.RETRY_AFTER_SECONDS);
        }
        inUse.put(key, n + 1);
        return () -> release(key);
    }

    private synchronized void release(Object key) {
        int n = inUse.getOrDefault(key, 1) - 1;
        if (n <= 0) inUse.remove(key);
        else inUse.put(key, n);
    }
}
