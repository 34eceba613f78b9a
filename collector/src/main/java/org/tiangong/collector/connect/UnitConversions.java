package org.tiangong.collector.connect;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Converting what a node's EngineeringUnits (OPC UA EUInformation) say into a canonical signal's unit, as the
 * {@code scale} and {@code offset} of a mapping: stored = raw × scale + offset. Units are recognised by their
 * UNECE common code (the EUInformation unitId) or, failing that, by their display name.
 */
public final class UnitConversions {

    /** A unit a node delivers: its display text and UNECE code (null when the unitId was not given). */
    public record Unit(String symbol, String uneceCode) {
        public String label() {
            return symbol != null && !symbol.isBlank() ? symbol : uneceCode;
        }
    }

    /** stored = raw × scale + offset. */
    public record Conversion(double scale, double offset) {}

    private record Known(String canonical, double scale, double offset) {}

    // UNECE code or lower-case symbol → (canonical unit, scale, offset)
    private static final Map<String, Known> KNOWN = Map.ofEntries(
            Map.entry("C26", new Known("s", 0.001, 0)),
            Map.entry("ms", new Known("s", 0.001, 0)),
            Map.entry("SEC", new Known("s", 1, 0)),
            Map.entry("s", new Known("s", 1, 0)),
            Map.entry("sec", new Known("s", 1, 0)),
            Map.entry("MIN", new Known("s", 60, 0)),
            Map.entry("min", new Known("s", 60, 0)),
            Map.entry("HUR", new Known("s", 3600, 0)),
            Map.entry("h", new Known("s", 3600, 0)),
            Map.entry("B98", new Known("s", 1e-6, 0)),
            Map.entry("µs", new Known("s", 1e-6, 0)),
            Map.entry("us", new Known("s", 1e-6, 0)),
            Map.entry("WTT", new Known("kW", 0.001, 0)),
            Map.entry("w", new Known("kW", 0.001, 0)),
            Map.entry("KWT", new Known("kW", 1, 0)),
            Map.entry("kw", new Known("kW", 1, 0)),
            Map.entry("MAW", new Known("kW", 1000, 0)),
            Map.entry("mw", new Known("kW", 1000, 0)),
            Map.entry("WHR", new Known("kWh", 0.001, 0)),
            Map.entry("wh", new Known("kWh", 0.001, 0)),
            Map.entry("KWH", new Known("kWh", 1, 0)),
            Map.entry("kwh", new Known("kWh", 1, 0)),
            Map.entry("MWH", new Known("kWh", 1000, 0)),
            Map.entry("mwh", new Known("kWh", 1000, 0)),
            Map.entry("JOU", new Known("kWh", 1 / 3.6e6, 0)),
            Map.entry("j", new Known("kWh", 1 / 3.6e6, 0)),
            Map.entry("KJO", new Known("kWh", 1 / 3600.0, 0)),
            Map.entry("kj", new Known("kWh", 1 / 3600.0, 0)),
            Map.entry("NEW", new Known("kN", 0.001, 0)),
            Map.entry("n", new Known("kN", 0.001, 0)),
            Map.entry("B47", new Known("kN", 1, 0)),
            Map.entry("kn", new Known("kN", 1, 0)),
            Map.entry("CEL", new Known("°C", 1, 0)),
            Map.entry("°c", new Known("°C", 1, 0)),
            Map.entry("degc", new Known("°C", 1, 0)),
            Map.entry("KEL", new Known("°C", 1, -273.15)),
            Map.entry("k", new Known("°C", 1, -273.15)),
            Map.entry("FAH", new Known("°C", 5.0 / 9, -160.0 / 9)),
            Map.entry("°f", new Known("°C", 5.0 / 9, -160.0 / 9)),
            Map.entry("P1", new Known("%", 1, 0)),
            Map.entry("%", new Known("%", 1, 0)),
            Map.entry("RPM", new Known("rpm", 1, 0)),
            Map.entry("rpm", new Known("rpm", 1, 0)),
            Map.entry("r/min", new Known("rpm", 1, 0)),
            Map.entry("AMP", new Known("A", 1, 0)),
            Map.entry("a", new Known("A", 1, 0)),
            Map.entry("4K", new Known("A", 0.001, 0)),
            Map.entry("ma", new Known("A", 0.001, 0)),
            Map.entry("B22", new Known("A", 1000, 0)),
            Map.entry("ka", new Known("A", 1000, 0)),
            Map.entry("VLT", new Known("V", 1, 0)),
            Map.entry("v", new Known("V", 1, 0)),
            Map.entry("2Z", new Known("V", 0.001, 0)),
            Map.entry("mv", new Known("V", 0.001, 0)),
            Map.entry("KVT", new Known("V", 1000, 0)),
            Map.entry("kv", new Known("V", 1000, 0)),
            Map.entry("C62", new Known("count", 1, 0)),
            Map.entry("pcs", new Known("count", 1, 0)),
            Map.entry("count", new Known("count", 1, 0)));

    private UnitConversions() {}

    /** The UNECE common code an EUInformation unitId stands for (its characters, 8 bits each), or null. */
    public static String uneceCode(Integer unitId) {
        if (unitId == null || unitId <= 0) return null;
        StringBuilder sb = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (unitId >>> shift) & 0xFF;
            if (c != 0) sb.append((char) c);
        }
        return sb.toString().trim();
    }

    /**
     * The scale and offset a mapping stores values with when it names the unit its node delivers (YAML or API, the
     * same rule): no unit, or a signal that is a code: {@code scale}/{@code offset} as given. A unit: it must convert
     * to the signal's canonical unit; with scale 1 and offset 0 (the defaults) its conversion applies, and a scale or
     * offset given as well must be that conversion (so a value is never converted twice).
     *
     * @throws IllegalArgumentException saying why, for a unit that cannot be converted or disagrees with the scale
     */
    public static Conversion forMapping(String unit, String canonical, double scale, double offset) {
        if (unit == null || unit.isBlank() || canonical.equals("code")) return new Conversion(scale, offset);
        Conversion c = toCanonical(new Unit(unit.trim(), null), canonical)
                .orElseThrow(() -> new IllegalArgumentException("unit '" + unit.trim() + "' cannot be converted to "
                        + canonical + " (the signal's unit); give a unit of the same quantity, or none and a scale"));
        if (scale == 1 && offset == 0) return c;
        if (close(scale, c.scale()) && close(offset, c.offset())) return c;
        throw new IllegalArgumentException("unit '" + unit.trim() + "' converts to " + canonical + " with scale "
                + c.scale() + " and offset " + c.offset() + ", but scale " + scale + " and offset " + offset
                + " were given: give the unit or the scale, not both");
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }

    /** How to bring {@code unit} to {@code canonical}; empty when the unit is unknown or of another quantity. */
    public static Optional<Conversion> toCanonical(Unit unit, String canonical) {
        Known k = unit.uneceCode() == null ? null : KNOWN.get(unit.uneceCode());
        if (k == null && unit.symbol() != null)
            k = KNOWN.get(unit.symbol().trim().toLowerCase(Locale.ROOT));
        if (k == null && unit.symbol() != null) k = KNOWN.get(unit.symbol().trim());
        if (k == null || !k.canonical().equals(canonical)) {
            // strokes per minute is a rate of its own: only 1/min-like units
            if (canonical.equals("strokes/min")
                    && unit.symbol() != null
                    && java.util.Set.of("spm", "strokes/min", "1/min", "/min")
                            .contains(unit.symbol().trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(new Conversion(1, 0));
            }
            return Optional.empty();
        }
        return Optional.of(new Conversion(k.scale(), k.offset()));
    }
}
