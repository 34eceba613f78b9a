package org.tiangong.collector.connect;

/** A node id that cannot be parsed, or names a namespace the server does not have: the caller's mistake. */
public final class BadNodeId extends IllegalArgumentException {

    BadNodeId(String message) {
        super(message);
    }
}
