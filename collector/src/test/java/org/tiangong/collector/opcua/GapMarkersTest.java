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

    /** Milo's session state as {@link ContactEvents#stale} reports it: stale from session inactive to active again. */
    boolean contactLost;

    List<Sample> receive(Sample s, Instant at) {
        return gaps.accept(s, at, () -> contactLost);
    }

    @Test
    void aValueTheLostSessionStillDeliversIsStoredButEndsNoGap() {
        // fault case 3: the session goes inactive, a notification Milo had queued is delivered afterwards, ~2 s later
        // the failed transfer reports the subscription lost
        Sample before = at(1, t0, 7);
        receive(before, t0);
        receive(at(2, t0, 1), t0);
        contactLost = true;
        List<Sample> first = gaps.open(t0.plusMillis(300));
        assertThat(first).hasSize(2);
        Sample queued = at(1, t0.plusMillis(200), 8); // dated before the marker: published before we lost contact
        assertThat(receive(queued, t0.plusMillis(400))).containsExactly(queued);
        assertThat(gaps.inGap(1)).isTrue();
        assertThat(gaps.reobserved()).isZero();
        assertThat(gaps.open(t0.plusMillis(2400)))
                .as("subscription lost: the same gap")
                .isEmpty();
        assertThat(gaps.markers()).as("exactly one marker per signal").isEqualTo(2);
        assertThat(gaps.staleInGap()).isEqualTo(1);

        // the session is active again, the new subscription starts with the current values: they end the gap
        contactLost = false;
        Instant back = t0.plusSeconds(3);
        assertThat(receive(queued, back)).containsExactly(queued, at(1, back, 8));
        Sample changed = at(2, t0.plusMillis(2900), 2);
        assertThat(receive(changed, back)).containsExactly(changed);
        assertThat(gaps.inGap(1)).isFalse();
        assertThat(gaps.inGap(2)).isFalse();
        assertThat(gaps.markers()).isEqualTo(2);
        assertThat(gaps.reobserved()).isEqualTo(1);
    }

    @Test
    void aStaleValueDatedAfterTheMarkerIsFollowedByANewMarkerSoThatItIsNotHeldThroughTheGap() {
        receive(at(1, t0, 7), t0);
        contactLost = true;
        Instant marker = t0.plusMillis(100); // when we last heard from the server
        assertThat(gaps.open(marker))
                .filteredOn(m -> m.signalId() == 1)
                .extracting(Sample::time)
                .containsExactly(marker);
        // published after that (a server clock ahead, or Milo had the batch but had not delivered it)
        Sample late = at(1, t0.plusMillis(250), 9);
        List<Sample> out = receive(late, t0.plusMillis(400));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(late);
        assertThat(out.get(1).status()).isEqualTo(GapMarkers.BAD_NO_COMMUNICATION);
        assertThat(out.get(1).value()).isNaN();
        assertThat(out.get(1).timeMicros()).isEqualTo(late.timeMicros() + 1);
        assertThat(gaps.inGap(1)).isTrue();
        assertThat(gaps.open(t0.plusSeconds(2))).isEmpty();
        assertThat(gaps.markers())
                .as("signal 2's marker, signal 1's and the one after its stale value")
                .isEqualTo(3);
        // back in contact: the unchanged value is re-observed after the new marker
        contactLost = false;
        Instant back = t0.plusSeconds(3);
        assertThat(receive(late, back)).containsExactly(late, at(1, back, 9));
        assertThat(gaps.inGap(1)).isFalse();
    }

    @Test
    void outsideAGapAStaleValueIsAnOrdinaryOne() {
        contactLost = true;
        Sample s = at(1, t0, 7);
        assertThat(receive(s, t0)).containsExactly(s);
        List<Sample> markers = gaps.open(t0.minusSeconds(1));
        assertThat(markers.stream()
                        .filter(m -> m.signalId() == 1)
                        .findFirst()
                        .orElseThrow()
                        .timeMicros())
                .as("the marker follows it")
                .isEqualTo(s.timeMicros() + 1);
    }
}
