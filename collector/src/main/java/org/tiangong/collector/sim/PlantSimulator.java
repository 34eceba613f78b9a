package org.tiangong.collector.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;

/**
 * The plant simulator: a real OPC UA server (Eclipse Milo) whose variables are driven by one {@link MachineProcess}
 * per machine of a {@link PlantDefinition}.
 *
 * <p>Every {@code tickMillis} of wall-clock time all machines step by exactly one tick of simulated time, and each
 * signal whose value changed is set with source timestamp = the tick's time (start time + n ticks, millisecond
 * precision, so it is strictly increasing and exact in the database), server timestamp = now, status Good.
 * Unchanged values are not set again: subscriptions report changes only. Everything set while a server is up is
 * kept in a {@link PublishedRecord} for tests.
 *
 * <p>The server can be stopped, started and restarted while the machines keep running: a new server comes up on
 * the same port with the same address space and the current values, which is what a collector has to survive when
 * a PLC reboots. Values that change while the server is down are offered, with their original source timestamps,
 * when it is back; the ones overwritten in between were never visible and are not recorded.
 *
 * <p>Thread model: one daemon thread ticks; Milo serves clients on its shared Netty event loop and executor. One
 * lock orders ticks against server restarts.
 */
public final class PlantSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlantSimulator.class);

    private record SimulatedMachine(String lineCode, MachineProcess process) {}

    /** A signal's latest value, and whether a client could have seen it (not while the server was down). */
    private static final class SignalValue {
        final double value;
        final DataValue dataValue;
        boolean recorded;

        SignalValue(double value, DataValue dataValue) {
            this.value = value;
            this.dataValue = dataValue;
        }
    }

    private final PlantDefinition plant;
    private final SimulatorOptions options;
    private final Clock clock;
    private final List<SimulatedMachine> machines = new ArrayList<>();
    private final PublishedRecord record;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, SignalValue> signals = new HashMap<>();
    private ScheduledExecutorService ticker;
    private ServerCertificates certificates;
    private SimulatorServer server;
    private int port;
    private Instant firstTick;
    private long ticks;
    private boolean closed;
    private boolean held;

    public PlantSimulator(PlantDefinition plant, SimulatorOptions options) {
        this(plant, options, Clock.systemUTC());
    }

    public PlantSimulator(PlantDefinition plant, SimulatorOptions options, Clock clock) {
        this.plant = plant;
        this.options = options;
        this.clock = clock;
        this.record = new PublishedRecord(options.publishedCapacity());
        this.port = options.port();
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            for (MachineDefinition m : line.machines()) {
                machines.add(new SimulatedMachine(
                        line.code(), new MachineProcess(m, plant.simulation().seed())));
            }
        }
    }

    /** Creates the certificate if needed, binds the server and starts ticking. */
    public PlantSimulator start() {
        synchronized (lock) {
            if (closed || firstTick != null) throw new IllegalStateException("the simulator can be started once");
            try {
                certificates = ServerCertificates.loadOrCreate(options.certificateDir(), options.hostname());
            } catch (Exception e) {
                throw new IllegalStateException(
                        "cannot create the simulator certificate in " + options.certificateDir(), e);
            }
            if (port == 0) port = SimulatorServer.freePort(options.bindAddress());
            firstTick = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            updateSignals(firstTick);
            startServerLocked();
            // ticks are dated from when they start, not from before the server took its seconds to start
            firstTick = later(firstTick, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            startTicking();
            log.info(
                    "simulating plant {} ({} machines, seed {}, tick {} ms) at {}",
                    plant.plant().code(),
                    machines.size(),
                    plant.simulation().seed(),
                    plant.simulation().tickMillis(),
                    endpointUrl());
        }
        return this;
    }

    private void startTicking() {
        long tickMillis = plant.simulation().tickMillis();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiangong-sim-tick");
            t.setDaemon(true);
            return t;
        });
        // fixed rate, not fixed delay: simulated time must keep pace with the wall clock
        ticker.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void tick() {
        try {
            synchronized (lock) {
                if (closed) return;
                ticks++;
                long tickMillis = plant.simulation().tickMillis();
                if (!held) for (SimulatedMachine m : machines) m.process().step(tickMillis / 1000.0);
                updateSignals(firstTick.plusMillis(ticks * tickMillis));
            }
        } catch (RuntimeException e) {
            // an exception escaping a scheduled task would silently cancel every later tick
            log.error("simulator tick {} failed", ticks, e);
        }
    }

    private void updateSignals(Instant tickTime) {
        DateTime sourceTime = new DateTime(tickTime);
        DateTime serverTime = DateTime.now();
        for (SimulatedMachine m : machines) {
            MachineSnapshot snapshot = m.process().snapshot();
            for (Map.Entry<CanonicalSignal, Double> e : snapshot.values().entrySet()) {
                String id =
                        SimNodeIds.signalId(m.lineCode(), m.process().machine().code(), e.getKey());
                set(id, SimNamespace.variantOf(e.getKey(), e.getValue()), e.getValue(), sourceTime, serverTime);
            }
            String code = m.process().machine().code();
            if (options.companionMachines().contains(SimNodeIds.machineId(m.lineCode(), code))) {
                for (var e : CompanionNodes.values(code, snapshot).entrySet()) {
                    set(e.getKey(), e.getValue().variant(), e.getValue().number(), sourceTime, serverTime);
                }
            }
        }
    }

    private void set(
            String id,
            org.eclipse.milo.opcua.stack.core.types.builtin.Variant variant,
            double value,
            DateTime sourceTime,
            DateTime serverTime) {
        SignalValue current = signals.get(id);
        if (current != null && Double.compare(current.value, value) == 0) return;
        var dataValue = new DataValue(variant, StatusCode.GOOD, sourceTime, serverTime);
        SignalValue next = new SignalValue(value, dataValue);
        signals.put(id, next);
        if (server != null) {
            server.publish(id, dataValue);
            record(id, next);
        }
    }

    /**
     * The server trusts this client application certificate from now on, as an operator moving it from the
     * server's rejected folder to trusted would.
     */
    public void trustClientCertificate(java.security.cert.X509Certificate certificate) {
        synchronized (lock) {
            if (server == null) throw new IllegalStateException("the server is not running");
            server.trust(certificate);
        }
    }

    /** The server's application certificate (what a client must trust for secured endpoints). */
    public java.security.cert.X509Certificate serverCertificate() {
        synchronized (lock) {
            if (certificates == null) throw new IllegalStateException("start() the simulator first");
            return certificates.certificate();
        }
    }

    private void record(String id, SignalValue value) {
        record.add(new PublishedRecord.PublishedValue(
                id, value.dataValue.getSourceTime().getJavaInstant(), value.value));
        value.recorded = true;
    }

    /** Shuts the OPC UA server down (clients lose their connections); the machines keep running. */
    public void stopServer() {
        synchronized (lock) {
            stopServerLocked();
        }
    }

    /** Brings a new server up on the same port with the current values. */
    public void startServer() {
        synchronized (lock) {
            if (closed || firstTick == null) throw new IllegalStateException("start() the simulator first, once");
            if (server == null) startServerLocked();
        }
    }

    /** Stops the server and starts a new one on the same port, as a rebooting PLC would. */
    public void restartServer() {
        synchronized (lock) {
            if (closed || firstTick == null) throw new IllegalStateException("start() the simulator first, once");
            stopServerLocked();
            startServerLocked();
        }
    }

    /** The machines stop (no parts, no kWh, no new values) until {@link #resumeMachines}; time goes on. */
    public void holdMachines() {
        synchronized (lock) {
            held = true;
        }
    }

    public void resumeMachines() {
        synchronized (lock) {
            held = false;
        }
    }

    /**
     * Every machine's counters and meter show {@code parts} and {@code kwh} more than they counted (before {@link
     * #start}: counters that do not start at zero). What the machines make is unchanged.
     */
    public void presetCounters(long parts, double kwh) {
        synchronized (lock) {
            if (firstTick != null) throw new IllegalStateException("preset the counters before start()");
            for (SimulatedMachine m : machines) m.process().shiftCounters(parts, kwh);
        }
    }

    /**
     * A PLC rebooting after a power cut: the server stops, every machine's counters and meter come back lower by
     * {@code partsBack} and {@code kwhBack} (its last saved retentive values; not zero), and a new server starts. The
     * restored values are published 1 ms after the last tick and marked in the {@link PublishedRecord} as restored,
     * not produced ({@link PublishedRecord#increase}).
     */
    public void restartServerWithRestoredCounters(long partsBack, double kwhBack) {
        synchronized (lock) {
            if (closed || firstTick == null) throw new IllegalStateException("start() the simulator first, once");
            stopServerLocked();
            long tickMillis = plant.simulation().tickMillis();
            for (SimulatedMachine m : machines) m.process().shiftCounters(-partsBack, -kwhBack);
            // dated after everything a client heard from the old server, so they end its gap markers
            Instant restoredAt = later(
                    firstTick.plusMillis(ticks * tickMillis + 1),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            updateSignals(restoredAt);
            signals.forEach((id, v) -> {
                if (v.dataValue.getSourceTime().getJavaInstant().equals(restoredAt))
                    record.markRestored(id, restoredAt);
            });
            startServerLocked();
            // the ticks missed while the PLC rebooted are not made up in a burst: time goes on from now (shutdown, not
            // shutdownNow: a tick waiting for the lock must not run interrupted into Milo)
            ticker.shutdown();
            firstTick = later(clock.instant(), restoredAt)
                    .truncatedTo(ChronoUnit.MILLIS)
                    .minusMillis(ticks * tickMillis);
            startTicking();
        }
    }

    private void startServerLocked() {
        Map<String, DataValue> values = new HashMap<>();
        signals.forEach((id, v) -> values.put(id, v.dataValue));
        try {
            server = SimulatorServer.start(plant, options, port, certificates, values);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the OPC UA server at " + endpointUrl(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the OPC UA server did not start at " + endpointUrl(), e.getCause());
        }
        signals.forEach((id, v) -> {
            if (!v.recorded) record(id, v);
        });
        log.info("OPC UA server up at {}", endpointUrl());
    }

    private void stopServerLocked() {
        if (server == null) return;
        server.stop();
        server = null;
        log.info("OPC UA server at {} stopped", endpointUrl());
    }

    public boolean isServerRunning() {
        synchronized (lock) {
            return server != null;
        }
    }

    /** The port the server binds; known after {@link #start()} when the options asked for port 0. */
    public int port() {
        synchronized (lock) {
            if (port == 0) throw new IllegalStateException("the port is chosen when the simulator starts");
            return port;
        }
    }

    /** e.g. {@code opc.tcp://localhost:4840/tiangong} */
    public String endpointUrl() {
        return "opc.tcp://" + options.hostname() + ":" + port() + options.path();
    }

    public String namespaceUri() {
        return SimNodeIds.NAMESPACE_URI;
    }

    public PlantDefinition plant() {
        return plant;
    }

    public PublishedRecord publishedRecord() {
        return record;
    }

    /** The machine's node ids in {@code nsu=urn:tiangong:sim;s=<line>/<machine>/<signal>} form, per signal. */
    public Map<CanonicalSignal, String> nodeIdsFor(String lineCode, String machineCode) {
        MachineDefinition machine = plant.machine(lineCode, machineCode)
                .orElseThrow(() -> new IllegalArgumentException("no machine " + machineCode + " on line " + lineCode));
        return SimNodeIds.nodeIdsFor(lineCode, machine);
    }

    /** Every machine's node ids, keyed by its path: what a collector configuration for this plant needs. */
    public Map<MachinePath, Map<CanonicalSignal, String>> nodeIds() {
        return SimNodeIds.nodeIds(plant);
    }

    /** The machine's values after the latest tick. */
    public MachineSnapshot snapshot(String lineCode, String machineCode) {
        synchronized (lock) {
            return machines.stream()
                    .filter(m -> m.lineCode().equals(lineCode)
                            && m.process().machine().code().equals(machineCode))
                    .findFirst()
                    .map(m -> m.process().snapshot())
                    .orElseThrow(
                            () -> new IllegalArgumentException("no machine " + machineCode + " on line " + lineCode));
        }
    }

    /** Stops ticking and shuts the server down. Milo's shared threads stay: other clients and servers use them. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            t = ticker;
        }
        if (t != null) {
            // outside the lock: a tick in progress needs it to finish
            t.shutdownNow();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            stopServerLocked();
            if (certificates != null) certificates.close();
        }
    }
}
