package org.tiangong.analytics.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * GB 32100-2015 check characters, worked by hand. Character values are indexes in 0123456789ABCDEFGHJKLMNPQRTUWXY
 * (A=10 … H=17, J=18 … N=22, P=23, Q=24, R=25, T=26, U=27, W=28, X=29, Y=30); weights 3^(i−1) mod 31 for i = 1…17:
 * 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
 */
class CreditCodeTest {

    @Test
    void theStandardsExampleChecksOut() {
        // 91350100M000100Y4?:  9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M(21)·20 + 0·29 + 0·25 + 0·13 + 1·8
        //                      + 0·24 + 0·10 + Y(30)·30 + 4·28 = 9+3+27+135+26+420+8+900+112 = 1640
        // 1640 mod 31 = 28 (31·52 = 1612); 31 − 28 = 3  →  91350100M000100Y43
        assertThat(CreditCode.checkCharacter("91350100M000100Y4")).isEqualTo('3');
        assertThat(CreditCode.isValid("91350100M000100Y43")).isTrue();
    }

    @Test
    void aCountyEnterpriseCode() {
        // 91330782000000001?: 9·1 + 1·3 + 3·9 + 3·27 + 0·19 + 7·26 + 8·16 + 2·17 + 0 … + 1·28
        //                     = 9+3+27+81+182+128+34+28 = 492;  492 mod 31 = 27 (31·15 = 465); 31 − 27 = 4
        assertThat(CreditCode.checkCharacter("91330782000000001")).isEqualTo('4');
        assertThat(CreditCode.problem("913307820000000014")).isEmpty();
        assertThat(CreditCode.problem("913307820000000015")).get().asString().contains("expected 4");
    }

    @Test
    void aCheckCharacterThatIsALetter() {
        // 91330782123456789?: 9+3+27+81+0+182+128+34 + 1·20 + 2·29 + 3·25 + 4·13 + 5·8 + 6·24 + 7·10 + 8·30 + 9·28
        //   = 464 + 20+58+75+52+40+144+70+240+252 = 464 + 951 = 1415; 1415 mod 31 = 20 (31·45 = 1395); 31 − 20 = 11 → B
        assertThat(CreditCode.checkCharacter("91330782123456789")).isEqualTo('B');
        assertThat(CreditCode.isValid("91330782123456789B")).isTrue();
    }

    @Test
    void aSumDivisibleBy31GivesZero() {
        // 30000000000000001?: 3·1 + 1·28 = 31 ≡ 0 (mod 31); 31 − 0 = 31, which the standard writes as 0
        assertThat(CreditCode.checkCharacter("30000000000000001")).isEqualTo('0');
        // 1U000000000000000?: 1·1 + U(27)·3 = 82 = 31·2 + 20; 31 − 20 = 11 → B
        assertThat(CreditCode.checkCharacter("1U000000000000000")).isEqualTo('B');
    }

    @Test
    void malformedCodesSayWhy() {
        assertThat(CreditCode.problem(null)).isPresent();
        assertThat(CreditCode.problem("9133078200000000")).get().asString().contains("18 characters");
        assertThat(CreditCode.problem("91330782I00000001" + "4"))
                .get()
                .asString()
                .contains("'I' is not allowed");
        assertThat(CreditCode.problem("9133O782000000001" + "4"))
                .get()
                .asString()
                .contains("not allowed");
        assertThat(CreditCode.problem("91AB0782000000001" + "4"))
                .get()
                .asString()
                .contains("must be digits");
        assertThat(CreditCode.problem("91330782m00000001" + "4"))
                .get()
                .asString()
                .contains("not allowed");
    }
}
