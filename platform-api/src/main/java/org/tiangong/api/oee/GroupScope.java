package org.tiangong.api.oee;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Principal;

/**
 * The machines a figure for a machine, line, plant or enterprise is computed over: 404 when the caller may not see
 * the object, and only the machines inside it the caller may see (a vendor's line figures cover its granted machines).
 * Blocking.
 */
public final class GroupScope {

    private final PlantDirectory directory;
    private final AccessPolicy access;

    public GroupScope(PlantDirectory directory, AccessPolicy access) {
        this.directory = directory;
        this.access = access;
    }

    public List<UUID> visibleMachines(Principal p, String level, UUID id) throws SQLException {
        switch (level) {
            case "machine" -> {
                access.requireMachine(p, id);
                return List.of(id);
            }
            case "line" -> access.requireLine(p, id);
            case "plant" -> access.requirePlant(p, id);
            case "enterprise" -> access.requireEnterprise(p, id);
            default -> throw new IllegalArgumentException(level);
        }
        List<UUID> visible = new ArrayList<>();
        for (UUID m : directory.machineIdsIn(level, id)) if (access.canSeeMachine(p, m)) visible.add(m);
        return visible;
    }
}
