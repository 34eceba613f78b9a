package org.tiangong.analytics.accounts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who a user is to the platform. */
public enum Role {
    /** Runs the platform: users, keys, everything. */
    ADMIN,
    /** Runs one enterprise's plants; bound to that enterprise. */
    PLANT_MANAGER,
    /** The county economic bureau (经信局): reads every enterprise, changes nothing. */
    BUREAU,
    /** An equipment vendor: sees and configures only the machines granted to its organisation. */
    VENDOR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst();
    }
}
