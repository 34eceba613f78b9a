package org.tiangong.api.cli;

import java.nio.file.Path;
import org.tiangong.analytics.connect.DataDir;
import org.tiangong.collector.connect.PlatformFiles;

/**
 * The one place below {@code main} that reads the process environment for the platform's files: the data directory
 * ({@link DataDir}: the system property, else {@code TIANGONG_DATA_DIR}, else {@code ./tiangong-data}), the secret
 * key ({@code TIANGONG_SECRET_KEY} or {@code secret.key}) and the PKI password ({@code TIANGONG_PKI_PASSWORD}).
 * Commands resolve them once and pass them down; so do the convenience constructors used by tests
 * ({@code ApiServer}, {@code DemoStack.Options}), which is why this is public.
 */
public final class RuntimeEnvironment {

    private RuntimeEnvironment() {}

    /** The platform's files in the data directory the system property or environment names. */
    public static PlatformFiles platformFiles() {
        return PlatformFiles.at(DataDir.resolve(), System.getenv());
    }

    /** The platform's files in {@code fallback} unless the system property or environment names a data directory. */
    public static PlatformFiles platformFiles(Path fallback) {
        boolean named = System.getProperty(DataDir.PROPERTY) != null || System.getenv(DataDir.ENV) != null;
        return PlatformFiles.at(named ? DataDir.resolve() : fallback.toAbsolutePath(), System.getenv());
    }

    /** The database password for a URL given without one ({@code TIANGONG_DB_PASSWORD}); null when unset. */
    public static String databasePassword() {
        return System.getenv("TIANGONG_DB_PASSWORD");
    }
}
