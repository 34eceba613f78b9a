package org.tiangong.api.andon;

import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.andon.AndonBoard;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.oee.MachineStatus;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;

/** The line's Andon board: every machine's state, since when, and its OEE so far in the current shift. */
public final class StatusRoutes {

    /** A machine silent for longer than this shows as no data on the board. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private final PlantDirectory directory;
    private final AccessPolicy access;
    private final AndonBoard service;
    private final Blocking blocking;
    private final Clock clock;

    public StatusRoutes(
            PlantDirectory directory, AccessPolicy access, AndonBoard service, Blocking blocking, Clock clock) {
        this.directory = directory;
        this.access = access;
        this.service = service;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/lines/:id/status").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                access.requireLine(p, id);
                List<Machine> visible = new ArrayList<>();
                for (Machine m : directory.machines(id)) if (access.canSeeMachine(p, m.id())) visible.add(m);
                Map<UUID, MachineStatus> statuses =
                        service.statuses(visible.stream().map(Machine::id).toList(), STALE_AFTER);
                return BoardJson.of(id, visible, statuses, clock.instant());
            });
        });
    }
}
