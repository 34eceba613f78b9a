package org.tiangong.analytics.upgrade;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** Monthly figures reported by enterprises. An upload is stored whole in one transaction, or not at all. */
public final class MonthlyFigureStore {

    private final Jdbc jdbc;

    public MonthlyFigureStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<MonthlyFigure> figures(UUID enterpriseId) throws SQLException {
        return jdbc.list(
                "SELECT month, output_value_wan, employees, energy_tce FROM monthly_figure WHERE enterprise_id = ? ORDER BY month",
                rs -> new MonthlyFigure(
                        YearMonth.from(rs.getObject(1, LocalDate.class)),
                        rs.getBigDecimal(2),
                        rs.getInt(3),
                        rs.getBigDecimal(4)),
                enterpriseId);
    }

    /** Stores the months (a month already reported is replaced), all in one transaction. */
    public void upsert(UUID enterpriseId, List<MonthlyFigure> figures, UUID actor) throws SQLException {
        jdbc.inTransaction(tx -> {
            for (MonthlyFigure f : figures) {
                tx.update(
                        """
                        INSERT INTO monthly_figure (enterprise_id, month, output_value_wan, employees, energy_tce, imported_at, imported_by)
                        VALUES (?, ?, ?, ?, ?, now(), ?)
                        ON CONFLICT (enterprise_id, month) DO UPDATE SET output_value_wan = excluded.output_value_wan,
                            employees = excluded.employees, energy_tce = excluded.energy_tce, imported_at = now(),
                            imported_by = excluded.imported_by""", enterpriseId, f.month().atDay(1), f.outputValueWan(), f.employees(), f.energyTce(), actor);
            }
        });
    }
}
