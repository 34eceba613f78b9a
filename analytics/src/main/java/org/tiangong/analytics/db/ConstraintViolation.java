package org.tiangong.analytics.db;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A write refused by a constraint of the schema, typed so that callers never compare SQLState codes: a unique key
 * already taken ({@link Kind#DUPLICATE_KEY}, SQLState 23505) or a row still referenced by another
 * ({@link Kind#STILL_REFERENCED}, 23503). The original exception is the cause.
 */
public final class ConstraintViolation extends SQLException {

    public enum Kind {
        DUPLICATE_KEY,
        STILL_REFERENCED
    }

    private final Kind kind;

    private ConstraintViolation(Kind kind, SQLException cause) {
        super(cause.getMessage(), cause.getSQLState(), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The typed violation {@code e} is, if it is one (also when {@code e} already is one). */
    public static Optional<ConstraintViolation> of(SQLException e) {
        if (e instanceof ConstraintViolation v) return Optional.of(v);
        if ("23505".equals(e.getSQLState())) return Optional.of(new ConstraintViolation(Kind.DUPLICATE_KEY, e));
        if ("23503".equals(e.getSQLState())) return Optional.of(new ConstraintViolation(Kind.STILL_REFERENCED, e));
        return Optional.empty();
    }

    /** Whether {@code e} is a violation of the given kind. */
    public static boolean is(SQLException e, Kind kind) {
        return of(e).map(v -> v.kind == kind).orElse(false);
    }
}
