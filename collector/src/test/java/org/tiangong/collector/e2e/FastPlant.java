package org.tiangong.collector.e2e;

import java.util.List;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.ProcessParameters;

/** Simulated plants that change a lot in a few seconds, for tests of the collector against the simulator. */
public final class FastPlant {

    private FastPlant() {}

    /** Line L1 with CNC-01, PRS-01 and FUR-01, all running at once and making a part every few ticks. */
    public static PlantDefinition threeMachines(long tickMillis) {
        List<MachineDefinition> machines = List.of(
                fast(MachineDefinition.withDefaults("CNC-01", "加工中心 1", MachineKind.CNC), 0.5),
                fast(MachineDefinition.withDefaults("PRS-01", "压力机 1", MachineKind.PRESS), 0.3),
                fast(MachineDefinition.withDefaults("FUR-01", "淬火炉", MachineKind.FURNACE), 2));
        return new PlantDefinition(
                new PlantDefinition.EnterpriseInfo("E2E", "端到端测试企业"),
                new PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                new PlantDefinition.SimulationSettings(7, tickMillis),
                List.of(new PlantDefinition.LineDefinition("L1", "一线", machines)));
    }

    /** Starts running at once and rarely stops, so a short run sees counters, cycle times and meters move. */
    public static MachineDefinition fast(MachineDefinition m, double cycleSeconds) {
        return new MachineDefinition(
                m.code(),
                m.name(),
                m.kind(),
                "TEST",
                new ProcessParameters(
                        cycleSeconds,
                        600,
                        1,
                        0.05,
                        m.process().cycleJitter(),
                        m.process().performance(),
                        m.process().ratedPowerKw(),
                        m.process().nominalProcessValue(),
                        600,
                        0.01,
                        600,
                        0.1,
                        0,
                        m.process().heatUpMinutes(),
                        m.process().coolDownMinutes()));
    }
}
