package org.tiangong.collector.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.model.Sample;

class SampleBufferTest {

    @TempDir
    Path dir;

    static List<Sample> samples(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> new Sample(1, 1_000_000L * i, i * 0.5, 0))
                .toList();
    }

    @Test
    void samplesComeOutOldestFirstAndGoOnlyWhenAcknowledged() throws Exception {
        try (SampleBuffer b = SampleBuffer.open(dir.resolve("b.db"), 1000, SampleBuffer.OnFull.DROP_OLDEST)) {
            b.append(samples(0, 10));
            b.append(samples(10, 20));
            SampleBuffer.Batch first = b.oldest(15).orElseThrow();
            assertThat(first.samples()).containsExactlyElementsOf(samples(0, 15));
            // not acknowledged: the same samples again
            assertThat(b.oldest(15).orElseThrow().samples()).containsExactlyElementsOf(samples(0, 15));
            b.acknowledge(first);
            assertThat(b.depth()).isEqualTo(5);
            assertThat(b.oldest(15).orElseThrow().samples()).containsExactlyElementsOf(samples(15, 20));
            assertThat(b.oldestTime()).contains(samples(15, 16).get(0).time());
        }
    }

    @Test
    void whatWasBufferedSurvivesAReopenWithNaNAndInfinitiesIntact() throws Exception {
        List<Sample> odd = List.of(
                new Sample(3, 5, Double.NaN, 0x8031_0000),
                new Sample(3, 6, Double.POSITIVE_INFINITY, 0),
                new Sample(3, 7, -0.0, 0x4000_0480),
                new Sample(3, Long.MIN_VALUE / 2, Double.MIN_VALUE, 0));
        try (SampleBuffer b = SampleBuffer.open(dir.resolve("b.db"), 1000, SampleBuffer.OnFull.DROP_OLDEST)) {
            b.append(odd);
        }
        try (SampleBuffer b = SampleBuffer.open(dir.resolve("b.db"), 1000, SampleBuffer.OnFull.DROP_OLDEST)) {
            assertThat(b.depth()).isEqualTo(4);
            List<Sample> back = b.oldest(10).orElseThrow().samples();
            assertThat(back).hasSize(4);
            for (int i = 0; i < 4; i++) {
                assertThat(back.get(i).signalId()).isEqualTo(odd.get(i).signalId());
                assertThat(back.get(i).timeMicros()).isEqualTo(odd.get(i).timeMicros());
                assertThat(back.get(i).status()).isEqualTo(odd.get(i).status());
                assertThat(Double.compare(back.get(i).value(), odd.get(i).value()))
                        .as("value %s", i)
                        .isZero();
            }
        }
    }

    @Test
    void atTheLimitTheOldestAreDroppedAndCountedButNeverTheBatchInFlight() throws Exception {
        try (SampleBuffer b = SampleBuffer.open(dir.resolve("b.db"), 100, SampleBuffer.OnFull.DROP_OLDEST)) {
            b.append(samples(0, 80));
            SampleBuffer.Batch inFlight = b.oldest(10).orElseThrow(); // 0..9
            b.append(samples(80, 130)); // 30 too many: 10..39 go
            assertThat(b.depth()).isEqualTo(100);
            assertThat(b.dropped()).isEqualTo(30);
            b.acknowledge(inFlight);
            List<Sample> left = new ArrayList<>(b.oldest(1000).orElseThrow().samples());
            assertThat(left).containsExactlyElementsOf(samples(40, 130));
        }
    }

    @Test
    void aBatchLargerThanTheRoomLeftLosesItsOwnOldest() throws Exception {
        try (SampleBuffer b = SampleBuffer.open(dir.resolve("b.db"), 20, SampleBuffer.OnFull.DROP_OLDEST)) {
            b.append(samples(0, 10));
            b.oldest(10).orElseThrow(); // all ten in flight: nothing droppable
            assertThat(b.append(samples(10, 30))).isEqualTo(10);
            assertThat(b.dropped()).isEqualTo(10);
            List<Sample> expected = new ArrayList<>(samples(0, 10));
            expected.addAll(samples(20, 30));
            assertThat(b.oldest(100).orElseThrow().samples()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void inBlockModeAFullBufferRefusesTheAppendAndKeepsItsOldest() throws Exception {
        try (SampleBuffer b = SampleBuffer.open(dir.resolve("b.db"), 20, SampleBuffer.OnFull.BLOCK)) {
            b.append(samples(0, 15));
            assertThatThrownBy(() -> b.append(samples(15, 25))).isInstanceOf(SampleBuffer.BufferFullException.class);
            assertThat(b.depth()).isEqualTo(15);
            assertThat(b.dropped()).isZero();
            b.acknowledge(b.oldest(10).orElseThrow());
            assertThat(b.append(samples(15, 25))).isEqualTo(10);
            assertThat(b.oldest(100).orElseThrow().samples()).containsExactlyElementsOf(samples(10, 25));
        }
    }

    @Test
    void oneBufferFileServesOneCollectorAtATime() throws Exception {
        try (SampleBuffer b = SampleBuffer.open(dir.resolve("b.db"), 100, SampleBuffer.OnFull.DROP_OLDEST)) {
            assertThatThrownBy(() -> SampleBuffer.open(dir.resolve("b.db"), 100, SampleBuffer.OnFull.DROP_OLDEST))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        }
        SampleBuffer.open(dir.resolve("b.db"), 100, SampleBuffer.OnFull.DROP_OLDEST)
                .close();
    }
}
