package org.tiangong.analytics.model;

import java.util.Optional;

/**
 * An enum written as a lower-case key in YAML, the database, URLs and JSON ({@code parts_good}, {@code no_data},
 * {@code in_progress}): the key and the lookup by key in one place instead of once per enum.
 */
public interface Keyed {

    /** The name as written outside Java. */
    String key();

    /** The constant of {@code type} whose key is {@code key}, if any. */
    static <E extends Enum<E> & Keyed> Optional<E> fromKey(Class<E> type, String key) {
        for (E e : type.getEnumConstants()) {
            if (e.key().equals(key)) return Optional.of(e);
        }
        return Optional.empty();
    }
}
