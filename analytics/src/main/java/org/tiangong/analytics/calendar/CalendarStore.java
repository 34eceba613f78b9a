package org.tiangong.analytics.calendar;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;

/**
 * Reads and writes production calendars. A plant with no shifts configured works {@link ShiftCalendar#threeShifts}; a
 * line with shifts of its own works those instead of the plant's, and a machine with its own instead of its line's
 * (breaks, holidays and planned stops are always the plant's).
 */
public final class CalendarStore {

    /** Where a line's or machine's shifts come from. */
    public enum ShiftSource {
        PLANT,
        LINE,
        MACHINE;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A line's or machine's effective calendar and where its shifts come from. */
    public record Effective(ShiftCalendar calendar, ShiftSource source) {}

    private static final String SHIFT_COLUMNS = "name, start_time, end_time, weekdays";

    private final Jdbc jdbc;

    public CalendarStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public ShiftCalendar calendar(UUID plantId) throws SQLException {
        ZoneId zone = jdbc.one("SELECT time_zone FROM plant WHERE id = ?", rs -> ZoneId.of(rs.getString(1)), plantId)
                .orElseThrow(() -> new IllegalArgumentException("no plant " + plantId));
        List<ShiftPattern> shifts = plantShifts(plantId);
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
                plantShifts(plantId),
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
                        "INSERT INTO plant_shift (plant_id, name, start_time, end_time, weekdays) VALUES (?, ?, ?, ?, ?)",
                        plantId,
                        s.name(),
                        s.start(),
                        s.end(),
                        s.weekdayMask());
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
        replaceShifts("plant_shift", "plant_id", plantId, shifts);
    }

    /** A line's own shifts; empty: the line works its plant's. */
    public void setLineShifts(UUID lineId, List<ShiftPattern> shifts) throws SQLException {
        replaceShifts("line_shift", "line_id", lineId, shifts);
    }

    /** A machine's own shifts; empty: the machine works its line's (or plant's). */
    public void setMachineShifts(UUID machineId, List<ShiftPattern> shifts) throws SQLException {
        replaceShifts("machine_shift", "machine_id", machineId, shifts);
    }

    /** The line's own shifts (empty when it inherits the plant's). */
    public List<ShiftPattern> lineShifts(UUID lineId) throws SQLException {
        return shifts("line_shift", "line_id", lineId);
    }

    /** The machine's own shifts (empty when it inherits). */
    public List<ShiftPattern> machineShifts(UUID machineId) throws SQLException {
        return shifts("machine_shift", "machine_id", machineId);
    }

    /** A line's effective calendar: its plant's, with the line's own shifts where it has some. */
    public Effective lineCalendar(UUID lineId) throws SQLException {
        UUID plant = jdbc.one("SELECT plant_id FROM line WHERE id = ?", rs -> rs.getObject(1, UUID.class), lineId)
                .orElseThrow(() -> new IllegalArgumentException("no line " + lineId));
        List<ShiftPattern> own = lineShifts(lineId);
        ShiftCalendar plantCalendar = calendar(plant);
        return own.isEmpty()
                ? new Effective(plantCalendar, ShiftSource.PLANT)
                : new Effective(plantCalendar.withShifts(own), ShiftSource.LINE);
    }

    /** A machine's effective calendar: its own shifts, else its line's, else its plant's. */
    public Effective machineCalendar(UUID machineId) throws SQLException {
        UUID line = jdbc.one("SELECT line_id FROM machine WHERE id = ?", rs -> rs.getObject(1, UUID.class), machineId)
                .orElseThrow(() -> new IllegalArgumentException("no machine " + machineId));
        List<ShiftPattern> own = machineShifts(machineId);
        Effective lineCalendar = lineCalendar(line);
        return own.isEmpty()
                ? lineCalendar
                : new Effective(lineCalendar.calendar().withShifts(own), ShiftSource.MACHINE);
    }

    /**
     * Each machine's effective calendar, in a fixed number of queries (machines that do not exist are absent).
     * Machines of one plant without shifts of their own or of their line share one calendar object.
     */
    public Map<UUID, ShiftCalendar> machineCalendars(List<UUID> machineIds) throws SQLException {
        UUID[] ids = machineIds.toArray(new UUID[0]);
        record Place(UUID line, UUID plant) {}
        Map<UUID, Place> places = new HashMap<>();
        jdbc.list(
                "SELECT m.id, m.line_id, l.plant_id FROM machine m JOIN line l ON l.id = m.line_id WHERE m.id = ANY(?)",
                rs -> places.put(
                        rs.getObject(1, UUID.class),
                        new Place(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class))),
                (Object) ids);
        Map<UUID, List<ShiftPattern>> byLine = new HashMap<>(), byMachine = new HashMap<>();
        jdbc.list(
                "SELECT line_id, " + SHIFT_COLUMNS + " FROM line_shift WHERE line_id = ANY(?) ORDER BY start_time",
                rs -> byLine.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(shift(rs, 2)),
                (Object) places.values().stream().map(Place::line).distinct().toArray(UUID[]::new));
        jdbc.list(
                "SELECT machine_id, " + SHIFT_COLUMNS
                        + " FROM machine_shift WHERE machine_id = ANY(?) ORDER BY start_time",
                rs -> byMachine
                        .computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(shift(rs, 2)),
                (Object) ids);
        Map<UUID, ShiftCalendar> plants = new HashMap<>(), lines = new HashMap<>();
        Map<UUID, ShiftCalendar> out = new HashMap<>();
        for (UUID m : machineIds) {
            Place p = places.get(m);
            if (p == null) continue;
            ShiftCalendar plant = plants.get(p.plant());
            if (plant == null) plants.put(p.plant(), plant = calendar(p.plant()));
            ShiftCalendar line = plant;
            if (byLine.containsKey(p.line())) {
                final ShiftCalendar base = plant;
                line = lines.computeIfAbsent(p.line(), k -> base.withShifts(byLine.get(k)));
            }
            out.put(m, byMachine.containsKey(m) ? line.withShifts(byMachine.get(m)) : line);
        }
        return out;
    }

    private List<ShiftPattern> plantShifts(UUID plantId) throws SQLException {
        return shifts("plant_shift", "plant_id", plantId);
    }

    /** {@code table} and {@code key} are one of our three shift tables and its owner column, never user input. */
    private List<ShiftPattern> shifts(String table, String key, UUID owner) throws SQLException {
        return jdbc.list(
                "SELECT " + SHIFT_COLUMNS + " FROM " + table + " WHERE " + key + " = ? ORDER BY start_time",
                rs -> shift(rs, 1),
                owner);
    }

    private void replaceShifts(String table, String key, UUID owner, List<ShiftPattern> shifts) throws SQLException {
        jdbc.inTransaction(tx -> {
            tx.update("DELETE FROM " + table + " WHERE " + key + " = ?", owner);
            for (ShiftPattern s : shifts) {
                tx.update(
                        "INSERT INTO " + table + " (" + key + ", " + SHIFT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                        owner,
                        s.name(),
                        s.start(),
                        s.end(),
                        s.weekdayMask());
            }
        });
    }

    private static ShiftPattern shift(java.sql.ResultSet rs, int first) throws SQLException {
        return new ShiftPattern(
                rs.getString(first),
                rs.getObject(first + 1, LocalTime.class),
                rs.getObject(first + 2, LocalTime.class),
                ShiftPattern.days(rs.getInt(first + 3)));
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
