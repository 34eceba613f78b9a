package org.tiangong.analytics.testing;

import java.util.List;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.TopologySpec;

/** Small plant layouts for tests. */
public final class Fixtures {

    private Fixtures() {}

    /** One enterprise, one plant, one line with a CNC and a press. */
    public static TopologySpec smallPlant(String enterpriseCode) {
        return new TopologySpec(
                enterpriseCode,
                "测试企业 " + enterpriseCode,
                List.of(new TopologySpec.PlantSpec(
                        "P1",
                        "一厂 Plant 1",
                        "Asia/Shanghai",
                        List.of(new TopologySpec.LineSpec(
                                "L1",
                                "机加线 Machining",
                                List.of(
                                        new TopologySpec.MachineSpec(
                                                "CNC-01", "加工中心 1", MachineKind.CNC, "VMC-850", 42.0),
                                        new TopologySpec.MachineSpec(
                                                "PR-01", "冲床 1", MachineKind.PRESS, "JH21-160", 3.0)))))));
    }
}
