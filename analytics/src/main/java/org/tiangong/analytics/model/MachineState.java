package org.tiangong.analytics.model;

import java.util.Optional;

/** Canonical machine states and their codes in the {@code state} signal. */
public enum MachineState {
    OFF(0), IDLE(1), RUNNING(2), SETUP(3), FAULT(4);

    private final int code;

    MachineState(int code) { this.code = code; }

    public int code() { return code; }

    /** Lower-case name used in JSON. */
    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Optional<MachineState> fromCode(int code) {
        for (MachineState s : values()) {
            if (s.code == code) return Optional.of(s);
        }
        return Optional.empty();
    }
}
