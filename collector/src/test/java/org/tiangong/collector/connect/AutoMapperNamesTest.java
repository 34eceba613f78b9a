package org.tiangong.collector.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scrap names, English and Chinese, anywhere in a browse name; and the UNECE codes of EngineeringUnits. */
class AutoMapperNamesTest {

    @Test
    void scrapIsFoundAnywhereInTheName() {
        for (String name : List.of(
                "PartsScrap",
                "ScrapCount",
                "scrap",
                "RejectedParts",
                "Line1_Rejects",
                "NGCount",
                "PartsNG",
                "ng_count",
                "NG",
                "Count_NG_1",
                "废品数",
                "当班不良品",
                "报废数量",
                "BadParts")) {
            assertThat(AutoMapper.namesScrap(name)).as(name).isTrue();
        }
        for (String name : List.of(
                "RunningTime", "Length", "StrengthPeak", "PartsGood", "EnergyCounter", "Change", "SpindleLoad")) {
            assertThat(AutoMapper.namesScrap(name)).as(name).isFalse();
        }
    }

    @Test
    void unitIdsDecodeToUneceCodesAndConvert() {
        assertThat(UnitConversions.uneceCode(('C' << 16) | ('2' << 8) | '6')).isEqualTo("C26");
        assertThat(UnitConversions.uneceCode(('P' << 8) | '1')).isEqualTo("P1");
        assertThat(UnitConversions.uneceCode(-1)).isNull();
        assertThat(UnitConversions.toCanonical(new UnitConversions.Unit("ms", null), "s"))
                .contains(new UnitConversions.Conversion(0.001, 0));
        assertThat(UnitConversions.toCanonical(new UnitConversions.Unit(null, "KEL"), "°C"))
                .contains(new UnitConversions.Conversion(1, -273.15));
        assertThat(UnitConversions.toCanonical(new UnitConversions.Unit("kWh", "KWH"), "kWh"))
                .contains(new UnitConversions.Conversion(1, 0));
        assertThat(UnitConversions.toCanonical(new UnitConversions.Unit("ms", "C26"), "kW"))
                .isEmpty();
        assertThat(UnitConversions.toCanonical(new UnitConversions.Unit("furlong", null), "s"))
                .isEmpty();
    }
}
