package org.tiangong.analytics.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateTimelineTest {

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

    static StateSample s(int secondsAfterT0, int code) {
        return new StateSample(T0.plusSeconds(secondsAfterT0), code, 0);
    }

    @Test
    void aStateHoldsUntilTheNextSample() {
        StateDurations d = StateTimeline.measure(
                T0, T0.plusSeconds(100), s(-50, 1), List.of(s(10, 2), s(70, 4)), T0.plusSeconds(1000), NOW);
        assertThat(d.seconds("idle")).isEqualTo(10.0);
        assertThat(d.seconds("running")).isEqualTo(60.0);
        assertThat(d.seconds("fault")).isEqualTo(30.0);
        assertThat(d.elapsedSeconds()).isEqualTo(100.0);
        assertThat(d.utilization()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void timeBeforeTheFirstSampleAndAfterTheLastReportIsNoData() {
        StateDurations d =
                StateTimeline.measure(T0, T0.plusSeconds(100), null, List.of(s(20, 2)), T0.plusSeconds(50), NOW);
        assertThat(d.seconds("no_data")).isEqualTo(70.0);
        assertThat(d.seconds("running")).isEqualTo(30.0);
    }

    @Test
    void badStatusAndUnknownCodesAreNoDataNeverRunning() {
        StateDurations d = StateTimeline.measure(
                T0,
                T0.plusSeconds(30),
                null,
                List.of(new StateSample(T0, 2, 0x80000000), new StateSample(T0.plusSeconds(10), 99, 0), s(20, 2)),
                T0.plusSeconds(30),
                NOW);
        assertThat(d.seconds("no_data")).isEqualTo(20.0);
        assertThat(d.seconds("running")).isEqualTo(10.0);
    }

    @Test
    void aWindowReachingIntoTheFutureStopsAtNow() {
        Instant now = T0.plusSeconds(40);
        StateDurations d = StateTimeline.measure(T0, T0.plusSeconds(3600), s(-1, 2), List.of(), now, now);
        assertThat(d.elapsedSeconds()).isEqualTo(40.0);
        assertThat(d.utilization()).isEqualTo(1.0);
    }
}
