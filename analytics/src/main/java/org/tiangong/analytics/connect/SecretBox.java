package org.tiangong.analytics.connect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets the platform must be able to use again (passwords of OPC UA user tokens) with AES-256-GCM.
 * A sealed value is {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}; the endpoint's id is bound in as
 * associated data, so a ciphertext copied onto another endpoint's row does not decrypt.
 *
 * <p>The key never lives in the database: it is {@code TIANGONG_SECRET_KEY} (Base64 of 32 bytes) when that is set,
 * otherwise the file {@code secret.key} in the platform's data directory, created with 32 random bytes (owner-only
 * permissions) at first use. API and collector processes that share endpoints must share the key.
 */
public final class SecretBox {

    public static final String KEY_ENV = "TIANGONG_SECRET_KEY";
    public static final String KEY_FILE = "secret.key";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("the secret key must be 32 bytes, got " + key.length);
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** The key from {@value #KEY_ENV} when set, else from {@code dataDir/secret.key} (created when missing). */
    public static SecretBox load(Map<String, String> environment, Path dataDir) throws IOException {
        String fromEnv = environment.get(KEY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(fromEnv.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        KEY_ENV + " is not Base64 (expected 32 random bytes, e.g. `openssl rand -base64 32`)");
            }
            if (key.length != 32)
                throw new IllegalArgumentException(KEY_ENV + " must decode to 32 bytes, got " + key.length);
            return new SecretBox(key);
        }
        Path file = dataDir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            Path tmp = Files.createTempFile(dataDir, "secret", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system (Windows): the directory's ACL protects it
                }
                Files.write(tmp, Base64.getEncoder().encode(key), StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        byte[] key = Base64.getDecoder()
                .decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        return new SecretBox(key);
    }

    public byte[] seal(String plaintext, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @throws IllegalStateException when the value was sealed with another key or for another context */
    public String open(byte[] sealed, String context) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) throw new IllegalStateException("sealed value too short");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("the stored secret cannot be decrypted with this key (" + KEY_ENV + " or "
                    + KEY_FILE + " differs from the one it was stored with)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
