package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import org.tiangong.analytics.db.ConstraintViolation;
import org.tiangong.analytics.upgrade.Asset;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Bodies;

/** Reads a ledger asset from a JSON body; refuses unknown fields; turns duplicate keys into 409. */
final class AssetFields {

    private static final Set<String> KNOWN = Set.of(
            "plantId",
            "code",
            "name",
            "kind",
            "production",
            "numericalControl",
            "keyProcess",
            "commissionedYear",
            "machineId");

    private AssetFields() {}

    static Asset asset(JsonObject body, UUID id) {
        known(body, KNOWN);
        UUID plant = Bodies.uuid(body, "plantId");
        String code = Bodies.string(body, "code", 64);
        String name = Bodies.string(body, "name", 200);
        String kind = Bodies.string(body, "kind", 100);
        if (body.getValue("numericalControl") == null || body.getValue("keyProcess") == null) {
            throw ApiException.badRequest("numericalControl and keyProcess are required (true or false)");
        }
        return new Asset(
                id,
                plant,
                code,
                name,
                kind,
                Fields.bool(body, "production", true),
                Fields.bool(body, "numericalControl", false),
                Fields.bool(body, "keyProcess", false),
                Fields.wholeNumber(body, "commissionedYear", 1950, 2200),
                Bodies.optionalUuid(body, "machineId"));
    }

    static void known(JsonObject body, Set<String> fields) {
        for (String k : body.fieldNames()) {
            if (!fields.contains(k))
                throw ApiException.badRequest("unknown field '"
                        + (k.length() > 40 ? k.substring(0, 40) : k).replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    @FunctionalInterface
    interface Write<T> {
        T run() throws SQLException;
    }

    /** Runs a write; a duplicate key becomes 409 with {@code message}. */
    static <T> T conflictOnDuplicate(Write<T> write, String message) throws SQLException {
        try {
            return write.run();
        } catch (SQLException ex) {
            if (ConstraintViolation.is(ex, ConstraintViolation.Kind.DUPLICATE_KEY))
                throw ApiException.conflict(message);
            throw ex;
        }
    }
}
