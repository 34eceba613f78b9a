package org.tiangong.analytics.telemetry;

import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/**
 * A counter signal's own ceiling ({@code signal.counter_max_per_hour}, V40): parts per hour for a part counter, kW
 * for an energy meter; it replaces the machine's default in the counter rule ({@link CounterLimit#perHour}). A change
 * rebuilds the machine's rollups (a V40 trigger), so past data is judged by the new ceiling too.
 */
public final class CounterCeilings {

    /** The largest ceiling accepted (the column's CHECK). */
    public static final double MAX_PER_HOUR = 1e9;

    private final Jdbc jdbc;

    public CounterCeilings(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Sets ({@code maxPerHour} > 0) or clears (null) the ceiling of a signal. */
    public void set(int signalId, Double maxPerHour) throws SQLException {
        if (maxPerHour != null && !(maxPerHour > 0 && maxPerHour < MAX_PER_HOUR))
            throw new IllegalArgumentException("maxPerHour must be > 0 and < 1e9");
        jdbc.update("UPDATE signal SET counter_max_per_hour = ? WHERE id = ?", maxPerHour, signalId);
    }

    public Optional<Double> get(int signalId) throws SQLException {
        return jdbc.one(
                        "SELECT counter_max_per_hour AS v FROM signal WHERE id = ?",
                        rs -> {
                            double v = rs.getDouble(1);
                            return rs.wasNull() ? Double.NaN : v;
                        },
                        signalId)
                .filter(v -> !v.isNaN());
    }
}
