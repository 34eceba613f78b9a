package org.tiangong.analytics.model;

import java.util.Optional;

/** The platform's canonical signals (design.md, "Canonical signals"). Every collected node feeds one of them. */
public enum CanonicalSignal implements Keyed {
    STATE("state", "code"),
    PARTS_GOOD("parts_good", "count"),
    PARTS_SCRAP("parts_scrap", "count"),
    CYCLE_TIME("cycle_time", "s"),
    SPINDLE_LOAD("spindle_load", "%"),
    SPINDLE_SPEED("spindle_speed", "rpm"),
    PRESS_FORCE("press_force", "kN"),
    STROKE_RATE("stroke_rate", "strokes/min"),
    WELD_CURRENT("weld_current", "A"),
    WELD_VOLTAGE("weld_voltage", "V"),
    FURNACE_TEMP("furnace_temp", "°C"),
    FURNACE_SETPOINT("furnace_setpoint", "°C"),
    POWER("power", "kW"),
    ENERGY("energy", "kWh"),
    ALARM_CODE("alarm_code", "code");

    private final String key;
    private final String unit;

    CanonicalSignal(String key, String unit) {
        this.key = key;
        this.unit = unit;
    }

    /** Name as written in YAML, the database and URLs, e.g. {@code parts_good}. */
    @Override
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public static Optional<CanonicalSignal> fromKey(String key) {
        return Keyed.fromKey(CanonicalSignal.class, key);
    }
}
