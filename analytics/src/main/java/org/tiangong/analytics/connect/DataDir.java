package org.tiangong.analytics.connect;

import java.nio.file.Path;

/**
 * Where the platform keeps what must survive restarts outside the database: the OPC UA certificate and trust list
 * ({@code pki/}) and the key that encrypts stored passwords ({@code secret.key}). The system property
 * {@code tiangong.dataDir}, else the environment variable {@code TIANGONG_DATA_DIR}, else {@code ./tiangong-data}
 * (where the demo keeps its database too). API and collector processes that share endpoints share this directory.
 */
public final class DataDir {

    public static final String PROPERTY = "tiangong.dataDir";
    public static final String ENV = "TIANGONG_DATA_DIR";

    private DataDir() {}

    public static Path resolve() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv(ENV);
        if (p == null || p.isBlank()) p = "tiangong-data";
        return Path.of(p).toAbsolutePath();
    }
}
