package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/**
 * Upgrade projects and their history, and the county's programme. Every write of a project stores an event with the
 * actor in the same transaction, so the history cannot miss a change.
 */
public final class ProjectStore {

    private static final String PROJECT = """
            SELECT id, enterprise_id, name, scope, vendor, investment_wan, subsidy_applied_wan, subsidy_granted_wan, planned_start,
                   planned_end, actual_start, actual_end, accepted_on, status, baseline_from, baseline_to, compare_from, compare_to,
                   created_at, updated_at FROM upgrade_project""";

    private final Jdbc jdbc;

    public ProjectStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<Project> projects(UUID enterpriseId) throws SQLException {
        return jdbc.list(
                PROJECT + " WHERE enterprise_id = ? ORDER BY created_at, id", ProjectStore::project, enterpriseId);
    }

    public List<Project> all() throws SQLException {
        return jdbc.list(PROJECT + " ORDER BY enterprise_id, created_at, id", ProjectStore::project);
    }

    public Optional<Project> project(UUID enterpriseId, UUID projectId) throws SQLException {
        return jdbc.one(
                PROJECT + " WHERE enterprise_id = ? AND id = ?", ProjectStore::project, enterpriseId, projectId);
    }

    /** Stores a new project and its first event ("created"); returns it with its id. */
    public Project create(Project p, UUID actorId, String actorName, String changesJson) throws SQLException {
        UUID id = UUID.randomUUID();
        jdbc.inTransaction(tx -> {
            tx.update(
                    """
                    INSERT INTO upgrade_project (id, enterprise_id, name, scope, vendor, investment_wan, subsidy_applied_wan, subsidy_granted_wan,
                        planned_start, planned_end, actual_start, actual_end, accepted_on, status, baseline_from, baseline_to, compare_from, compare_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    id,
                    p.enterpriseId(),
                    p.name(),
                    p.scope(),
                    p.vendor(),
                    p.investmentWan(),
                    p.subsidyAppliedWan(),
                    p.subsidyGrantedWan(),
                    p.plannedStart(),
                    p.plannedEnd(),
                    p.actualStart(),
                    p.actualEnd(),
                    p.acceptedOn(),
                    p.status().key(),
                    p.baselineFrom(),
                    p.baselineTo(),
                    p.compareFrom(),
                    p.compareTo());
            event(tx, id, actorId, actorName, null, p.status().key(), changesJson);
        });
        return project(p.enterpriseId(), id).orElseThrow();
    }

    /** Replaces the project's fields with {@code p}'s and records the change. */
    public Project update(Project before, Project p, UUID actorId, String actorName, String changesJson)
            throws SQLException {
        jdbc.inTransaction(tx -> {
            tx.update(
                    """
                    UPDATE upgrade_project SET name = ?, scope = ?, vendor = ?, investment_wan = ?, subsidy_applied_wan = ?, subsidy_granted_wan = ?,
                        planned_start = ?, planned_end = ?, actual_start = ?, actual_end = ?, accepted_on = ?, status = ?, baseline_from = ?,
                        baseline_to = ?, compare_from = ?, compare_to = ?, updated_at = now() WHERE id = ? AND enterprise_id = ?""",
                    p.name(),
                    p.scope(),
                    p.vendor(),
                    p.investmentWan(),
                    p.subsidyAppliedWan(),
                    p.subsidyGrantedWan(),
                    p.plannedStart(),
                    p.plannedEnd(),
                    p.actualStart(),
                    p.actualEnd(),
                    p.acceptedOn(),
                    p.status().key(),
                    p.baselineFrom(),
                    p.baselineTo(),
                    p.compareFrom(),
                    p.compareTo(),
                    p.id(),
                    p.enterpriseId());
            event(
                    tx,
                    p.id(),
                    actorId,
                    actorName,
                    before.status().key(),
                    p.status().key(),
                    changesJson);
        });
        return project(p.enterpriseId(), p.id()).orElseThrow();
    }

    public List<ProjectEvent> events(UUID projectId) throws SQLException {
        return jdbc.list(
                "SELECT id, project_id, at, actor_id, actor_name, from_status, to_status, changes::text FROM upgrade_project_event "
                        + "WHERE project_id = ? ORDER BY at, id",
                rs -> new ProjectEvent(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        Jdbc.instant(rs, "at"),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)),
                projectId);
    }

    private static void event(
            Jdbc tx, UUID projectId, UUID actorId, String actorName, String from, String to, String changesJson)
            throws SQLException {
        tx.update(
                "INSERT INTO upgrade_project_event (project_id, actor_id, actor_name, from_status, to_status, changes) VALUES (?, ?, ?, ?, ?, ?::jsonb)",
                projectId,
                actorId,
                actorName,
                from,
                to,
                changesJson == null ? "{}" : changesJson);
    }

    /** The programme, or empty when none is set. */
    public Optional<Programme> programme() throws SQLException {
        Optional<Programme> head = jdbc.one(
                "SELECT name, start_date, end_date FROM upgrade_programme WHERE id = 1",
                rs -> new Programme(
                        rs.getString(1),
                        rs.getObject(2, LocalDate.class),
                        rs.getObject(3, LocalDate.class),
                        List.of()));
        if (head.isEmpty()) return head;
        List<Programme.Target> targets = jdbc.list(
                "SELECT year, target_share FROM upgrade_programme_target ORDER BY year",
                rs -> new Programme.Target(rs.getInt(1), rs.getBigDecimal(2)));
        Programme p = head.get();
        return Optional.of(new Programme(p.name(), p.start(), p.end(), targets));
    }

    public void saveProgramme(Programme p) throws SQLException {
        jdbc.inTransaction(tx -> {
            tx.update("""
                    INSERT INTO upgrade_programme (id, name, start_date, end_date) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, start_date = excluded.start_date, end_date = excluded.end_date""", p.name(), p.start(), p.end());
            tx.update("DELETE FROM upgrade_programme_target");
            for (Programme.Target t : p.targets()) {
                tx.update(
                        "INSERT INTO upgrade_programme_target (year, target_share) VALUES (?, ?)", t.year(), t.share());
            }
        });
    }

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getBigDecimal(6),
                rs.getBigDecimal(7),
                rs.getBigDecimal(8),
                date(rs, 9),
                date(rs, 10),
                date(rs, 11),
                date(rs, 12),
                date(rs, 13),
                UpgradeStatus.fromKey(rs.getString(14)).orElseThrow(),
                date(rs, 15),
                date(rs, 16),
                date(rs, 17),
                date(rs, 18),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"));
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    static BigDecimal zeroIfNull(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }
}
