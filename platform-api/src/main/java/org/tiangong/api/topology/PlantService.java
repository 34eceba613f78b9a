package org.tiangong.api.topology;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.Enterprise;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.Plant;
import org.tiangong.analytics.model.SignalInfo;
import org.tiangong.analytics.telemetry.LatestValue;
import org.tiangong.analytics.telemetry.TelemetryQueries;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;

/** The plant hierarchy as the API shows it, filtered by {@link AccessPolicy}. Blocking (JDBC): call it from a worker. */
public final class PlantService {

    private final PlantDirectory directory;
    private final TelemetryQueries telemetry;
    private final AccessPolicy access;

    public PlantService(PlantDirectory directory, TelemetryQueries telemetry, AccessPolicy access) {
        this.directory = directory;
        this.telemetry = telemetry;
        this.access = access;
    }

    /** The enterprises the principal may see. */
    public JsonArray enterprises(Principal p) throws SQLException {
        List<Enterprise> visible = new java.util.ArrayList<>();
        for (Enterprise e : directory.enterprises()) if (access.canSeeEnterprise(p, e.id())) visible.add(e);
        return array(visible, PlantService::enterpriseJson);
    }

    public JsonArray plants(Principal p, UUID enterpriseId) throws SQLException {
        access.requireEnterprise(p, enterpriseId);
        List<Plant> visible = new java.util.ArrayList<>();
        for (Plant plant : directory.plants(enterpriseId)) if (access.canSeePlant(p, plant.id())) visible.add(plant);
        return array(visible, PlantService::plantJson);
    }

    public JsonArray lines(Principal p, UUID plantId) throws SQLException {
        access.requirePlant(p, plantId);
        List<Line> visible = new java.util.ArrayList<>();
        for (Line l : directory.lines(plantId)) if (access.canSeeLine(p, l.id())) visible.add(l);
        return array(visible, PlantService::lineJson);
    }

    public JsonArray machines(Principal p, UUID lineId) throws SQLException {
        access.requireLine(p, lineId);
        JsonArray out = new JsonArray();
        for (Machine m : directory.machines(lineId)) {
            if (access.canSeeMachine(p, m.id())) out.add(machineJson(m, telemetry.latest(m.id()), false));
        }
        return out;
    }

    public JsonObject machine(Principal p, UUID machineId) throws SQLException {
        Machine m = requireMachine(p, machineId);
        JsonObject json = machineJson(m, telemetry.latest(m.id()), true);
        JsonArray signals = new JsonArray();
        for (SignalInfo s : directory.signals(m.id())) {
            signals.add(new JsonObject()
                    .put("name", s.signal().key())
                    .put("unit", s.unit())
                    .put("sourceNode", s.sourceNode()));
        }
        return json.put("signals", signals);
    }

    /** The machine, when it exists and the principal may see it; 404 otherwise. */
    public Machine requireMachine(Principal p, UUID machineId) throws SQLException {
        access.requireMachine(p, machineId);
        return directory.machine(machineId).orElseThrow(() -> ApiException.notFound("no such machine"));
    }

    public SignalInfo requireSignal(Principal p, UUID machineId, String signalKey) throws SQLException {
        requireMachine(p, machineId);
        CanonicalSignal signal = CanonicalSignal.fromKey(signalKey)
                .orElseThrow(() -> ApiException.notFound("no signal '" + clip(signalKey) + "'; canonical signals are "
                        + List.of(CanonicalSignal.values()).stream()
                                .map(CanonicalSignal::key)
                                .collect(Collectors.joining(", "))));
        return directory
                .signal(machineId, signal)
                .orElseThrow(() -> ApiException.notFound("this machine has no signal " + signal.key()));
    }

    private static JsonObject machineJson(Machine m, List<LatestValue> latest, boolean withValues) {
        Map<CanonicalSignal, LatestValue> bySignal =
                latest.stream().collect(Collectors.toMap(LatestValue::signal, Function.identity()));
        Instant lastSampleAt =
                latest.stream().map(LatestValue::time).max(Instant::compareTo).orElse(null);
        LatestValue state = bySignal.get(CanonicalSignal.STATE);
        String stateName = org.tiangong.analytics.model.MachineState.NO_DATA.key();
        if (state != null) {
            stateName = org.tiangong.analytics.telemetry.StateIntervals.stateOf(
                    new org.tiangong.analytics.telemetry.StateSample(state.time(), state.value(), state.status()));
        }
        JsonObject json = new JsonObject()
                .put("id", m.id().toString())
                .put("lineId", m.lineId().toString())
                .put("code", m.code())
                .put("name", m.name())
                .put("kind", m.kind().code())
                .put("kindLabel", m.kind().label())
                .put("model", m.model())
                .put("idealCycleTimeSeconds", m.idealCycleTimeSeconds())
                .put("ratedPowerKw", m.ratedPowerKw())
                .put("state", stateName)
                .put("stateSince", state == null ? null : state.time().toString())
                .put("lastSampleAt", lastSampleAt == null ? null : lastSampleAt.toString());
        if (withValues) {
            JsonObject values = new JsonObject();
            for (LatestValue v : latest) {
                values.put(
                        v.signal().key(),
                        new JsonObject()
                                .put("value", Double.isFinite(v.value()) ? v.value() : null)
                                .put("unit", v.signal().unit())
                                .put("time", v.time().toString())
                                .put("status", statusText(v.status())));
            }
            json.put("current", values);
        }
        return json;
    }

    /** "Good", or the StatusCode in hex for anything else (e.g. 0x80000000 Bad). */
    static String statusText(int status) {
        return status == 0 ? "Good" : String.format("0x%08X", status);
    }

    private static JsonObject enterpriseJson(Enterprise e) {
        return new JsonObject()
                .put("id", e.id().toString())
                .put("code", e.code())
                .put("name", e.name());
    }

    private static JsonObject plantJson(Plant p) {
        return new JsonObject()
                .put("id", p.id().toString())
                .put("enterpriseId", p.enterpriseId().toString())
                .put("code", p.code())
                .put("name", p.name())
                .put("timeZone", p.timeZone());
    }

    private static JsonObject lineJson(Line l) {
        return new JsonObject()
                .put("id", l.id().toString())
                .put("plantId", l.plantId().toString())
                .put("code", l.code())
                .put("name", l.name());
    }

    private static <T> JsonArray array(List<T> items, Function<T, JsonObject> toJson) {
        JsonArray out = new JsonArray();
        items.forEach(i -> out.add(toJson.apply(i)));
        return out;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
