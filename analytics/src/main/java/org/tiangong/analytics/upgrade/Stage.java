package org.tiangong.analytics.upgrade;

import java.util.Optional;
import org.tiangong.analytics.model.Keyed;

/** An enterprise's stage in the programme: the furthest status among its projects, or not started without one. */
public enum Stage implements Keyed {
    NOT_STARTED("not_started", "未启动 not started"),
    PLANNED("planned", "已规划 planned"),
    IN_PROGRESS("in_progress", "实施中 in progress"),
    COMPLETED("completed", "已完成 completed"),
    ACCEPTED("accepted", "已验收 accepted");

    private final String key;
    private final String label;

    Stage(String key, String label) {
        this.key = key;
        this.label = label;
    }

    @Override
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static Stage of(UpgradeStatus furthest) {
        return furthest == null ? NOT_STARTED : valueOf(furthest.name());
    }

    public static Optional<Stage> fromKey(String key) {
        return Keyed.fromKey(Stage.class, key);
    }
}
