package org.tiangong.analytics.losses;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** Fault codes and the downtime reason names they map to. */
public final class ReasonStore {

    public record Reason(int code, String name, boolean planned) {}

    private final Jdbc jdbc;

    public ReasonStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<Reason> all() throws SQLException {
        return jdbc.list(
                "SELECT code, name, planned FROM downtime_reason ORDER BY code",
                rs -> new Reason(rs.getInt(1), rs.getString(2), rs.getBoolean(3)));
    }

    public Reason put(int code, String name, boolean planned) throws SQLException {
        return jdbc.one(
                        "INSERT INTO downtime_reason (code, name, planned) VALUES (?, ?, ?) ON CONFLICT (code) "
                                + "DO UPDATE SET name = EXCLUDED.name, planned = EXCLUDED.planned RETURNING code, name, planned",
                        rs -> new Reason(rs.getInt(1), rs.getString(2), rs.getBoolean(3)),
                        code,
                        name,
                        planned)
                .orElseThrow();
    }
}
