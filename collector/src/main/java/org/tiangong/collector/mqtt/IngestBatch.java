package org.tiangong.collector.mqtt;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;

/**
 * What the ingest does with one batch of delivered messages, in order: births first (registering their signals),
 * then the samples of every NDATA, resolved to signal ids and written in one idempotent write, and the messages that
 * could not be (fully) stored to the dead letters, each with its reason and raw payload. A message with some good
 * samples and some poison stores the good ones and is also kept as a dead letter naming the rest.
 *
 * <p>Poison: a topic that is not {@code spBv1.0/<enterprise>/NBIRTH|NDATA/<plant>}, bytes that are not a Sparkplug B
 * payload, a metric that is not {@code line/machine/signal} of a registered signal (after waiting
 * {@code unknownGrace} for a birth another instance may be committing), or an infinite or NaN value with a Good
 * status (a NaN with a Bad status is a gap marker and is stored).
 */
final class IngestBatch {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestBatch.class);

    record Result(int samples, int stored, int deadLetters) {}

    private final SignalResolver resolver;
    private final TelemetryWriter telemetry;
    private final DeadLetters letters;
    private final Duration unknownGrace;
    private final SparkplugCodec codec = new SparkplugCodec();

    IngestBatch(SignalResolver resolver, TelemetryWriter telemetry, DeadLetters letters, Duration unknownGrace) {
        this.resolver = resolver;
        this.telemetry = telemetry;
        this.letters = letters;
        this.unknownGrace = unknownGrace;
    }

    private record Data(String topicName, PlantTopic topic, byte[] payload, List<SparkplugCodec.PathSample> samples) {}

    Result write(List<Mqtt5Publish> messages) throws Exception {
        List<DeadLetters.Letter> dead = new ArrayList<>();
        List<Data> data = new ArrayList<>();
        for (Mqtt5Publish m : messages) {
            String name = m.getTopic().toString();
            byte[] payload = m.getPayloadAsBytes();
            Optional<PlantTopic> topic = PlantTopic.parse(name);
            if (topic.isEmpty()) {
                dead.add(new DeadLetters.Letter(name, "not a topic spBv1.0/<enterprise>/<type>/<plant>", payload));
                continue;
            }
            if (topic.get().type().equals(PlantTopic.NBIRTH)) {
                try {
                    List<String> refused = resolver.register(topic.get(), codec.decodeBirth(payload));
                    if (!refused.isEmpty())
                        dead.add(new DeadLetters.Letter(name, "birth: not registered: " + refused, payload));
                } catch (java.sql.SQLException e) {
                    throw e; // the database: retry the batch
                } catch (Exception e) {
                    dead.add(new DeadLetters.Letter(name, "undecodable birth: " + e, payload));
                }
            } else if (topic.get().type().equals(PlantTopic.NDATA)) {
                try {
                    data.add(new Data(name, topic.get(), payload, codec.decodeData(payload)));
                } catch (Exception e) {
                    dead.add(new DeadLetters.Letter(name, "undecodable Sparkplug B payload: " + e, payload));
                }
            } else {
                dead.add(new DeadLetters.Letter(
                        name, "message type " + topic.get().type() + " is not taken", payload));
            }
        }
        List<Sample> samples = new ArrayList<>();
        long waitUntil = 0;
        for (Data d : data) {
            Map<String, String> problems = new LinkedHashMap<>();
            for (SparkplugCodec.PathSample s : d.samples()) {
                boolean good = (s.status() >>> 30) == 0;
                if (good && !Double.isFinite(s.value())) {
                    problems.putIfAbsent(s.metric(), "non-finite value " + s.value() + " with a Good status");
                    continue;
                }
                Optional<Integer> id = resolver.resolve(d.topic(), s.metric());
                while (id.isEmpty() && !problems.containsKey(s.metric()) && waitUntil >= 0) {
                    // maybe the plant's birth is being committed by another instance of the group: wait once
                    if (waitUntil == 0) waitUntil = System.nanoTime() + unknownGrace.toNanos();
                    if (System.nanoTime() - waitUntil >= 0) {
                        waitUntil = -1;
                        break;
                    }
                    Thread.sleep(200);
                    id = resolver.resolve(d.topic(), s.metric());
                }
                if (id.isEmpty()) {
                    problems.putIfAbsent(s.metric(), "unknown signal");
                    continue;
                }
                samples.add(new Sample(id.get(), s.timeMicros(), s.value(), s.status()));
            }
            if (!problems.isEmpty()) {
                int bad = (int) d.samples().stream()
                        .filter(s -> problems.containsKey(s.metric()))
                        .count();
                dead.add(new DeadLetters.Letter(
                        d.topicName(),
                        bad + " of " + d.samples().size() + " samples not stored: " + problems,
                        d.payload()));
            }
        }
        int stored = samples.isEmpty() ? 0 : telemetry.write(samples);
        int newLetters = letters.store(dead);
        if (newLetters > 0)
            log.warn(
                    "ingest: {} message(s) kept as dead letters, e.g. {}: {}",
                    newLetters,
                    dead.get(0).topic(),
                    dead.get(0).reason());
        return new Result(samples.size(), stored, newLetters);
    }
}
