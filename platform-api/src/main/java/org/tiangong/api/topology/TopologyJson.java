package org.tiangong.api.topology;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.tiangong.analytics.model.Enterprise;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.Plant;
import org.tiangong.analytics.topology.IdealCycleChange;

/** The topology as the API shows it: the same fields as the GET representations of {@code PlantRoutes}. */
final class TopologyJson {

    private TopologyJson() {}

    static JsonObject enterprise(Enterprise e) {
        return new JsonObject()
                .put("id", e.id().toString())
                .put("code", e.code())
                .put("name", e.name());
    }

    static JsonObject plant(Plant p) {
        return new JsonObject()
                .put("id", p.id().toString())
                .put("enterpriseId", p.enterpriseId().toString())
                .put("code", p.code())
                .put("name", p.name())
                .put("timeZone", p.timeZone());
    }

    static JsonObject line(Line l) {
        return new JsonObject()
                .put("id", l.id().toString())
                .put("plantId", l.plantId().toString())
                .put("code", l.code())
                .put("name", l.name());
    }

    static JsonObject machine(Machine m, Instant retiredAt) {
        return new JsonObject()
                .put("id", m.id().toString())
                .put("lineId", m.lineId().toString())
                .put("code", m.code())
                .put("name", m.name())
                .put("kind", m.kind().code())
                .put("kindLabel", m.kind().label())
                .put("model", m.model())
                .put("idealCycleTimeSeconds", m.idealCycleTimeSeconds())
                .put("ratedPowerKw", m.ratedPowerKw())
                .put("retiredAt", retiredAt == null ? null : retiredAt.toString());
    }

    static JsonArray idealCycles(List<IdealCycleChange> steps) {
        JsonArray out = new JsonArray();
        for (IdealCycleChange c : steps) {
            out.add(new JsonObject()
                    .put(
                            "effectiveFrom",
                            c.effectiveFrom() == null ? null : c.effectiveFrom().toString())
                    .put("seconds", c.seconds())
                    .put("setBy", c.setBy())
                    .put("setAt", c.setAt() == null ? null : c.setAt().toString()));
        }
        return out;
    }
}
