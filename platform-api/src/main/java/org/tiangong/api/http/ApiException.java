package org.tiangong.api.http;

/**
 * A client's mistake, with the HTTP status it maps to. Thrown by handlers and services, turned into
 * {@code {"error": ..., "detail": ...}} in one place ({@link ErrorHandler}).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final long retryAfterSeconds;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, -1);
    }

    /** A refusal (429, 503) that says, in {@code Retry-After}, when to try again. */
    public ApiException(int status, String error, String detail, long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds for {@code Retry-After}, or -1 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }
}
