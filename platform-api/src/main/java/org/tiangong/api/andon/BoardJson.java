package org.tiangong.api.andon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.Plant;
import org.tiangong.analytics.oee.MachineStatus;
import org.tiangong.api.oee.OeeRoutes;

/** The Andon board as JSON, the same for {@code GET /lines/{id}/status} and every event of the live stream. */
public final class BoardJson {

    private BoardJson() {}

    public static JsonObject of(UUID lineId, List<Machine> machines, Map<UUID, MachineStatus> statuses, Instant at) {
        JsonArray out = new JsonArray();
        for (Machine m : machines) {
            MachineStatus s = statuses.get(m.id());
            JsonObject json = new JsonObject()
                    .put("id", m.id().toString())
                    .put("code", m.code())
                    .put("name", m.name())
                    .put("kind", m.kind().code())
                    .put("state", s.state())
                    .put("since", s.since() == null ? null : s.since().toString())
                    .put(
                            "lastSampleAt",
                            s.lastSampleAt() == null ? null : s.lastSampleAt().toString());
            if (s.shift() != null) {
                json.put(
                        "shift",
                        OeeRoutes.json(s.shift().result())
                                .put("label", s.shift().label())
                                .put("from", s.shift().range().start().toString())
                                .put("to", s.shift().range().end().toString()));
            }
            out.add(json);
        }
        return new JsonObject()
                .put("lineId", lineId.toString())
                .put("at", at.toString())
                .put("machines", out);
    }

    /** The board with the line and its plant (name, time zone), as the live stream sends it. */
    public static JsonObject withPlace(JsonObject board, Line line, Plant plant) {
        return board.put(
                        "line",
                        new JsonObject()
                                .put("id", line.id().toString())
                                .put("code", line.code())
                                .put("name", line.name()))
                .put(
                        "plant",
                        new JsonObject()
                                .put("id", plant.id().toString())
                                .put("code", plant.code())
                                .put("name", plant.name())
                                .put("timeZone", plant.timeZone()));
    }
}
