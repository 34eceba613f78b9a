package org.tiangong.api.demo;

import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftPattern;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.collector.sim.PlantDefinition;

/**
 * The demo's calendars say what its story says: nobody works on Sundays; the demo plant works three shifts, and at
 * night (00:00–08:00) only the machines that run at night are planned (the history back-fill switches every second
 * machine of a line off then); the county's enterprises work one day shift, 08:00–20:00. Set once: a plant that
 * already has shifts of its own (a restarted demo, or one a plant manager edited) is left as it is.
 */
final class DemoCalendars {

    static final Set<DayOfWeek> MON_SAT = Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));
    static final ShiftPattern MORNING =
            new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0), MON_SAT);
    static final ShiftPattern EVENING =
            new ShiftPattern("中班 evening", LocalTime.of(16, 0), LocalTime.MIDNIGHT, MON_SAT);
    static final ShiftPattern NIGHT = new ShiftPattern("夜班 night", LocalTime.MIDNIGHT, LocalTime.of(8, 0), MON_SAT);
    static final ShiftPattern DAY = new ShiftPattern("白班 day", LocalTime.of(8, 0), LocalTime.of(20, 0), MON_SAT);

    private final CalendarStore calendars;
    private final PlantDirectory directory;

    DemoCalendars(CalendarStore calendars, PlantDirectory directory) {
        this.calendars = calendars;
        this.directory = directory;
    }

    /** A county enterprise's plant: the day shift, Monday to Saturday. */
    void countyPlant(UUID plantId) throws SQLException {
        if (calendars.settings(plantId).shifts().isEmpty()) calendars.setShifts(plantId, List.of(DAY));
    }

    /**
     * The demo plant: three shifts Monday to Saturday; the machines that {@code plant}'s history has off at night (every
     * second machine of a line, in the definition's order) work the morning and evening shifts only.
     */
    void demoPlant(UUID enterpriseId, PlantDefinition plant) throws SQLException {
        UUID plantId = directory.plants(enterpriseId).get(0).id();
        if (!calendars.settings(plantId).shifts().isEmpty()) return;
        calendars.setShifts(plantId, List.of(MORNING, EVENING, NIGHT));
        Set<MachinePath> offAtNight = new HashSet<>();
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            for (int k = 1; k < line.machines().size(); k += 2)
                offAtNight.add(plant.pathOf(line.code(), line.machines().get(k).code()));
        }
        var enterprise = directory.enterprises().stream()
                .filter(e -> e.id().equals(enterpriseId))
                .findFirst()
                .orElseThrow();
        var p = directory.plants(enterpriseId).get(0);
        for (Line line : directory.lines(plantId)) {
            for (Machine m : directory.machines(line.id())) {
                if (offAtNight.contains(new MachinePath(enterprise.code(), p.code(), line.code(), m.code())))
                    calendars.setMachineShifts(m.id(), List.of(MORNING, EVENING));
            }
        }
    }
}
