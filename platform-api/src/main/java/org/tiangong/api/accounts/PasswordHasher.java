package org.tiangong.api.accounts;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id with OWASP's parameters (19 MiB memory, 2 iterations, parallelism 1, 16-byte salt, 32-byte hash),
 * stored as a self-describing PHC string so parameters can be raised later without breaking old hashes.
 */
public final class PasswordHasher {

    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;

    private final java.util.concurrent.atomic.LongAdder verifications = new java.util.concurrent.atomic.LongAdder();
    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS);
    // Verified against when the user does not exist, so that a login for an unknown name costs the same time.
    private final String dummyHash = encoder.encode("tiangong-dummy-password");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        verifications.increment();
        if (hash == null || !hash.startsWith("$argon2")) {
            // no usable hash: still spend one verification, so that the answer takes the same time
            encoder.matches(password, dummyHash);
            return false;
        }
        return encoder.matches(password, hash);
    }

    /** Spends the time of one verification; used when there is no user to verify against. */
    public void burn(String password) {
        verifications.increment();
        encoder.matches(password, dummyHash);
    }

    /** How many Argon2 verifications this hasher has done (login must do exactly one per attempt, whoever it names). */
    public long verifications() {
        return verifications.sum();
    }

    public static final int MIN_LENGTH = 12;
    /** zxcvbn's score 0–4; 3 means "safely unguessable: moderate protection from offline slow-hash scenario". */
    public static final int MIN_SCORE = 3;

    private static final com.nulabinc.zxcvbn.Zxcvbn STRENGTH = new com.nulabinc.zxcvbn.Zxcvbn();

    /** The password policy; returns why a password is refused, or null when fine. */
    public static String weakness(String password) {
        return weakness(password, null);
    }

    /**
     * At least {@value #MIN_LENGTH} characters and a zxcvbn score of at least {@value #MIN_SCORE} (zxcvbn estimates
     * how many guesses a cracker needs, knowing common passwords, words, names, keyboard patterns, dates and
     * repetitions; {@code username}, when given, counts as known). The reason says what is wrong and what helps.
     */
    public static String weakness(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password must have at least " + MIN_LENGTH + " characters 密码至少 " + MIN_LENGTH + " 个字符";
        }
        if (password.length() > 200) return "password may have at most 200 characters";
        var strength =
                username == null ? STRENGTH.measure(password) : STRENGTH.measure(password, java.util.List.of(username));
        if (strength.getScore() < MIN_SCORE) {
            String warning = strength.getFeedback().getWarning();
            String why =
                    warning == null || warning.isBlank() ? "it is built from common words, names or patterns" : warning;
            return "password is too easy to guess 密码太容易被猜到 (" + why.replaceAll("[.]$", "")
                    + "; estimated " + String.format(java.util.Locale.ROOT, "%.0e", strength.getGuesses())
                    + " guesses): add more words or characters that do not belong together";
        }
        return null;
    }
}
