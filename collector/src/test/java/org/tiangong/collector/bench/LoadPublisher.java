package org.tiangong.collector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.tiangong.analytics.model.CanonicalSignal;

/**
 * A light OPC UA load source (not a test, not a simulation): a minimal Milo server with {@code items} double
 * variables whose values change at a fixed rate, pushed straight to the items monitoring them. One thread, every
 * 10 ms, changes the next slice of nodes round-robin so that the offered rate is held over each step.
 *
 * <p>Arguments: port, items, rates (samples/s, comma-separated: one step each), step seconds. Prints one line per
 * step with the rate it offered and the rate it achieved.
 */
public final class LoadPublisher {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int items = Integer.parseInt(args[1]);
        String[] rates = args[2].split(",");
        int stepSeconds = Integer.parseInt(args[3]);
        Path dir = Files.createTempDirectory("tiangong-load-pki");
        KeyPair keyPair =
                org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        var trustList = FileBasedTrustListManager.createAndInitialize(dir.resolve("pki"));
        var quarantine = FileBasedCertificateQuarantine.create(dir.resolve("pki/rejected/certs"));
        var store = new KeyStoreCertificateStore(new KeyStoreCertificateStore.Settings(
                dir.resolve("load.pfx"), () -> "load".toCharArray(), alias -> "load".toCharArray()));
        store.initialize();
        var factory = new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair kp) throws Exception {
                return new X509Certificate[] {
                    new SelfSignedCertificateBuilder(kp)
                            .setCommonName("Tiangong load publisher")
                            .setApplicationUri("urn:tiangong:bench:load")
                            .addIpAddress("127.0.0.1")
                            .addDnsName("localhost")
                            .build()
                };
            }
        };
        var group = DefaultApplicationGroup.createAndInitialize(
                trustList, store, factory, new DefaultServerCertificateValidator(trustList, quarantine));
        X509Certificate cert = group.getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType)
                .orElseThrow()[0];
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress("127.0.0.1")
                .setHostname("127.0.0.1")
                .setBindPort(port)
                .setPath("/load")
                .setCertificate(cert)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:tiangong:bench:load")
                .setApplicationName(LocalizedText.english("Tiangong load publisher"))
                .setProductUri("urn:tiangong:bench")
                .setEndpoints(Set.of(endpoint))
                .setCertificateManager(new DefaultCertificateManager(quarantine, group))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
        var server = new OpcUaServer(
                config,
                profile -> new OpcTcpServerTransport(
                        OpcTcpServerTransportConfig.newBuilder().build()));
        var namespace = new LoadNamespace(server, items);
        namespace.startup();
        server.startup().get();
        System.out.printf(
                "publisher: opc.tcp://127.0.0.1:%d/load, %d items, pid %d%n",
                port, items, ProcessHandle.current().pid());
        System.out.flush();

        // wait for the collector to subscribe (every item monitored) before the first step
        while (namespace.monitored() < items) Thread.sleep(200);
        System.out.printf("publisher: all %d items monitored%n", items);
        for (String r : rates) {
            long rate = Long.parseLong(r.trim());
            long start = System.nanoTime();
            long end = start + stepSeconds * 1_000_000_000L;
            long done = 0;
            System.out.printf("step %d samples/s from %d%n", rate, System.currentTimeMillis());
            System.out.flush();
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                // never more than 50 ms of backlog at once, so a slow publisher shows as "achieved < offered"
                long n = Math.min(due - done, Math.max(1, rate / 20));
                for (long i = 0; i < n; i++) namespace.change();
                done += n;
                Thread.sleep(10);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "step %d samples/s until %d achieved %.0f samples/s%n",
                    rate, System.currentTimeMillis(), done / secs);
            System.out.flush();
        }
        System.out.println("publisher: done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** The load's address space: Objects → Load → one double variable per item, pushed to monitored items. */
    static final class LoadNamespace extends ManagedNamespaceWithLifecycle {
        private final int items;
        private final List<NodeId> nodes = new ArrayList<>();
        private final Map<NodeId, Integer> index = new ConcurrentHashMap<>();
        private final List<CopyOnWriteArrayList<DataItem>> watchers = new ArrayList<>();
        private final double[] values;
        private volatile DataValue[] current;
        private int next;
        private final java.util.concurrent.atomic.AtomicInteger monitored =
                new java.util.concurrent.atomic.AtomicInteger();

        LoadNamespace(OpcUaServer server, int items) {
            super(server, LoadNodes.NAMESPACE_URI);
            this.items = items;
            this.values = new double[items];
            this.current = new DataValue[items];
            getLifecycleManager().addStartupTask(this::addNodes);
        }

        private void addNodes() {
            UaFolderNode folder = new UaFolderNode(
                    getNodeContext(), newNodeId("Load"), newQualifiedName("Load"), LocalizedText.english("Load"));
            getNodeManager().addNode(folder);
            folder.addReference(
                    new Reference(folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
            int n = 0;
            DateTime now = DateTime.now();
            for (int m = 0; n < items; m++) {
                for (CanonicalSignal s : LoadNodes.SIGNALS) {
                    if (n >= items) break;
                    NodeId id = newNodeId(LoadNodes.nodeIdentifier(m, s));
                    DataValue initial = new DataValue(new Variant(0.0), StatusCode.GOOD, now, now);
                    UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(id)
                            .setBrowseName(newQualifiedName(LoadNodes.nodeIdentifier(m, s)))
                            .setDisplayName(LocalizedText.english(s.key()))
                            .setDataType(NodeIds.Double)
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .setAccessLevel(AccessLevel.READ_ONLY)
                            .setUserAccessLevel(AccessLevel.READ_ONLY)
                            .setMinimumSamplingInterval(0.0)
                            .setValue(initial)
                            .buildAndAdd();
                    folder.addOrganizes(v);
                    nodes.add(id);
                    index.put(id, n);
                    watchers.add(new CopyOnWriteArrayList<>());
                    current[n] = initial;
                    n++;
                }
            }
        }

        int monitored() {
            return monitored.get();
        }

        /** The next node (round-robin) takes a new value, stamped now, and every item on it receives it. */
        void change() {
            int i = next;
            next = (next + 1) % items;
            values[i] += 1.0;
            DateTime now = DateTime.now();
            DataValue dv = new DataValue(new Variant(values[i]), StatusCode.GOOD, now, now);
            current[i] = dv;
            for (DataItem item : watchers.get(i)) if (item.isSamplingEnabled()) item.setValue(dv);
        }

        @Override
        public void onDataItemsCreated(List<DataItem> dataItems) {
            for (DataItem item : dataItems) {
                Integer i = index.get(item.getReadValueId().getNodeId());
                if (i == null) continue;
                watchers.get(i).add(item);
                monitored.incrementAndGet();
                item.setValue(current[i]);
            }
        }

        @Override
        public void onDataItemsModified(List<DataItem> dataItems) {}

        @Override
        public void onDataItemsDeleted(List<DataItem> dataItems) {
            for (DataItem item : dataItems) {
                Integer i = index.get(item.getReadValueId().getNodeId());
                if (i != null && watchers.get(i).remove(item)) monitored.decrementAndGet();
            }
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {}
    }
}
