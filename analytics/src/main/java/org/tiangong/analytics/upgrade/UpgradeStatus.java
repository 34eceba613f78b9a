package org.tiangong.analytics.upgrade;

import java.util.Optional;
import java.util.Set;
import org.tiangong.analytics.model.Keyed;

/**
 * Where an upgrade project stands: planned → in progress → completed → accepted (验收通过). A completed project whose
 * acceptance fails goes back to in progress; nothing else moves backwards.
 */
public enum UpgradeStatus implements Keyed {
    PLANNED("planned", "已规划 planned"),
    IN_PROGRESS("in_progress", "实施中 in progress"),
    COMPLETED("completed", "已完成 completed"),
    ACCEPTED("accepted", "已验收 accepted");

    private final String key;
    private final String label;

    UpgradeStatus(String key, String label) {
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

    public static Optional<UpgradeStatus> fromKey(String key) {
        return Keyed.fromKey(UpgradeStatus.class, key);
    }

    /** The statuses a project in this status may move to. */
    public Set<UpgradeStatus> next() {
        return switch (this) {
            case PLANNED -> Set.of(IN_PROGRESS);
            case IN_PROGRESS -> Set.of(COMPLETED);
            case COMPLETED -> Set.of(ACCEPTED, IN_PROGRESS);
            case ACCEPTED -> Set.of();
        };
    }

    /** At least completed: counts as done for the programme. */
    public boolean done() {
        return this == COMPLETED || this == ACCEPTED;
    }
}
