package org.tiangong.api.connect;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Bodies;

/**
 * A validated {@code PATCH /endpoints/{id}} body: only what it names changes. {@code auth} replaces the identity
 * (a password, when given, is sealed again; a user name kept without a new password keeps the sealed one). The
 * subscription fields take a number, or null to go back to automatic. The password is only held here on its way to
 * being sealed.
 */
record EndpointPatch(
        String name,
        String url,
        String policy,
        String mode,
        boolean authGiven,
        String authType,
        String username,
        String password,
        boolean publishingGiven,
        Double publishingIntervalMillis,
        boolean queueGiven,
        Integer queueSize,
        boolean samplingGiven,
        Double samplingIntervalMillis) {

    static final String[] FIELDS = {
        "name",
        "url",
        "securityPolicy",
        "securityMode",
        "auth",
        "publishingIntervalMillis",
        "queueSize",
        "samplingIntervalMillis"
    };

    @Override
    public String toString() {
        return "EndpointPatch[" + name + ", " + url + ", " + policy + "/" + mode + ", " + authType + "]";
    }

    static EndpointPatch parse(JsonObject body) {
        boolean any = false;
        for (String f : FIELDS) any |= body.containsKey(f);
        if (!any) throw ApiException.badRequest("nothing to change: give at least one of " + String.join(", ", FIELDS));
        String name = Bodies.optionalString(body, "name", 100);
        if (name != null && name.isBlank()) throw ApiException.badRequest("name must not be blank");
        String url = Bodies.optionalString(body, "url", 500);
        if (url != null) url = checkedUrl(url.trim());
        String policy = oneOf(body, "securityPolicy", EndpointRequest.POLICIES);
        String mode = oneOf(body, "securityMode", EndpointRequest.MODES);
        boolean authGiven = body.containsKey("auth");
        String type = null, username = null, password = null;
        if (authGiven) {
            if (!(body.getValue("auth") instanceof JsonObject auth))
                throw ApiException.badRequest("auth must be an object: {type, username?, password?}");
            type = oneOf(auth, "type", EndpointRequest.AUTH);
            if (type == null) type = "anonymous";
            if (type.equals("username")) {
                username = Bodies.string(auth, "username", 200);
                Object pw = auth.getValue("password");
                if (pw != null && (!(pw instanceof String s) || s.isEmpty() || s.length() > 500)) {
                    throw ApiException.badRequest("auth.password must be a string of 1 to 500 characters");
                }
                password = (String) pw;
            } else if (auth.containsKey("password") || auth.containsKey("username")) {
                throw ApiException.badRequest("auth.username and auth.password go only with type username");
            }
        }
        return new EndpointPatch(
                name == null ? null : name.trim(),
                url,
                policy,
                mode,
                authGiven,
                type,
                username,
                password,
                body.containsKey("publishingIntervalMillis"),
                number(body, "publishingIntervalMillis", 10, 3_600_000),
                body.containsKey("queueSize"),
                queueSize(body),
                body.containsKey("samplingIntervalMillis"),
                number(body, "samplingIntervalMillis", 0, 3_600_000));
    }

    /** The same rule as a new endpoint's URL. */
    static String checkedUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("url is not a URL: opc.tcp://host:port/path expected");
        }
        if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null)
            throw ApiException.badRequest("url must be opc.tcp://host[:port][/path]");
        return url;
    }

    private static String oneOf(JsonObject body, String field, java.util.List<String> allowed) {
        String v = Bodies.optionalString(body, field, 50);
        if (v != null && !allowed.contains(v)) throw ApiException.badRequest(field + " must be one of " + allowed);
        return v;
    }

    private static Double number(JsonObject body, String field, double min, double max) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (!(v instanceof Number n)
                || !Double.isFinite(n.doubleValue())
                || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw ApiException.badRequest(field + " must be a number from " + (long) min + " to " + (long) max
                    + " (milliseconds), or null for automatic");
        }
        return n.doubleValue();
    }

    private static Integer queueSize(JsonObject body) {
        Object v = body.getValue("queueSize");
        if (v == null) return null;
        if (!(v instanceof Number n)
                || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < 1
                || n.doubleValue() > 10_000) {
            throw ApiException.badRequest("queueSize must be a whole number from 1 to 10000, or null for automatic");
        }
        return n.intValue();
    }
}
