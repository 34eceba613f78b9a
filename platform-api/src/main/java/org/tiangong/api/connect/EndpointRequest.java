package org.tiangong.api.connect;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Bodies;

/** A validated {@code POST /endpoints} body. The password is only ever held here on its way to being sealed. */
record EndpointRequest(
        UUID enterpriseId,
        String name,
        String url,
        String policy,
        String mode,
        String authType,
        String username,
        String password,
        boolean allowUntrusted) {

    static final List<String> POLICIES =
            List.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss");
    static final List<String> MODES = List.of("None", "Sign", "SignAndEncrypt");
    static final List<String> AUTH = List.of("anonymous", "username", "x509");

    @Override
    public String toString() {
        return "EndpointRequest[" + name + ", " + url + ", " + policy + "/" + mode + ", " + authType + "]";
    }

    static EndpointRequest parse(JsonObject body) {
        UUID enterprise = Bodies.uuid(body, "enterpriseId");
        String name = Bodies.string(body, "name", 100).trim();
        String url = Bodies.string(body, "url", 500).trim();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("url is not a URL: opc.tcp://host:port/path expected");
        }
        if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw ApiException.badRequest("url must be opc.tcp://host[:port][/path]");
        }
        String policy = oneOf(body, "securityPolicy", POLICIES, "None");
        String mode = oneOf(body, "securityMode", MODES, policy.equals("None") ? "None" : "SignAndEncrypt");
        if (policy.equals("None") != mode.equals("None")) {
            throw ApiException.badRequest(
                    "securityPolicy None goes with securityMode None, the other policies with Sign or SignAndEncrypt");
        }
        Object authValue = body.getValue("auth");
        JsonObject auth = authValue == null ? new JsonObject() : authValue instanceof JsonObject o ? o : null;
        if (auth == null) throw ApiException.badRequest("auth must be an object: {type, username?, password?}");
        String type = oneOf(auth, "type", AUTH, "anonymous");
        String username = null;
        String password = null;
        if (type.equals("username")) {
            username = Bodies.string(auth, "username", 200);
            Object pw = auth.getValue("password");
            if (!(pw instanceof String s) || s.isEmpty() || s.length() > 500) {
                throw ApiException.badRequest(
                        "auth.password is required for a username login (at most 500 characters)");
            }
            password = s;
            if (policy.equals("None")) {
                throw ApiException.badRequest(
                        "a password over an endpoint without security (None) can travel in clear text; "
                                + "choose a secured policy such as Basic256Sha256 with SignAndEncrypt");
            }
        } else if (auth.containsKey("password") || auth.containsKey("username")) {
            throw ApiException.badRequest("auth.username and auth.password go only with type username");
        }
        Boolean untrusted = Bodies.optionalBoolean(body, "allowUntrusted");
        return new EndpointRequest(
                enterprise, name, url, policy, mode, type, username, password, untrusted != null && untrusted);
    }

    private static String oneOf(JsonObject body, String field, List<String> allowed, String fallback) {
        String v = Bodies.optionalString(body, field, 50);
        if (v == null) return fallback;
        if (!allowed.contains(v)) throw ApiException.badRequest(field + " must be one of " + allowed);
        return v;
    }
}
