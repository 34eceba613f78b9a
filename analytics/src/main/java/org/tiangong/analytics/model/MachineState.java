package org.tiangong.analytics.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a machine's time counts as: one of the five states a machine reports in its {@code state} signal (with their
 * codes), or {@link #NO_DATA}, time not covered by good data — never running and never down. Its {@link #key()} is
 * the lower-case name used in JSON ({@code running}, {@code no_data}); its label the bilingual word people read.
 */
public enum MachineState implements Keyed {
    OFF(0, "停机 Off"),
    IDLE(1, "待机 Idle"),
    RUNNING(2, "运行 Running"),
    SETUP(3, "换型 Setup"),
    FAULT(4, "故障 Fault"),
    /** No code: a machine never reports it; gaps, Bad or Uncertain values and unknown codes are counted as it. */
    NO_DATA(-1, "无数据 No data");

    private static final Set<MachineState> REPORTED = EnumSet.range(OFF, FAULT);

    private final int code;
    private final String label;

    MachineState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The code in the {@code state} signal; -1 for {@link #NO_DATA}, which has none. */
    public int code() {
        return code;
    }

    /** Lower-case name used in JSON. */
    @Override
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Bilingual word for people, e.g. {@code 运行 Running}. */
    public String label() {
        return label;
    }

    /** The five states a machine can report (all but {@link #NO_DATA}). */
    public static Set<MachineState> reported() {
        return EnumSet.copyOf(REPORTED);
    }

    /** The reported state with this code; empty for an unknown code. */
    public static Optional<MachineState> fromCode(int code) {
        for (MachineState s : REPORTED) {
            if (s.code == code) return Optional.of(s);
        }
        return Optional.empty();
    }

    public static Optional<MachineState> fromKey(String key) {
        return Keyed.fromKey(MachineState.class, key);
    }
}
