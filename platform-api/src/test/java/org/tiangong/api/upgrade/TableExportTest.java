package org.tiangong.api.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OWASP CSV injection: text a spreadsheet would run as a formula starts with an apostrophe (issue 11). */
class TableExportTest {

    @Test
    void cellsThatWouldRunAsFormulasAreNeutralisedAndStayReadable() {
        assertThat(TableExport.neutralise("=HYPERLINK(\"http://x\",\"JH\")"))
                .isEqualTo("'=HYPERLINK(\"http://x\",\"JH\")");
        assertThat(TableExport.neutralise("+cmd|' /C calc'!A0")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(TableExport.neutralise("-2+3")).isEqualTo("'-2+3");
        assertThat(TableExport.neutralise("@SUM(1)")).isEqualTo("'@SUM(1)");
        assertThat(TableExport.neutralise("\t=1")).isEqualTo("'\t=1");
        assertThat(TableExport.neutralise("\r=1")).isEqualTo("'\r=1");
        assertThat(TableExport.neutralise("城关镇")).isEqualTo("城关镇");
        assertThat(TableExport.neutralise("a=1")).isEqualTo("a=1");
        assertThat(TableExport.neutralise("")).isEmpty();
    }
}
