package org.tiangong.collector.mqtt;

import java.time.Duration;

/**
 * How a central ingest instance subscribes and writes.
 *
 * @param broker         the broker; the client id names this instance's session (each instance its own)
 * @param group          the shared-subscription group: instances with the same group split the plants' messages
 *                       ({@code $share/<group>/spBv1.0/+/NDATA/+})
 * @param receiveMaximum MQTT 5 Receive Maximum: at most this many QoS 1 messages are delivered to this instance and
 *                       not yet acknowledged; when they are all in flight the broker holds the rest in the shared
 *                       subscription's queue (or gives them to another instance of the group)
 * @param batchSamples   a write to the database is started once this many samples are collected ...
 * @param flushInterval  ... or this long after the first message of the batch
 * @param unknownGrace   how long a message naming a signal not yet registered waits for the plant's birth (which
 *                       another instance may be committing) before it goes to the dead letters
 */
public record IngestOptions(
        BrokerSettings broker,
        String group,
        int receiveMaximum,
        int batchSamples,
        Duration flushInterval,
        Duration unknownGrace) {

    public IngestOptions {
        if (group == null || group.isBlank() || group.contains("/") || group.contains("+") || group.contains("#"))
            throw new IllegalArgumentException("the shared-subscription group must be a name without / + #: " + group);
        if (receiveMaximum < 1 || receiveMaximum > 65_535)
            throw new IllegalArgumentException("receive maximum must be 1–65535, got " + receiveMaximum);
        if (batchSamples < 1) throw new IllegalArgumentException("batch size must be positive");
    }

    /** What {@code tiangong ingest} uses unless told otherwise. */
    public static IngestOptions defaults(BrokerSettings broker) {
        return new IngestOptions(broker, "tiangong-ingest", 256, 5000, Duration.ofMillis(200), Duration.ofSeconds(3));
    }

    public IngestOptions withGroup(String g) {
        return new IngestOptions(broker, g, receiveMaximum, batchSamples, flushInterval, unknownGrace);
    }

    public IngestOptions withReceiveMaximum(int r) {
        return new IngestOptions(broker, group, r, batchSamples, flushInterval, unknownGrace);
    }

    public IngestOptions withSessionExpiry(Duration expiry) {
        return new IngestOptions(
                broker.withSessionExpiry(expiry), group, receiveMaximum, batchSamples, flushInterval, unknownGrace);
    }

    public IngestOptions withBatchSamples(int b) {
        return new IngestOptions(broker, group, receiveMaximum, b, flushInterval, unknownGrace);
    }
}
