package org.tiangong.collector.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.collector.e2e.FastPlant;
import org.tiangong.collector.opcua.ClientFactory;
import org.tiangong.collector.opcua.ClientPki;
import org.tiangong.collector.opcua.ClientSecurity;
import org.tiangong.collector.opcua.ConnectionTester;
import org.tiangong.collector.opcua.ConnectionTester.Outcome;
import org.tiangong.collector.sim.CompanionNodes;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * The connection test against the simulator running Basic256Sha256/SignAndEncrypt with a user name, walked through
 * the order a field engineer meets the failures in: nothing listening, a policy the server does not offer, the
 * server's certificate not trusted yet (then trusted through the rejected list), ours not trusted by the server, a
 * wrong password, and finally a working connection; then browse and automap on a companion-spec machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureConnectTest {

    static final String USER = "operator";
    static final String PASSWORD = "correct-password-42";

    @TempDir
    static Path dir;

    static PlantSimulator sim;
    static ClientPki pki;

    @BeforeAll
    static void start() throws Exception {
        sim = new PlantSimulator(
                        companionPlant(),
                        SimulatorOptions.forTests(dir.resolve("sim"))
                                .withSecurityPolicies(SecurityPolicy.Basic256Sha256)
                                .withUser(USER, PASSWORD)
                                .withCompanionMachines("L1/MT-01", "L1/MT-02"))
                .start();
        pki = ClientPki.open(dir.resolve("platform"));
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
        if (pki != null) pki.close();
    }

    /** CNC-01 as a plain machine, MT-01 and MT-02 (same model) also as Machinery / Machine Tools machines. */
    static PlantDefinition companionPlant() {
        MachineDefinition cnc =
                FastPlant.fast(MachineDefinition.withDefaults("CNC-01", "加工中心 1", MachineKind.CNC), 0.5);
        MachineDefinition mt1 =
                FastPlant.fast(MachineDefinition.withDefaults("MT-01", "五轴加工中心 1", MachineKind.CNC), 0.4);
        MachineDefinition mt2 =
                FastPlant.fast(MachineDefinition.withDefaults("MT-02", "五轴加工中心 2", MachineKind.CNC), 0.4);
        return new PlantDefinition(
                new PlantDefinition.EnterpriseInfo("CON", "接入测试企业"),
                new PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                new PlantDefinition.SimulationSettings(11, 100),
                List.of(new PlantDefinition.LineDefinition("L1", "一线", List.of(cnc, mt1, mt2))));
    }

    static ClientSecurity secured(ClientSecurity.Identity identity) {
        return new ClientSecurity(
                SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, identity, pki, false);
    }

    @Test
    @Order(1)
    void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var r = ConnectionTester.test("t", "opc.tcp://127.0.0.1:" + port + "/x", ClientSecurity.NONE);
        assertThat(r.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(r.message()).contains("Cannot reach 127.0.0.1:" + port).contains("connection refused");
    }

    @Test
    @Order(2)
    void aPolicyTheServerDoesNotOfferListsWhatItOffers() {
        var r = ConnectionTester.test(
                "t",
                sim.endpointUrl(),
                new ClientSecurity(
                        SecurityPolicy.Aes256_Sha256_RsaPss,
                        MessageSecurityMode.SignAndEncrypt,
                        ClientSecurity.Identity.ANONYMOUS,
                        pki,
                        false));
        assertThat(r.outcome()).isEqualTo(Outcome.POLICY_NOT_OFFERED);
        assertThat(r.offered()).contains("Basic256Sha256/SignAndEncrypt [anonymous, username]");
        assertThat(r.message())
                .contains("does not offer security policy Aes256_Sha256_RsaPss with mode SignAndEncrypt")
                .contains("Basic256Sha256/SignAndEncrypt");
    }

    @Test
    @Order(3)
    void anUntrustedServerIsRefusedWithItsThumbprintAndQuarantined() {
        String simThumbprint = ClientPki.thumbprint(sim.serverCertificate());
        var r = ConnectionTester.test("t", sim.endpointUrl(), secured(new ClientSecurity.UserName(USER, PASSWORD)));
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_CERTIFICATE_UNTRUSTED);
        assertThat(r.thumbprint()).isEqualTo(simThumbprint);
        assertThat(r.message()).contains(simThumbprint).doesNotContain(PASSWORD);
        assertThat(pki.rejected())
                .extracting(ClientPki.CertificateInfo::thumbprint)
                .contains(simThumbprint);
        assertThat(pki.trusted()).isEmpty();
    }

    @Test
    @Order(4)
    void afterTrustingTheServerOurCertificateIsTheNextProblem() {
        String simThumbprint = ClientPki.thumbprint(sim.serverCertificate());
        assertThat(pki.trust(simThumbprint.toUpperCase())).isPresent();
        assertThat(pki.rejected())
                .extracting(ClientPki.CertificateInfo::thumbprint)
                .doesNotContain(simThumbprint);
        assertThat(pki.trusted())
                .extracting(ClientPki.CertificateInfo::thumbprint)
                .containsExactly(simThumbprint);

        var r = ConnectionTester.test("t", sim.endpointUrl(), secured(new ClientSecurity.UserName(USER, PASSWORD)));
        assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_CERTIFICATE_REJECTED);
        assertThat(r.thumbprint()).isEqualTo(ClientPki.thumbprint(pki.certificate()));
    }

    @Test
    @Order(5)
    void aWrongPasswordIsSaidSo() {
        sim.trustClientCertificate(pki.certificate());
        var r = ConnectionTester.test(
                "t", sim.endpointUrl(), secured(new ClientSecurity.UserName(USER, "wrong-password")));
        assertThat(r.outcome()).isEqualTo(Outcome.WRONG_CREDENTIALS);
        assertThat(r.message())
                .contains("wrong user name or password")
                .contains(USER)
                .doesNotContain("wrong-password");
    }

    @Test
    @Order(6)
    void theRightPasswordConnects() {
        var r = ConnectionTester.test("t", sim.endpointUrl(), secured(new ClientSecurity.UserName(USER, PASSWORD)));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.CONNECTED);
        assertThat(r.message()).contains("Basic256Sha256/SignAndEncrypt").contains("user " + USER);
    }

    @Test
    @Order(7)
    void browseAndAutomapACompanionSpecMachine() throws Exception {
        OpcUaClient client =
                ClientFactory.create("t", sim.endpointUrl(), secured(new ClientSecurity.UserName(USER, PASSWORD)));
        client.connect();
        try {
            AddressSpace space = new AddressSpace(client);
            var top = space.children(space.parse(null));
            assertThat(top).extracting(AddressSpace.Node::browseName).contains("Machines", "P1");
            var machine = space.children(space.parse(CompanionNodes.rootNodeId("MT-01")));
            assertThat(machine)
                    .extracting(AddressSpace.Node::browseName)
                    .contains("Identification", "MachineryBuildingBlocks", "Production", "Vendor");
            var vendor = space.children(space.parse(CompanionNodes.rootNodeId("MT-01") + "/Vendor"));
            AddressSpace.Node power = vendor.stream()
                    .filter(n -> n.browseName().equals("ActivePower"))
                    .findFirst()
                    .orElseThrow();
            assertThat(power.nodeClass()).isEqualTo("Variable");
            assertThat(power.dataType()).isEqualTo("Double");
            assertThat(power.access()).contains("CurrentRead");
            assertThat(power.value()).isInstanceOf(Double.class);

            var walked = space.walk(space.parse(CompanionNodes.rootNodeId("MT-01")), 8, 2000);
            var ident = AutoMapper.identificationNodes(walked);
            Map<String, String> facts = new java.util.LinkedHashMap<>();
            for (var e : ident.entrySet())
                facts.put(
                        e.getKey(),
                        String.valueOf(space.readValue(space.parse(e.getValue().nodeId()))));
            var result = AutoMapper.propose(walked, facts);
            assertThat(result.companionSpecs()).containsExactly("OPC 40001-1 Machinery", "OPC 40501-1 Machine Tools");
            assertThat(result.identification())
                    .containsEntry("manufacturer", "Tiangong Machine Tools")
                    .containsEntry("serialNumber", "SN-MT-01");
            Map<String, String> bySignal = new java.util.LinkedHashMap<>();
            result.proposals().forEach(p -> bySignal.put(p.signal(), p.nodeId()));
            String base = "nsu=urn:tiangong:sim;s=Machines/MT-01";
            assertThat(bySignal)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "state", base + "/MachineryBuildingBlocks/MachineryItemState/CurrentState/Number",
                            "parts_good", base + "/Production/ProductionPlan/Job-1/RunsCompleted",
                            "parts_scrap", base + "/Vendor/ScrapParts",
                            "cycle_time", base + "/Vendor/LastCycleTime",
                            "spindle_load", base + "/Vendor/SpindleLoad",
                            "power", base + "/Vendor/ActivePower",
                            "energy", base + "/Vendor/EnergyCounter",
                            "alarm_code", base + "/Vendor/AlarmNumber"));
            var state = result.proposals().get(0);
            assertThat(state.rule()).isEqualTo("OPC 40001-1");
            assertThat(state.valueMap()).isEqualTo(AutoMapper.ITEM_STATE_CODES);
            assertThat(result.proposals())
                    .filteredOn(p -> p.signal().equals("parts_scrap"))
                    .singleElement()
                    .satisfies(p -> assertThat(p.rule()).isEqualTo("name pattern"));

            // a relative path found on MT-01 resolves on MT-02 to MT-02's node
            var statePath = state.path();
            var onSecond = space.resolve(space.parse(CompanionNodes.rootNodeId("MT-02")), statePath)
                    .orElseThrow();
            assertThat(space.text(onSecond))
                    .isEqualTo(
                            "nsu=urn:tiangong:sim;s=Machines/MT-02/MachineryBuildingBlocks/MachineryItemState/CurrentState/Number");
        } finally {
            client.disconnectAsync().get(5, TimeUnit.SECONDS);
        }
    }

    // --- h1-hardening (issue 11) ---

    @Test
    @Order(8)
    void machinesBehindTheSecuredEndpointAreNotReadableOverNoneOrAnonymously() throws Exception {
        try (PlantSimulator both = new PlantSimulator(
                        companionPlant(),
                        SimulatorOptions.forTests(dir.resolve("sim-both"))
                                .withSecurityPolicies(SecurityPolicy.None, SecurityPolicy.Basic256Sha256)
                                .withUser(USER, PASSWORD)
                                .withCompanionMachines("L1/MT-01", "L1/MT-02"))
                .start()) {
            both.trustClientCertificate(pki.certificate());
            try {
                pki.validator(false, "setup").validateCertificateChain(List.of(both.serverCertificate()), null, null);
            } catch (org.eclipse.milo.opcua.stack.core.UaException expected) {
                // quarantined: that is how it reaches the rejected list, from where the operator trusts it
            }
            assertThat(pki.trust(ClientPki.thumbprint(both.serverCertificate())))
                    .isPresent();
            String companion = CompanionNodes.rootNodeId("MT-01") + "/Vendor/ActivePower";
            String plainOfSecured =
                    org.tiangong.collector.sim.SimNodeIds.expanded(org.tiangong.collector.sim.SimNodeIds.signalId(
                            "L1", "MT-01", org.tiangong.analytics.model.CanonicalSignal.POWER));
            String plainOfOpen =
                    org.tiangong.collector.sim.SimNodeIds.expanded(org.tiangong.collector.sim.SimNodeIds.signalId(
                            "L1", "CNC-01", org.tiangong.analytics.model.CanonicalSignal.POWER));
            java.util.Map<String, ClientSecurity> ways = new java.util.LinkedHashMap<>();
            ways.put("None, anonymous", ClientSecurity.NONE);
            ways.put("Basic256Sha256, anonymous", secured(ClientSecurity.Identity.ANONYMOUS));
            ways.put("Basic256Sha256, user", secured(new ClientSecurity.UserName(USER, PASSWORD)));
            for (var way : ways.entrySet()) {
                OpcUaClient client = ClientFactory.create("t", both.endpointUrl(), way.getValue());
                client.connect();
                try {
                    AddressSpace space = new AddressSpace(client);
                    boolean allowed = way.getKey().endsWith("user");
                    for (String node : List.of(companion, plainOfSecured)) {
                        var value = client.readValue(
                                0,
                                org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn.Neither,
                                space.parse(node));
                        if (allowed) {
                            assertThat(value.getStatusCode().isGood())
                                    .as(way.getKey() + " " + node)
                                    .isTrue();
                        } else {
                            assertThat(value.getStatusCode().getValue())
                                    .as(way.getKey() + " " + node)
                                    .isEqualTo(org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_UserAccessDenied);
                        }
                    }
                    // machines not behind the secured endpoint stay readable as before
                    assertThat(client.readValue(
                                            0,
                                            org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn
                                                    .Neither,
                                            space.parse(plainOfOpen))
                                    .getStatusCode()
                                    .isGood())
                            .as(way.getKey())
                            .isTrue();
                } finally {
                    client.disconnectAsync().get(5, TimeUnit.SECONDS);
                }
            }
        }
    }
}
