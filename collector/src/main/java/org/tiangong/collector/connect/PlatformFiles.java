package org.tiangong.collector.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.collector.opcua.ClientPki;

/**
 * What the platform keeps outside the database, resolved once by the launcher and handed down: the data directory
 * (the OPC UA certificate and trust lists under {@code pki/}), the key that seals stored passwords, and the password of
 * the platform's certificate store. API and collector processes that share endpoints share all three.
 *
 * @param pkiPassword the PKCS#12 password of {@code pki/own/platform.pfx}; null for the built-in default
 */
public record PlatformFiles(Path dataDir, SecretBox secrets, char[] pkiPassword) {

    public PlatformFiles {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * The files under {@code dataDir} as a process with the given environment sees them ({@link SecretBox#KEY_ENV},
     * {@code TIANGONG_PKI_PASSWORD}). The launcher passes {@code System.getenv()}; tests pass a map.
     */
    public static PlatformFiles at(Path dataDir, Map<String, String> environment) {
        try {
            String pkiPassword = environment.get("TIANGONG_PKI_PASSWORD");
            return new PlatformFiles(
                    dataDir,
                    SecretBox.load(environment, dataDir),
                    pkiPassword == null || pkiPassword.isEmpty() ? null : pkiPassword.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the secret key in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Opens (creating at first use) the platform's PKI under {@code dataDir/pki}. */
    public ClientPki openPki() throws IOException {
        return pkiPassword == null ? ClientPki.open(dataDir) : ClientPki.open(dataDir, pkiPassword);
    }

    @Override
    public String toString() {
        return "PlatformFiles[" + dataDir + "]"; // never the passwords
    }
}
