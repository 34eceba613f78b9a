package org.tiangong.analytics.oee;

import java.util.Optional;

/** How an OEE report is broken down: per shift occurrence, per local hour, or per local day. */
public enum Granularity {
    SHIFT,
    HOUR,
    DAY;

    public static Optional<Granularity> fromKey(String key) {
        for (Granularity g : values()) if (g.name().equalsIgnoreCase(key)) return Optional.of(g);
        return Optional.empty();
    }
}
