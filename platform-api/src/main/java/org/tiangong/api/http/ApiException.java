package org.tiangong.api.http;

/**
 * A client's mistake, with the HTTP status it maps to. Thrown by handlers and services, turned into
 * {@code {"error": ..., "detail": ...}} in one place ({@link ErrorHandler}).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public int status() { return status; }

    public String error() { return error; }

    public String detail() { return getMessage(); }
}
