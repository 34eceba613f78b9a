package org.tiangong.collector.connect;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.tiangong.analytics.connect.MappingTemplate.PathElement;
import org.tiangong.analytics.model.CanonicalSignal;

/**
 * Proposes a mapping for the nodes below a machine's root node. Companion specifications first: OPC 40001-1
 * Machinery (MachineryItemState → state, with its state numbers translated; Identification → manufacturer, model and
 * serial number for the report) and OPC 40501-1 Machine Tools (the production job's RunsCompleted → parts_good). Then
 * name patterns on browse names for signals still open: an exact canonical name first, then common vendor names.
 * Each proposal says why it was chosen. Where the node states its EngineeringUnits, the proposal converts them into
 * the signal's canonical unit (ms → s, W → kW, Wh → kWh, …) with the scale (and offset) it proposes, and says so in
 * its reason; a unit that cannot be converted is said too. Pure: works on what {@link AddressSpace#walk} found.
 */
public final class AutoMapper {

    public static final String MACHINERY_NS = "http://opcfoundation.org/UA/Machinery/";
    public static final String MACHINE_TOOL_NS = "http://opcfoundation.org/UA/MachineTool/";
    public static final String DI_NS = "http://opcfoundation.org/UA/DI/";

    /**
     * MachineryItemState_StateMachineType state numbers as the simulator exposes them (CurrentState/Number) → the
     * platform's state codes: NotAvailable → off, OutOfService → fault, NotExecuting → idle, Executing → running.
     */
    public static final Map<Long, Double> ITEM_STATE_CODES = Map.of(0L, 0.0, 1L, 4.0, 2L, 1.0, 3L, 2.0);

    /**
     * One proposed binding. {@code rule}: {@code OPC 40001-1}, {@code OPC 40501-1}, {@code exact name} or
     * {@code name pattern}. {@code scale} and {@code offset} bring the node's unit ({@code unit}, null when it states
     * none) to the signal's: stored = raw × scale + offset. {@code unitConverted} is false when the node states a
     * unit that could not be converted (then scale 1, offset 0, and the reason says so).
     */
    public record Proposal(
            String signal,
            String nodeId,
            List<PathElement> path,
            String rule,
            String reason,
            Map<Long, Double> valueMap,
            double scale,
            double offset,
            String unit,
            boolean unitConverted) {}

    /** What automap found: the proposals, the machine's identification when it has one, and notes for people. */
    public record Result(
            List<Proposal> proposals,
            Map<String, String> identification,
            List<String> companionSpecs,
            List<String> notes) {}

    private static final Set<String> NUMERIC = Set.of(
            "Boolean",
            "SByte",
            "Byte",
            "Int16",
            "UInt16",
            "Int32",
            "UInt32",
            "Int64",
            "UInt64",
            "Float",
            "Double",
            "Number",
            "Integer",
            "UInteger",
            "Decimal");

    private static final Map<CanonicalSignal, Pattern> NAME_PATTERNS = new EnumMap<>(CanonicalSignal.class);

