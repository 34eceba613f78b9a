package org.tiangong.analytics.topology;

/** A code (or name) that must be unique under its parent is already used there. */
public final class CodeTakenException extends RuntimeException {

    public CodeTakenException(String message) {
        super(message);
    }
}
