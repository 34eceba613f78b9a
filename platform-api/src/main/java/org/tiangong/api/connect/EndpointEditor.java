package org.tiangong.api.connect;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.EndpointTuning;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;

/**
 * Edits a saved endpoint in place ({@code PATCH /endpoints/{id}}): its id, and so its mappings, stay; the change
 * moves the connect revision on, and running collectors reconnect with the new URL, security, credentials or
 * subscription settings. Blocking (JDBC): call from a worker.
 */
final class EndpointEditor {

    private final ConnectService service;
    private final ConnectStore store;
    private final SecretBox secrets;

    EndpointEditor(ConnectService service, ConnectStore store, SecretBox secrets) {
        this.service = service;
        this.store = store;
        this.secrets = secrets;
    }

    /** The endpoint as the API shows it, with how collectors subscribe to it. */
    static JsonObject json(OpcEndpoint e, EndpointTuning t) {
        return ConnectJson.endpoint(e)
                .put("publishingIntervalMillis", t.publishingIntervalMillis())
                .put("queueSize", t.queueSize())
                .put("samplingIntervalMillis", t.defaultSamplingMillis());
    }

    /** Applies the patch; returns the endpoint before and after (for the audit) as JSON without secrets. */
    JsonObject[] apply(Principal p, UUID id, EndpointPatch patch) throws SQLException {
        OpcEndpoint old = service.endpointFor(p, id, true);
        // a new address must be on the enterprise's allow-list, like a new endpoint's: the collector connects to it
        if (patch.url() != null) service.requireTarget(old.enterpriseId(), patch.url());
        EndpointTuning oldTuning = store.tuning(id);
        String policy = patch.policy() != null ? patch.policy() : old.securityPolicy();
        String mode = patch.mode() != null
                ? patch.mode()
                : patch.policy() == null ? old.securityMode() : policy.equals("None") ? "None" : "SignAndEncrypt";
        if (policy.equals("None") != mode.equals("None")) {
            throw ApiException.badRequest(
                    "securityPolicy None goes with securityMode None, the other policies with Sign or SignAndEncrypt");
        }
        String authType = patch.authGiven() ? patch.authType() : old.authType();
        String username = patch.authGiven() ? patch.username() : old.username();
        byte[] sealed = old.passwordSealed();
        if (patch.authGiven()) {
            if (!authType.equals("username")) {
                sealed = null;
            } else if (patch.password() != null) {
                sealed = secrets.seal(patch.password(), id.toString());
            } else if (sealed == null || !Objects.equals(username, old.username())) {
                throw ApiException.badRequest("auth.password is required for a new user name");
            }
        }
        if (authType.equals("username") && policy.equals("None")) {
            throw ApiException.badRequest(
                    "a password over an endpoint without security (None) can travel in clear text; "
                            + "choose a secured policy such as Basic256Sha256 with SignAndEncrypt");
        }
        OpcEndpoint changed = new OpcEndpoint(
                id,
                old.enterpriseId(),
                old.vendorId(),
                patch.name() != null ? patch.name() : old.name(),
                patch.url() != null ? patch.url() : old.url(),
                policy,
                mode,
                authType,
                username,
                sealed,
                old.allowUntrusted(),
                old.createdAt(),
                old.updatedAt());
        EndpointTuning tuning = new EndpointTuning(
                patch.publishingGiven() ? patch.publishingIntervalMillis() : oldTuning.publishingIntervalMillis(),
                patch.queueGiven() ? patch.queueSize() : oldTuning.queueSize(),
                patch.samplingGiven() ? patch.samplingIntervalMillis() : oldTuning.defaultSamplingMillis());
        OpcEndpoint saved;
        try {
            saved = store.updateEndpoint(changed).orElseThrow(() -> ApiException.notFound("no such endpoint"));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()))
                throw new ApiException(
                        409, "conflict", "this enterprise already has an endpoint named " + changed.name());
            throw e;
        }
        store.updateTuning(id, tuning);
        return new JsonObject[] {json(old, oldTuning), json(saved, tuning)};
    }
}
