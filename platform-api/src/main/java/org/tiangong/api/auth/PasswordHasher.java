package org.tiangong.api.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id with OWASP's parameters (19 MiB memory, 2 iterations, parallelism 1, 16-byte salt, 32-byte hash),
 * stored as a self-describing PHC string so parameters can be raised later without breaking old hashes.
 */
public final class PasswordHasher {

    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS);
    // Verified against when the user does not exist, so that a login for an unknown name costs the same time.
    private final String dummyHash = encoder.encode("tiangong-dummy-password");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the time of one verification; used when there is no user to verify against. */
    public void burn(String password) {
        encoder.matches(password, dummyHash);
    }

    /** A password policy any admin-created or demo password must meet. Returns a reason, or null when fine. */
    public static String weakness(String password) {
        if (password == null || password.length() < 10) return "password must have at least 10 characters";
        if (password.length() > 200) return "password may have at most 200 characters";
        if (password.chars().distinct().count() < 5) return "password must use at least 5 different characters";
        return null;
    }
}
