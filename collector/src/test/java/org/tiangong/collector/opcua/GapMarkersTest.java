package org.tiangong.collector.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.Sample;

class GapMarkersTest {

    final Instant t0 = Instant.parse("2026-11-28T08:00:00Z");
    final GapMarkers gaps = new GapMarkers(List.of(1, 2));

    Sample at(int signal, Instant t, double v) {
        return Sample.of(signal, t, v, 0);
    }

    @Test
    void lostContactGivesEachSignalOneMarkerAfterItsNewestValue() {
        gaps.accept(at(1, t0, 1), t0);
        gaps.accept(at(2, t0.plusSeconds(20), 2), t0); // a server clock ahead of ours
        List<Sample> markers = gaps.open(t0.plusSeconds(10));
        assertThat(markers).extracting(Sample::signalId).containsExactlyInAnyOrder(1, 2);
        assertThat(markers).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(GapMarkers.BAD_NO_COMMUNICATION);
            assertThat(m.value()).isNaN();
        });
        assertThat(markers.stream()
                        .filter(m -> m.signalId() == 1)
                        .findFirst()
                        .orElseThrow()
                        .time())
                .isEqualTo(t0.plusSeconds(10));
        assertThat(markers.stream()
                        .filter(m -> m.signalId() == 2)
                        .findFirst()
                        .orElseThrow()
                        .timeMicros())
                .isEqualTo(Sample.toMicros(t0.plusSeconds(20)) + 1);
        // the failed transfer after the session drop is the same gap
        assertThat(gaps.open(t0.plusSeconds(12))).isEmpty();
        assertThat(gaps.markers()).isEqualTo(2);
    }

    @Test
    void anUnchangedValueRepeatedAfterTheGapIsStoredAgainAtItsReceiveTime() {
        Sample before = at(1, t0, 7);
        gaps.accept(before, t0);
        gaps.open(t0.plusSeconds(5));
        Instant back = t0.plusSeconds(9);
        List<Sample> out = gaps.accept(before, back);
        assertThat(out).containsExactly(before, at(1, back, 7));
        assertThat(gaps.inGap(1)).isFalse();
        assertThat(gaps.reobserved()).isEqualTo(1);
        // the next value is itself only
        assertThat(gaps.accept(at(1, t0.plusSeconds(10), 8), back)).containsExactly(at(1, t0.plusSeconds(10), 8));
    }

    @Test
    void aValueThatChangedDuringTheGapEndsItAtItsSourceTime() {
        gaps.accept(at(1, t0, 7), t0);
        gaps.open(t0.plusSeconds(5));
        Sample changed = at(1, t0.plusSeconds(6), 9);
        assertThat(gaps.accept(changed, t0.plusSeconds(9))).containsExactly(changed);
        assertThat(gaps.reobserved()).isZero();
    }

    @Test
    void aGapLeftOpenByAnEarlierRunIsEndedLikeAnyOther() {
        Instant marker = t0.plusSeconds(5);
        gaps.resumeGap(2, marker);
        Sample repeated = at(2, t0, 3);
        assertThat(gaps.accept(repeated, t0.plusSeconds(60))).containsExactly(repeated, at(2, t0.plusSeconds(60), 3));
        assertThat(gaps.open(t0.plusSeconds(70))).extracting(Sample::signalId).containsExactlyInAnyOrder(1, 2);
    }
}
