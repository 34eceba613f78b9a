package org.tiangong.analytics.calendar;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;

/** Reads and writes plant calendars. A plant with no shifts configured works {@link ShiftCalendar#threeShifts}. */
public final class CalendarStore {

    private final Jdbc jdbc;

    public CalendarStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public ShiftCalendar calendar(UUID plantId) throws SQLException {
        ZoneId zone = jdbc.one("SELECT time_zone FROM plant WHERE id = ?", rs -> ZoneId.of(rs.getString(1)), plantId)
                .orElseThrow(() -> new IllegalArgumentException("no plant " + plantId));
        List<ShiftPattern> shifts = jdbc.list(
                "SELECT name, start_time, end_time FROM plant_shift WHERE plant_id = ? ORDER BY start_time",
                rs -> new ShiftPattern(
                        rs.getString(1), rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class)),
                plantId);
        if (shifts.isEmpty()) shifts = ShiftCalendar.threeShifts(zone).patterns();
        List<ShiftCalendar.DailyBreak> breaks = jdbc.list(
                "SELECT start_time, end_time, reason FROM plant_break WHERE plant_id = ?",
                rs -> new ShiftCalendar.DailyBreak(
                        rs.getObject(1, LocalTime.class), rs.getObject(2, LocalTime.class), rs.getString(3)),
                plantId);
        List<LocalDate> holidays = jdbc.list(
                "SELECT day FROM plant_holiday WHERE plant_id = ?", rs -> rs.getObject(1, LocalDate.class), plantId);
        List<PlannedStop> stops = jdbc.list(
                "SELECT starts_at, ends_at, reason FROM planned_stop WHERE plant_id = ?",
                rs -> new PlannedStop(
                        new TimeRange(Jdbc.instant(rs, "starts_at"), Jdbc.instant(rs, "ends_at")), rs.getString(3)),
                plantId);
        return new ShiftCalendar(zone, shifts, breaks, new HashSet<>(holidays), stops);
    }

    /** The plant's own settings, without the three-shift default: what an editor shows. */
    public record Settings(
            List<ShiftPattern> shifts,
            List<ShiftCalendar.DailyBreak> breaks,
            List<LocalDate> holidays,
            List<StoredStop> plannedStops) {}

    public record StoredStop(long id, TimeRange range, String reason) {}

    public Settings settings(UUID plantId) throws SQLException {
        return new Settings(
                jdbc.list(
                        "SELECT name, start_time, end_time FROM plant_shift WHERE plant_id = ? ORDER BY start_time",
                        rs -> new ShiftPattern(
                                rs.getString(1), rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class)),
                        plantId),
                jdbc.list(
                        "SELECT start_time, end_time, reason FROM plant_break WHERE plant_id = ? ORDER BY start_time",
                        rs -> new ShiftCalendar.DailyBreak(
                                rs.getObject(1, LocalTime.class), rs.getObject(2, LocalTime.class), rs.getString(3)),
                        plantId),
                jdbc.list(
                        "SELECT day FROM plant_holiday WHERE plant_id = ? ORDER BY day",
                        rs -> rs.getObject(1, LocalDate.class),
                        plantId),
                jdbc.list(
                        "SELECT id, starts_at, ends_at, reason FROM planned_stop WHERE plant_id = ? ORDER BY starts_at",
                        rs -> new StoredStop(
                                rs.getLong(1),
                                new TimeRange(Jdbc.instant(rs, "starts_at"), Jdbc.instant(rs, "ends_at")),
                                rs.getString(4)),
                        plantId));
    }

    /** Replaces shifts, breaks and holidays in one transaction. */
    public void replace(
            UUID plantId, List<ShiftPattern> shifts, List<ShiftCalendar.DailyBreak> breaks, List<LocalDate> holidays)
            throws SQLException {
        jdbc.inTransaction(tx -> {
            tx.update("DELETE FROM plant_shift WHERE plant_id = ?", plantId);
            tx.update("DELETE FROM plant_break WHERE plant_id = ?", plantId);
            tx.update("DELETE FROM plant_holiday WHERE plant_id = ?", plantId);
            for (ShiftPattern s : shifts) {
                tx.update(
                        "INSERT INTO plant_shift (plant_id, name, start_time, end_time) VALUES (?, ?, ?, ?)",
                        plantId,
                        s.name(),
                        s.start(),
                        s.end());
            }
            for (ShiftCalendar.DailyBreak b : breaks) {
                tx.update(
                        "INSERT INTO plant_break (plant_id, start_time, end_time, reason) VALUES (?, ?, ?, ?)",
                        plantId,
                        b.start(),
                        b.end(),
                        b.reason());
            }
            for (LocalDate d : holidays)
                tx.update("INSERT INTO plant_holiday (plant_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING", plantId, d);
        });
    }

    public long addPlannedStopReturningId(UUID plantId, Instant start, Instant end, String reason) throws SQLException {
        return jdbc.one(
                        "INSERT INTO planned_stop (plant_id, starts_at, ends_at, reason) VALUES (?, ?, ?, ?) RETURNING id",
                        rs -> rs.getLong(1),
                        plantId,
                        start,
                        end,
                        reason)
                .orElseThrow();
    }

    public boolean deletePlannedStop(UUID plantId, long stopId) throws SQLException {
        return jdbc.update("DELETE FROM planned_stop WHERE plant_id = ? AND id = ?", plantId, stopId) == 1;
    }

    public void setShifts(UUID plantId, List<ShiftPattern> shifts) throws SQLException {
        jdbc.update("DELETE FROM plant_shift WHERE plant_id = ?", plantId);
        for (ShiftPattern s : shifts) {
            jdbc.update(
                    "INSERT INTO plant_shift (plant_id, name, start_time, end_time) VALUES (?, ?, ?, ?)",
                    plantId,
                    s.name(),
                    s.start(),
                    s.end());
        }
    }

    public void addBreak(UUID plantId, LocalTime start, LocalTime end, String reason) throws SQLException {
        jdbc.update(
                "INSERT INTO plant_break (plant_id, start_time, end_time, reason) VALUES (?, ?, ?, ?)",
                plantId,
                start,
                end,
                reason);
    }

    public void addHoliday(UUID plantId, LocalDate day, String name) throws SQLException {
        jdbc.update(
                "INSERT INTO plant_holiday (plant_id, day, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                plantId,
                day,
                name);
    }

    public void addPlannedStop(UUID plantId, Instant start, Instant end, String reason) throws SQLException {
        jdbc.update(
                "INSERT INTO planned_stop (plant_id, starts_at, ends_at, reason) VALUES (?, ?, ?, ?)",
                plantId,
                start,
                end,
                reason);
    }
}
