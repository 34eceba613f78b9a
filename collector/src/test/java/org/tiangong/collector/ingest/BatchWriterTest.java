package org.tiangong.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.Sample;

class BatchWriterTest {

    @Test
    void batchesAreBoundedBySizeAndNothingIsLostWhenTheSinkFailsForAWhile() throws Exception {
        SampleQueue queue = new SampleQueue(10_000);
        List<List<Sample>> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failuresLeft = new AtomicInteger(3);
        BatchSink sink = batch -> {
            if (failuresLeft.getAndDecrement() > 0) throw new SQLException("database is down");
            written.add(List.copyOf(batch));
            return batch.size();
        };
        try (BatchWriter writer = new BatchWriter(queue, sink, 100, 50).start()) {
            for (int i = 0; i < 1000; i++) queue.put(new Sample(1, i, i, 0));
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.stats().stored() == 1000);
            assertThat(writer.stats().failedWrites()).isEqualTo(3);
        }
        assertThat(written).allSatisfy(b -> assertThat(b.size()).isBetween(1, 100));
        List<Long> times =
                written.stream().flatMap(List::stream).map(Sample::timeMicros).toList();
        assertThat(times).hasSize(1000).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void closingWritesWhatIsStillQueued() throws Exception {
        SampleQueue queue = new SampleQueue(10_000);
        AtomicInteger stored = new AtomicInteger();
        BatchWriter writer = new BatchWriter(
                        queue,
                        batch -> {
                            stored.addAndGet(batch.size());
                            return batch.size();
                        },
                        500,
                        10_000)
                .start();
        for (int i = 0; i < 1234; i++) queue.put(new Sample(1, i, i, 0));
        writer.close();
        assertThat(stored.get()).isEqualTo(1234);
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aLoneSampleIsWrittenWithinAboutTheFlushIntervalWithoutWaitingForAFullBatch() throws Exception {
        SampleQueue queue = new SampleQueue(100);
        AtomicInteger stored = new AtomicInteger();
        try (BatchWriter writer = new BatchWriter(queue, batch -> stored.addAndGet(batch.size()), 5000, 200).start()) {
            queue.put(new Sample(1, 1, 1, 0));
            await().atMost(Duration.ofSeconds(2)).until(() -> stored.get() == 1);
            assertThat(writer.stats().batches()).isEqualTo(1);
        }
    }

    @Test
    void closingWhileTheSinkKeepsFailingGivesUpAfterTheGracePeriodAndCountsWhatWasNotStored() throws Exception {
        SampleQueue queue = new SampleQueue(1000);
        BatchWriter writer = new BatchWriter(
                        queue,
                        batch -> {
                            throw new SQLException("connection refused");
                        },
                        100,
                        20)
                .start();
        for (int i = 0; i < 250; i++) queue.put(new Sample(1, i, i, 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.stats().failedWrites() >= 1);
        writer.close(Duration.ofMillis(300));
        assertThat(writer.stats().abandoned()).isEqualTo(250);
        assertThat(writer.stats().stored()).isZero();
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aFullQueueMakesTheProducerWaitInsteadOfDropping() throws Exception {
        SampleQueue queue = new SampleQueue(10);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) queue.put(new Sample(1, i, i, 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 10);
        assertThat(producer.isAlive()).isTrue();
        List<Sample> drained = new ArrayList<>();
        while (drained.size() < 50) queue.drainTo(drained, 50, 1000);
        producer.join(5000);
        assertThat(drained).hasSize(50);
        assertThat(queue.offered()).isEqualTo(50);
    }
}
