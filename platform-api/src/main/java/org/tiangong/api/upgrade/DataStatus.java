package org.tiangong.api.upgrade;

import java.util.Locale;

/** Whether a before/after side or a comparison had data to compute from: {@code "ok"} or {@code "no_data"} in JSON. */
enum DataStatus {
    OK,
    NO_DATA;

    static DataStatus of(boolean hasData) {
        return hasData ? OK : NO_DATA;
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
