package org.tiangong.analytics.losses;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.StateInterval;

/** Operators' reasons in the Pareto: they name stops no alarm names, and never override an alarm. */
class DowntimeClassificationTest {

    static final Instant T = Instant.parse("2026-11-30T00:00:00Z");
    static final ReasonStore.Reason MATERIAL = new ReasonStore.Reason(9001, "等待物料 waiting for material", false);
    static final ReasonStore.Reason MAINTENANCE = new ReasonStore.Reason(9004, "计划保养 planned maintenance", true);
    static final ReasonStore.Reason SPINDLE = new ReasonStore.Reason(1001, "主轴过载 spindle overload", false);

    static StateInterval at(int fromMinute, int toMinute, String state) {
        return new StateInterval(T.plusSeconds(fromMinute * 60L), T.plusSeconds(toMinute * 60L), state);
    }

    @Test
    void aClassifiedIdleStopCountsUnderTheOperatorsReason() {
        List<StateInterval> intervals =
                List.of(at(0, 10, "running"), at(10, 20, "idle"), at(20, 30, "running"), at(30, 35, "idle"));
        var stops = Downtime.stops(
                intervals,
                List.of(new TimeRange(T, T.plusSeconds(3600))),
                new TreeMap<>(),
                Map.of(1001, SPINDLE),
                Map.of(T.plusSeconds(600), MATERIAL),
                Duration.ofMinutes(2));
        DowntimeReport report = Downtime.report(stops, 1200);
        assertThat(report.reasons())
                .extracting(DowntimeReport.Reason::reason)
                .containsExactly("等待物料 waiting for material", "待机 idle");
        assertThat(report.reasons().get(0).seconds()).isEqualTo(600);
    }

    @Test
    void anAlarmNamedFaultKeepsItsAlarmsNameAndAnUncodedFaultTakesTheOperatorsPlannedReason() {
        List<StateInterval> intervals = List.of(at(0, 10, "fault"), at(10, 20, "running"), at(20, 30, "fault"));
        TreeMap<Instant, Integer> alarms = new TreeMap<>(Map.of(T, 1001, T.plusSeconds(599), 0));
        var classified = Map.of(T, MATERIAL, T.plusSeconds(1200), MAINTENANCE);
        var stops = Downtime.stops(
                intervals,
                List.of(new TimeRange(T, T.plusSeconds(3600))),
                alarms,
                Map.of(1001, SPINDLE),
                classified,
                Duration.ofMinutes(2));
        assertThat(stops)
                .extracting(StopEvent::reason)
                .containsExactly("主轴过载 spindle overload", "计划保养 planned maintenance");
        assertThat(stops).extracting(StopEvent::planned).containsExactly(false, true);
        // the planned one is downtime but not a failure
        assertThat(Downtime.report(stops, 600).failures()).isEqualTo(1);
    }
}
