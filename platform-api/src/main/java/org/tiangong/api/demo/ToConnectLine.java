package org.tiangong.api.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;

/**
 * The demo's line of machines that nobody collects yet ({@link DemoStack#TO_CONNECT_LINE}): the vendor's engineer
 * connects them with the README's "Connect your machine" walk-through. Its definition, the collector config without
 * it, and the machines the demo vendor is invited to.
 */
final class ToConnectLine {

    private ToConnectLine() {}

    /** The demo vendor is invited to the first line's first two machines and to the machines it is to connect. */
    static List<UUID> vendorMachines(Database db, UUID enterpriseId) throws Exception {
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        var plant = dir.plants(enterpriseId).get(0);
        List<UUID> out = new ArrayList<>();
        for (var line : dir.lines(plant.id())) {
            var machines = dir.machines(line.id());
            if (line.code().equals(DemoStack.TO_CONNECT_LINE)) machines.forEach(m -> out.add(m.id()));
            else if (out.isEmpty()) machines.stream().limit(2).forEach(m -> out.add(m.id()));
        }
        return out;
    }

    /** Two 5-axis machining centres that speak OPC 40001-1 / OPC 40501-1, not yet connected. */
    static PlantDefinition.LineDefinition definition() {
        return new PlantDefinition.LineDefinition(
                DemoStack.TO_CONNECT_LINE,
                "五轴加工 (待接入) 5-axis machining (to connect)",
                List.of(
                        MachineDefinition.withDefaults("MT-01", "五轴加工中心 1 5-axis centre 1", MachineKind.CNC)
                                .withModel("DMU-50 eVo"),
                        MachineDefinition.withDefaults("MT-02", "五轴加工中心 2 5-axis centre 2", MachineKind.CNC)
                                .withModel("DMU-50 eVo")));
    }

    /** The collector's generated config without the machines of the to-connect line. */
    static CollectorConfig notCollected(CollectorConfig c, MachinePath anyOfLine) {
        String prefix = anyOfLine.toString().substring(0, anyOfLine.toString().lastIndexOf('/') + 1);
        List<CollectorConfig.Endpoint> endpoints = c.endpoints().stream()
                .map(e -> new CollectorConfig.Endpoint(
                        e.name(),
                        e.url(),
                        e.publishingIntervalMillis(),
                        e.samplingIntervalMillis(),
                        e.queueSize(),
                        e.machines().stream()
                                .filter(m -> !m.path().startsWith(prefix))
                                .toList()))
                .toList();
        return new CollectorConfig(c.writer(), c.buffer(), c.metrics(), c.maxClockSkewSeconds(), endpoints);
    }
}
