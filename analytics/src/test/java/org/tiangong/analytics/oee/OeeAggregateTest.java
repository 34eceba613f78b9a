package org.tiangong.analytics.oee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OeeAggregateTest {

    /**
     * Machine A: planned 1 000 s, run 800 s, ideal 2 s, 300 good + 0 scrap. Machine B: planned 1 000 s, run 500 s,
     * ideal 1 s, 400 good + 100 scrap. Group: availability = 1 300 / 2 000 = 0.65;
     * performance = (2 × 300 + 1 × 500) / 1 300 = 1 100 / 1 300; quality = 700 / 800;
     * OEE = 0.65 × 11/13 × 7/8 = 0.48125. (Averaging the machines' OEE would give another, wrong, number.)
     */
    @Test
    void aGroupSumsTimesAndCountsBeforeFormingTheFactors() {
        OeeResult a = OeeCalculator.compute(1000, 800, 2, 300, 0);
        OeeResult b = OeeCalculator.compute(1000, 500, 1, 400, 100);
        OeeResult g = OeeAggregate.combine(List.of(a, b));
        assertThat(g.availability()).isCloseTo(0.65, within(1e-12));
        assertThat(g.performance()).isCloseTo(1100.0 / 1300, within(1e-12));
        assertThat(g.quality()).isCloseTo(0.875, within(1e-12));
        assertThat(g.oee()).isCloseTo(0.48125, within(1e-12));
    }

    @Test
    void anEmptyGroupHasUnknownFactors() {
        OeeResult g = OeeAggregate.combine(List.of());
        assertThat(g.availability()).isNull();
        assertThat(g.oee()).isNull();
    }
}
