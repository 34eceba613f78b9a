package org.tiangong.api.accounts;

import io.vertx.core.json.JsonObject;
import org.tiangong.analytics.accounts.UserAccount;

/** A user as the API shows it: never a password hash. */
final class UserJson {

    private UserJson() {}

    static JsonObject of(UserAccount u) {
        return new JsonObject()
                .put("id", u.id().toString())
                .put("username", u.username())
                .put("displayName", u.displayName())
                .put("role", u.role().key())
                .put(
                        "enterpriseId",
                        u.enterpriseId() == null ? null : u.enterpriseId().toString())
                .put("vendorId", u.vendorId() == null ? null : u.vendorId().toString())
                .put("disabled", u.disabled())
                .put("createdAt", u.createdAt().toString());
    }
}
