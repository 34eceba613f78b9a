package org.tiangong.collector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tiangong.collector.sim.PublishedRecord.PublishedValue;

class PublishedRecordTest {

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    static PublishedValue v(String node, int second, double value) {
        return new PublishedValue(node, T0.plusSeconds(second), value);
    }

    @Test
    void valuesAreKeptPerNodeInPublicationOrder() {
        var record = new PublishedRecord(10);
        record.add(v("L1/CNC-01/state", 0, 1));
        record.add(v("L1/CNC-01/energy", 0, 5.5));
        record.add(v("L1/CNC-01/state", 1, 2));

        assertThat(record.published("L1/CNC-01/state"))
                .containsExactly(v("L1/CNC-01/state", 0, 1), v("L1/CNC-01/state", 1, 2));
        assertThat(record.published("nsu=urn:tiangong:sim;s=L1/CNC-01/state")).hasSize(2);
        assertThat(record.latest("L1/CNC-01/energy")).contains(v("L1/CNC-01/energy", 0, 5.5));
        assertThat(record.published("L9/NOPE/state")).isEmpty();
        assertThat(record.all()).hasSize(3);
    }

    @Test
    void whenFullTheOldestEntriesGoAndAreCounted() {
        var record = new PublishedRecord(3);
        for (int i = 0; i < 5; i++) record.add(v(i % 2 == 0 ? "a" : "b", i, i));

        assertThat(record.size()).isEqualTo(3);
        assertThat(record.dropped()).isEqualTo(2);
        assertThat(record.all()).extracting(PublishedValue::value).containsExactly(2.0, 3.0, 4.0);
        assertThat(record.published("a")).extracting(PublishedValue::value).containsExactly(2.0, 4.0);
        assertThat(record.published("b")).extracting(PublishedValue::value).containsExactly(3.0);
    }

    @Test
    void concurrentWritersLoseNothingButTheOverflow() throws InterruptedException {
        var record = new PublishedRecord(5_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            String node = "node-" + w;
            pool.execute(() -> {
                for (int i = 0; i < 2_000; i++) record.add(v(node, i, i));
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(record.size()).isEqualTo(5_000);
        assertThat(record.dropped()).isEqualTo(3_000);
        List<Double> values = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            List<PublishedValue> perNode = record.published("node-" + w);
            assertThat(perNode).extracting(PublishedValue::value).isSorted();
            perNode.forEach(p -> values.add(p.value()));
        }
        assertThat(values).hasSize(5_000);
    }
}
