package org.tiangong.analytics.model;

import java.util.Optional;

/** Machine kinds typical of a metal-products plant, each with the process value it is known by. */
public enum MachineKind implements Keyed {
    CNC("cnc", "数控加工中心 CNC machining centre", CanonicalSignal.SPINDLE_LOAD),
    PRESS("press", "冲压机 stamping press", CanonicalSignal.PRESS_FORCE),
    WELDER("welder", "焊接机器人 welding robot", CanonicalSignal.WELD_CURRENT),
    FURNACE("furnace", "热处理炉 heat-treatment furnace", CanonicalSignal.FURNACE_TEMP);

    private final String code;
    private final String label;
    private final CanonicalSignal processSignal;

    MachineKind(String code, String label, CanonicalSignal processSignal) {
        this.code = code;
        this.label = label;
        this.processSignal = processSignal;
    }

    /** Lower-case code used in YAML, the database and the API. */
    public String code() {
        return code;
    }

    /** The same as {@link #code()}. */
    @Override
    public String key() {
        return code;
    }

    /** Bilingual label for people. */
    public String label() {
        return label;
    }

    /** The process value this kind of machine exposes. */
    public CanonicalSignal processSignal() {
        return processSignal;
    }

    public static Optional<MachineKind> fromCode(String code) {
        return Keyed.fromKey(MachineKind.class, code);
    }
}
