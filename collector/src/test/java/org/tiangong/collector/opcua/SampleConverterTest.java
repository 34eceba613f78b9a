package org.tiangong.collector.opcua;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.Sample;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

class SampleConverterTest {

    final SampleConverter converter = new SampleConverter();
    final Instant source = Instant.parse("2026-11-28T08:00:00.123456Z");
    final Instant received = Instant.parse("2026-11-28T08:00:05Z");

    @Test
    void keepsTheSourceTimestampTheStatusAndUnsignedValues() {
        DataValue v = new DataValue(new Variant(uint(4_000_000_000L)), StatusCode.GOOD, new DateTime(source), new DateTime(received));
        Sample s = converter.convert(7, v, received);
        assertThat(s.signalId()).isEqualTo(7);
        assertThat(s.time()).isEqualTo(source);
        assertThat(s.value()).isEqualTo(4_000_000_000.0);
        assertThat(s.status()).isZero();
    }

    @Test
    void badValuesAreKeptWithTheirStatusAndNoValue() {
        DataValue v = new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_CommunicationError), new DateTime(source), null);
        Sample s = converter.convert(1, v, received);
        assertThat(s.value()).isNaN();
        assertThat(Integer.toUnsignedLong(s.status())).isEqualTo(StatusCodes.Bad_CommunicationError);
    }

    @Test
    void withoutASourceTimeTheServerTimeIsUsedAndCounted() {
        DataValue v = new DataValue(new Variant(true), StatusCode.GOOD, null, new DateTime(received));
        Sample s = converter.convert(1, v, Instant.EPOCH);
        assertThat(s.time()).isEqualTo(received);
        assertThat(s.value()).isEqualTo(1.0);
        assertThat(converter.withoutSourceTime()).isEqualTo(1);
    }
}
