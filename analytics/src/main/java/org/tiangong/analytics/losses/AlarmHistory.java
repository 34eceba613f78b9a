package org.tiangong.analytics.losses;

import java.sql.SQLException;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** A machine's Good alarm-code values over a window, with the one in force at its start. */
public final class AlarmHistory {

    private final Jdbc jdbc;

    public AlarmHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Alarm code by the time it was raised (0 = cleared); empty for a machine without an alarm_code signal. */
    public NavigableMap<Instant, Integer> load(UUID machineId, Instant from, Instant end) throws SQLException {
        NavigableMap<Instant, Integer> alarms = new TreeMap<>();
        var alarm = jdbc.one(
                "SELECT id FROM signal WHERE machine_id = ? AND name = 'alarm_code'", rs -> rs.getInt(1), machineId);
        if (alarm.isEmpty()) return alarms;
        jdbc.one(
                "SELECT time, value FROM telemetry WHERE signal_id = ? AND time < ? AND status >= 0 AND status < 1073741824 "
                        + "ORDER BY time DESC LIMIT 1",
                rs -> alarms.put(Jdbc.instant(rs, "time"), (int) rs.getDouble(2)),
                alarm.get(),
                from);
        jdbc.list(
                "SELECT time, value FROM telemetry WHERE signal_id = ? AND time >= ? AND time < ? AND status >= 0 AND status < 1073741824",
                rs -> alarms.put(Jdbc.instant(rs, "time"), (int) rs.getDouble(2)),
                alarm.get(),
                from,
                end);
        return alarms;
    }
}
