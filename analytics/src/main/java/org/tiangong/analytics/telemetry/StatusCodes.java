package org.tiangong.analytics.telemetry;

/** Reading the severity bits of an OPC UA StatusCode (Part 4, 7.39) without depending on an OPC UA stack. */
public final class StatusCodes {

    private StatusCodes() {}

    /** Severity Good: the two top bits are 00. */
    public static boolean isGood(int status) {
        return (status >>> 30) == 0;
    }

    /** Severity Bad: the top bit is set. */
    public static boolean isBad(int status) {
        return (status & 0x8000_0000) != 0;
    }

    /** SQL predicate true for Good samples in a {@code status} column. */
    public static final String GOOD_SQL = "(status >= 0 AND status < 1073741824)";
}
