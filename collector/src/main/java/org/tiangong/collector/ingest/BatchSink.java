package org.tiangong.collector.ingest;

import java.util.List;
import org.tiangong.analytics.model.Sample;

/** Where batches go; the production sink is {@code TelemetryWriter::write}. Returns the samples newly stored. */
@FunctionalInterface
public interface BatchSink {
    int write(List<Sample> batch) throws Exception;
}