    static {
        NAME_PATTERNS.put(CanonicalSignal.STATE, p("(machine|operating)?_?(state|status)(_?code)?"));
        NAME_PATTERNS.put(
                CanonicalSignal.PARTS_GOOD,
                p("(good_?(parts|count|pieces)|parts_?(good|count|produced)|part_?count|piece_?count|produced)"));
        // parts_scrap: see SCRAP, found anywhere in the name
        NAME_PATTERNS.put(CanonicalSignal.CYCLE_TIME, p("(last_?)?cycle_?time\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.SPINDLE_LOAD, p("spindle_?load\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.SPINDLE_SPEED, p("spindle_?(speed|rpm)\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.PRESS_FORCE, p("(press_?)?force\\w*|tonnage"));
        NAME_PATTERNS.put(CanonicalSignal.STROKE_RATE, p("stroke(s)?_?(rate|per_?min)\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.WELD_CURRENT, p("weld(ing)?_?current\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.WELD_VOLTAGE, p("weld(ing)?_?voltage\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.FURNACE_TEMP, p("(furnace_?)?temp(erature)?(_?(pv|actual))?"));
        NAME_PATTERNS.put(CanonicalSignal.FURNACE_SETPOINT, p("(furnace_?)?(set_?point|temp_?sp)\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.POWER, p("(active_?|total_?)?power(_?(kw|w|mw))?"));
        NAME_PATTERNS.put(CanonicalSignal.ENERGY, p("(active_?|total_?)?energy\\w*|kwh\\w*"));
        NAME_PATTERNS.put(CanonicalSignal.ALARM_CODE, p("(active_?)?(alarm|fault|error)_?(code|number|no)?"));
    }

    /**
     * Scrap anywhere in a name: a word starting with scrap or reject, the word NG (not "ng" inside Running), bad
     * parts, or 废品 / 不良 (Chinese: waste, defective). Applied to the name with camel case and acronyms split by '_'.
     */
    static final Pattern SCRAP = Pattern.compile(
            "(?:^|[_\\s.\\-])(?:scrap|reject)|(?:^|[_\\s.\\-])ng(?:$|[_\\s.\\-\\d])" + "|bad_?parts|废品|不良|报废",
            Pattern.CASE_INSENSITIVE);

    static boolean namesScrap(String name) {
        String split = name.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return SCRAP.matcher(split).find();
    }

    private static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private AutoMapper() {}

    public static Result propose(List<AddressSpace.Walked> nodes, Map<String, String> identificationValues) {
        return propose(nodes, identificationValues, Map.of());
    }

    /** Like {@link #propose(List, Map)}, with the EngineeringUnits of the nodes that state one (by node id). */
    public static Result propose(
            List<AddressSpace.Walked> nodes,
            Map<String, String> identificationValues,
            Map<String, UnitConversions.Unit> units) {
        Map<CanonicalSignal, Proposal> chosen = new LinkedHashMap<>();
        List<String> specs = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        // OPC 40001-1: MachineryItemState/CurrentState/Number
        Optional<AddressSpace.Walked> itemState = find(
                nodes,
                w -> w.nodeClass() == NodeClass.Variable
                        && endsWith(w.path(), MACHINERY_NS, "MachineryItemState", "CurrentState", "Number"));
        if (itemState.isPresent()) {
            specs.add("OPC 40001-1 Machinery");
            chosen.put(
                    CanonicalSignal.STATE,
                    proposal(
                            CanonicalSignal.STATE,
                            itemState.get(),
                            "OPC 40001-1",
                            "MachineryItemState (OPC 40001-1) is the machine's own statement of its state; its CurrentState "
                                    + "number is translated: Executing → running, NotExecuting → idle, OutOfService → fault, "
                                    + "NotAvailable → off",
                            ITEM_STATE_CODES));
        }
        find(nodes, w -> endsWith(w.path(), MACHINERY_NS, "MachineryOperationMode", "CurrentState"))
                .ifPresent(w -> {
                    if (!specs.contains("OPC 40001-1 Machinery")) specs.add("OPC 40001-1 Machinery");
                    notes.add("MachineryOperationMode found at " + w.pathText()
                            + ": the platform has no signal for it; setup "
                            + "phases show as idle through MachineryItemState (NotExecuting)");
                });
        // OPC 40501-1: Production/ProductionPlan/<job>/RunsCompleted
        Optional<AddressSpace.Walked> runs = find(
                nodes,
                w -> w.nodeClass() == NodeClass.Variable
                        && w.path().size() >= 2
                        && last(w.path(), 0).name().equals("RunsCompleted")
                        && w.path().stream()
                                .anyMatch(e ->
                                        e.name().equals("ProductionPlan") && MACHINE_TOOL_NS.equals(e.namespaceUri())));
        if (runs.isPresent()) {
            specs.add("OPC 40501-1 Machine Tools");
            chosen.put(
                    CanonicalSignal.PARTS_GOOD,
                    proposal(
                            CanonicalSignal.PARTS_GOOD,
                            runs.get(),
                            "OPC 40501-1",
                            "RunsCompleted of the production job (OPC 40501-1 ProductionJobType) counts finished runs of one "
                                    + "good part each",
                            null));
        }
        if (!identificationValues.isEmpty() && !specs.contains("OPC 40001-1 Machinery"))
            specs.add("OPC 40001-1 Machinery");

        // Name patterns: exact canonical names first, then vendor names; numeric variables only, each node once.
        Set<String> used = new java.util.HashSet<>();
        chosen.values().forEach(pr -> used.add(pr.nodeId()));
        for (CanonicalSignal s : CanonicalSignal.values()) {
            if (chosen.containsKey(s)) continue;
            Optional<AddressSpace.Walked> exact = find(
                    nodes,
                    w -> isNumericVariable(w)
                            && !used.contains(w.nodeId())
                            && w.name().equalsIgnoreCase(s.key()));
            if (exact.isPresent()) {
                chosen.put(
                        s,
                        proposal(
                                s,
                                exact.get(),
                                "exact name",
                                "browse name '" + exact.get().name() + "' is the canonical signal name",
                                null));
                used.add(exact.get().nodeId());
            }
        }
        for (CanonicalSignal s : CanonicalSignal.values()) {
            if (chosen.containsKey(s)) continue;
            if (s == CanonicalSignal.PARTS_SCRAP) {
                find(
                                nodes,
                                w -> isNumericVariable(w)
                                        && !used.contains(w.nodeId())
                                        && !isCompanionInternal(w)
                                        && namesScrap(w.name()))
                        .ifPresent(w -> {
                            chosen.put(
                                    s,
                                    proposal(
                                            s,
                                            w,
                                            "name pattern",
                                            "browse name '" + w.name()
                                                    + "' names scrap (scrap, reject, NG, 废品 or 不良 in the name)",
                                            null));
                            used.add(w.nodeId());
                        });
                continue;
            }
            Pattern pattern = NAME_PATTERNS.get(s);
            if (pattern == null) continue;
            Optional<AddressSpace.Walked> match = find(
                    nodes,
                    w -> isNumericVariable(w)
                            && !used.contains(w.nodeId())
                            && !isCompanionInternal(w)
                            && pattern.matcher(w.name().replaceAll("([a-z])([A-Z])", "$1_$2"))
                                    .matches());
            if (match.isPresent()) {
                chosen.put(
                        s,
                        proposal(
                                s,
                                match.get(),
                                "name pattern",
                                "browse name '" + match.get().name() + "' matches the pattern for " + s.key() + " ("
                                        + pattern.pattern() + ")",
                                null));
                used.add(match.get().nodeId());
            }
        }
        List<Proposal> ordered = new ArrayList<>();
        for (CanonicalSignal s : CanonicalSignal.values()) {
            if (!chosen.containsKey(s)) continue;
            Proposal pr = withUnit(chosen.get(s), s, units.get(chosen.get(s).nodeId()));
            if (!pr.unitConverted())
                notes.add(pr.signal() + ": " + pr.nodeId() + " is in " + pr.unit() + ", which cannot be converted to "
                        + s.unit() + "; set scale and offset by hand or map another node");
            ordered.add(pr);
        }
        return new Result(ordered, identificationValues, specs, notes);
    }

    /** The Identification variables (OPC 40001-1 / DI) below the root, as paths to read. */
    public static Map<String, AddressSpace.Walked> identificationNodes(List<AddressSpace.Walked> nodes) {
        Map<String, AddressSpace.Walked> out = new LinkedHashMap<>();
        for (String field :
                List.of("Manufacturer", "Model", "SerialNumber", "ProductInstanceUri", "YearOfConstruction")) {
            find(
                            nodes,
                            w -> w.nodeClass() == NodeClass.Variable
                                    && w.path().size() >= 2
                                    && last(w.path(), 0).name().equals(field)
                                    && last(w.path(), 1).name().equals("Identification"))
                    .ifPresent(w -> out.put(field.substring(0, 1).toLowerCase(Locale.ROOT) + field.substring(1), w));
        }
        return out;
    }

    private static boolean isCompanionInternal(AddressSpace.Walked w) {
        // the state machines' own variables (Id, Number, CurrentState…) are not vendor signals
        return w.path().stream()
                .anyMatch(e -> MACHINERY_NS.equals(e.namespaceUri()) && e.name().startsWith("Machinery"));
    }

    private static boolean isNumericVariable(AddressSpace.Walked w) {
        return w.nodeClass() == NodeClass.Variable && w.dataType() != null && NUMERIC.contains(w.dataType());
    }

    private static Proposal proposal(
            CanonicalSignal s, AddressSpace.Walked w, String rule, String reason, Map<Long, Double> valueMap) {
        return new Proposal(
                s.key(), w.nodeId(), w.path(), rule, reason, valueMap == null ? Map.of() : valueMap, 1, 0, null, true);
    }

    /** The proposal with the conversion of the node's EngineeringUnits to the signal's unit, stated in its reason. */
    static Proposal withUnit(Proposal p, CanonicalSignal s, UnitConversions.Unit unit) {
        if (unit == null) return p;
        String label = unit.label();
        if (s.unit().equals("code")) {
            return new Proposal(
                    p.signal(),
                    p.nodeId(),
                    p.path(),
                    p.rule(),
                    p.reason() + "; its EngineeringUnits (" + label + ") do not apply to a code and are ignored",
                    p.valueMap(),
                    1,
                    0,
                    label,
                    true);
        }
        var conversion = UnitConversions.toCanonical(unit, s.unit());
        if (conversion.isEmpty()) {
            return new Proposal(
                    p.signal(),
                    p.nodeId(),
                    p.path(),
                    p.rule(),
                    p.reason() + "; its EngineeringUnits say " + label + ", which cannot be converted to " + s.unit()
                            + " (the signal's unit): check the node, or set scale and offset by hand",
                    p.valueMap(),
                    1,
                    0,
                    label,
                    false);
        }
        double scale = conversion.get().scale(), offset = conversion.get().offset();
        String how = scale == 1 && offset == 0
                ? "already in " + s.unit() + " (scale 1)"
                : "converted from " + label + " to " + s.unit() + ": scale " + number(scale)
                        + (offset == 0 ? "" : ", offset " + number(offset));
        return new Proposal(
                p.signal(),
                p.nodeId(),
                p.path(),
                p.rule(),
                p.reason() + "; EngineeringUnits " + label + ", " + how,
                p.valueMap(),
                scale,
                offset,
                label,
                true);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static PathElement last(List<PathElement> path, int fromEnd) {
        return path.get(path.size() - 1 - fromEnd);
    }

    /** Whether the path ends with the names given, the first of them in namespace {@code ns}. */
    private static boolean endsWith(List<PathElement> path, String ns, String... names) {
        if (path.size() < names.length) return false;
        int start = path.size() - names.length;
        for (int i = 0; i < names.length; i++) {
            if (!path.get(start + i).name().equals(names[i])) return false;
        }
        return ns.equals(path.get(start).namespaceUri());
    }

    private static Optional<AddressSpace.Walked> find(
            List<AddressSpace.Walked> nodes, java.util.function.Predicate<AddressSpace.Walked> p) {
        return nodes.stream().filter(p).findFirst();
    }
}
