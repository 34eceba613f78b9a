package org.tiangong.collector.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reproduction behind docs/reliability.md, "Why the suite was flaky": HiveMQ CE stalls a shared-subscription
 * member that subscribed with a retained filter and the shared filter in one SUBSCRIBE, and does not when each
 * filter has a SUBSCRIBE of its own. Not a test (it asserts nothing and its outcome depends on timing); run by hand:
 *
 * <pre>
 * mvn -B -o -q -pl collector -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *   -Dmdep.includeScope=test
 * java -cp collector/target/test-classes:collector/target/classes:analytics/target/classes:$(cat collector/target/cp.txt) \
 *   org.tiangong.collector.mqtt.SubscribeRaceDiagnostic 30
 * </pre>
 *
 * Per round: a retained message, then one member (persistent session, Receive Maximum 64, manual acknowledgement
 * 150 ms after each delivery) connects and subscribes from the CONNACK callback, then 100 QoS 1 messages; a round
 * "stalled" if fewer than 100 arrived within 10 s.
 */
public final class SubscribeRaceDiagnostic {

    private SubscribeRaceDiagnostic() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        ScheduledExecutorService acks = Executors.newScheduledThreadPool(2);
        Path dir = Files.createTempDirectory("subscribe-race");
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir)) {
            Mqtt5BlockingClient pub = MqttClient.builder()
                    .useMqttVersion5()
                    .identifier("pub")
                    .serverHost("127.0.0.1")
                    .serverPort(broker.port())
                    .buildBlocking();
            pub.connect();
            for (boolean batched : new boolean[] {true, false}) {
                int stalled = 0;
                StringBuilder got = new StringBuilder();
                for (int r = 0; r < rounds; r++) {
                    int n = round(broker.port(), pub, acks, (batched ? "b" : "s") + r, batched);
                    if (n < 100) stalled++;
                    got.append(n).append(' ');
                }
                System.out.printf(
                        "%s: stalled %d of %d rounds; delivered per round: %s%n",
                        batched ? "both filters in one SUBSCRIBE" : "one SUBSCRIBE per filter", stalled, rounds, got);
            }
            pub.disconnect();
        } finally {
            acks.shutdownNow();
        }
    }

    private static int round(
            int port, Mqtt5BlockingClient pub, ScheduledExecutorService acks, String tag, boolean batched)
            throws Exception {
        String birth = "birth/" + tag;
        String shared = "$share/g-" + tag + "/data/" + tag;
        pub.publishWith()
                .topic(birth)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(new byte[10])
                .send();
        AtomicInteger data = new AtomicInteger();
        CountDownLatch subscribed = new CountDownLatch(1);
        Mqtt5AsyncClient m = MqttClient.builder()
                .useMqttVersion5()
                .identifier("m-" + tag)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        m.publishes(
                MqttGlobalPublishFilter.ALL,
                p -> {
                    if (p.getTopic().toString().startsWith("data/")) data.incrementAndGet();
                    acks.schedule(p::acknowledge, 150, TimeUnit.MILLISECONDS);
                },
                true);
        Runnable subscribe = () -> {
            if (batched) {
                m.subscribeWith()
                        .addSubscription()
                        .topicFilter(birth)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .applySubscription()
                        .addSubscription()
                        .topicFilter(shared)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .applySubscription()
                        .send()
                        .thenRun(subscribed::countDown);
            } else {
                m.subscribeWith()
                        .topicFilter(shared)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send()
                        .thenCompose(a -> m.subscribeWith()
                                .topicFilter(birth)
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .send())
                        .thenRun(subscribed::countDown);
            }
        };
        m.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(300)
                .restrictions()
                .receiveMaximum(64)
                .applyRestrictions()
                .send()
                .thenRun(subscribe);
        subscribed.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100; i++) {
            pub.publishWith()
                    .topic("data/" + tag)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[100])
                    .send();
            if (i % 10 == 0) Thread.sleep(50);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (data.get() < 100 && System.nanoTime() < end) Thread.sleep(100);
        m.disconnect().get();
        return data.get();
    }
}
