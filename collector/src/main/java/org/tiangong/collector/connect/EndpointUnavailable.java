package org.tiangong.collector.connect;

/**
 * An {@link EndpointSession} could not do its work on the server: it could not connect (the message is the
 * connection test's, in words a field engineer can act on), or the server refused a request after connecting
 * ({@link #refused()}, the message names the OPC UA status). Not the caller's mistake: the API says 502.
 */
public final class EndpointUnavailable extends RuntimeException {

    private final boolean refused;

    EndpointUnavailable(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    /** The server was reached and the session worked, but it refused this request. */
    public boolean refused() {
        return refused;
    }
}
