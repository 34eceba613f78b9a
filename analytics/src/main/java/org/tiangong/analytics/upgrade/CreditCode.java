package org.tiangong.analytics.upgrade;

import java.util.Optional;

/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from the 31-character set
 * {@code 0-9 A-H J-N P Q R T U W X Y} (no I, O, S, V, Z). Positions 1–2 are the registering authority and the kind of
 * organisation, 3–8 the administrative division (digits), 9–17 the organisation's code, 18 a check character:
 * with character values c<sub>i</sub> (index in the set) and weights w<sub>i</sub> = 3<sup>i−1</sup> mod 31,
 * check = 31 − (Σ c<sub>i</sub>·w<sub>i</sub> mod 31), where 31 becomes 0.
 */
public final class CreditCode {

    public static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {}

    /** The check character for the first 17 characters. */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17) throw new IllegalArgumentException("17 characters expected");
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = CHARSET.indexOf(first17.charAt(i));
            if (v < 0)
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not allowed in a credit code");
            sum += v * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return CHARSET.charAt(check == 31 ? 0 : check);
    }

    /** Why {@code code} is not a valid credit code, or empty when it is. */
    public static Optional<String> problem(String code) {
        if (code == null || code.length() != 18) {
            return Optional.of("a unified social credit code (统一社会信用代码) has 18 characters");
        }
        for (int i = 0; i < 18; i++) {
            char c = code.charAt(i);
            if (CHARSET.indexOf(c) < 0) {
                return Optional.of("character " + (i + 1) + " '" + c
                        + "' is not allowed (digits and upper-case letters except I, O, S, V, Z)");
            }
            if (i >= 2 && i <= 7 && (c < '0' || c > '9')) {
                return Optional.of("characters 3–8 are the administrative division code and must be digits");
            }
        }
        char expected = checkCharacter(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            return Optional.of(
                    "the check character (18th) does not match: expected " + expected + ", got " + code.charAt(17));
        }
        return Optional.empty();
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }
}
