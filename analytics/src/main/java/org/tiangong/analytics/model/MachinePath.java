package org.tiangong.analytics.model;

import java.util.Objects;

/**
 * A machine named by the codes of its enterprise, plant, line and itself, e.g. {@code JH-METAL/P1/L1/CNC-01}.
 * Configuration files refer to machines this way; the database gives each a UUID.
 */
public record MachinePath(String enterprise, String plant, String line, String machine) {

    public MachinePath {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(machine, "machine");
    }

    /** Parses {@code enterprise/plant/line/machine}; throws IllegalArgumentException saying what is expected. */
    public static MachinePath parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected enterprise/plant/line/machine codes, got '" + text + "'");
        }
        for (String p : parts) {
            if (p.isBlank()) throw new IllegalArgumentException("empty code in machine path '" + text + "'");
        }
        return new MachinePath(parts[0], parts[1], parts[2], parts[3]);
    }

    @Override
    public String toString() {
        return enterprise + "/" + plant + "/" + line + "/" + machine;
    }
}
