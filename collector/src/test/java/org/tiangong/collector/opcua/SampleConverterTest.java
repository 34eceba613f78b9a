package org.tiangong.collector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.Sample;

class SampleConverterTest {

    final SampleConverter converter = new SampleConverter();
    final Instant source = Instant.parse("2026-11-28T08:00:00.123456Z");
    final Instant received = Instant.parse("2026-11-28T08:00:05Z");

    @Test
    void keepsTheSourceTimestampTheStatusAndUnsignedValues() {
        DataValue v = new DataValue(
                new Variant(uint(4_000_000_000L)), StatusCode.GOOD, new DateTime(source), new DateTime(received));
        Sample s = converter.convert(7, v, received);
        assertThat(s.signalId()).isEqualTo(7);
        assertThat(s.time()).isEqualTo(source);
        assertThat(s.value()).isEqualTo(4_000_000_000.0);
        assertThat(s.status()).isZero();
    }

    @Test
    void badValuesAreKeptWithTheirStatusAndNoValue() {
        DataValue v = new DataValue(
                Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_CommunicationError), new DateTime(source), null);
        Sample s = converter.convert(1, v, received);
        assertThat(s.value()).isNaN();
        assertThat(Integer.toUnsignedLong(s.status())).isEqualTo(StatusCodes.Bad_CommunicationError);
    }

    @Test
    void everyNumericTypeBecomesADoubleAndBooleansBecomeZeroOrOne() {
        assertThat(valueOf(new Variant(ubyte(200)))).isEqualTo(200.0);
        assertThat(valueOf(new Variant(ushort(65_000)))).isEqualTo(65_000.0);
        assertThat(valueOf(new Variant(ulong(Long.MAX_VALUE).add(ulong(1))))).isEqualTo(9.223372036854775808E18);
        assertThat(valueOf(new Variant((short) -3))).isEqualTo(-3.0);
        assertThat(valueOf(new Variant(2.5f))).isEqualTo(2.5);
        assertThat(valueOf(new Variant(false))).isZero();
        assertThat(valueOf(new Variant("P-1234"))).isNaN();
    }

    @Test
    void uncertainAndOverflowBitsArePassedOnUnchanged() {
        StatusCode overflow = new StatusCode(StatusCodes.Uncertain_LastUsableValue).withOverflow();
        DataValue v = new DataValue(new Variant(7), overflow, new DateTime(source), null);
        Sample s = converter.convert(1, v, received);
        assertThat(Integer.toUnsignedLong(s.status())).isEqualTo(overflow.getValue());
        assertThat(s.value()).isEqualTo(7.0);
    }

    @Test
    void withoutAnyTimestampTheReceiveTimeIsUsedAndCounted() {
        DataValue v = new DataValue(new Variant(1.5), StatusCode.GOOD, null, null);
        Sample s = converter.convert(1, v, received);
        assertThat(s.time()).isEqualTo(received);
        assertThat(converter.withoutSourceTime()).isEqualTo(1);
    }

    double valueOf(Variant variant) {
        return converter
                .convert(1, new DataValue(variant, StatusCode.GOOD, new DateTime(source), null), received)
                .value();
    }

    @Test
    void withoutASourceTimeTheServerTimeIsUsedAndCounted() {
        DataValue v = new DataValue(new Variant(true), StatusCode.GOOD, null, new DateTime(received));
        Sample s = converter.convert(1, v, received.plusMillis(20));
        assertThat(s.time()).isEqualTo(received);
        assertThat(s.value()).isEqualTo(1.0);
        assertThat(converter.withoutSourceTime()).isEqualTo(1);
    }

    @Test
    void aSourceTimeTooFarAheadIsStoredAtTheReceiveTimeAsUncertain() {
        SampleConverter skew = new SampleConverter(Duration.ofMinutes(5));
        DataValue ahead =
                new DataValue(new Variant(3.0), StatusCode.GOOD, new DateTime(received.plusSeconds(301)), null);
        Sample s = skew.convert(1, ahead, received);
        assertThat(s.time()).isEqualTo(received);
        assertThat(s.value()).isEqualTo(3.0);
        assertThat(Integer.toUnsignedLong(s.status())).isEqualTo(0x4000_0000L);
        assertThat(skew.futureTimestamps()).isEqualTo(1);

        // the Overflow bit (and any other) is kept; a status that is not Good already stays as it came
        DataValue overflow =
                new DataValue(new Variant(3.0), new StatusCode(0x480), new DateTime(received.plusSeconds(400)), null);
        assertThat(Integer.toUnsignedLong(skew.convert(1, overflow, received).status()))
                .isEqualTo(0x4000_0480L);
        DataValue bad = new DataValue(
                Variant.NULL_VALUE,
                new StatusCode(StatusCodes.Bad_SensorFailure),
                new DateTime(received.plusSeconds(400)),
                null);
        assertThat(Integer.toUnsignedLong(skew.convert(1, bad, received).status()))
                .isEqualTo(StatusCodes.Bad_SensorFailure);
        assertThat(skew.futureTimestamps()).isEqualTo(3);
    }

    @Test
    void withinTheSkewAndLateTimestampsAreKeptAsTheyCame() {
        SampleConverter skew = new SampleConverter(Duration.ofMinutes(5));
        Instant ahead = received.plusSeconds(299);
        Instant late = received.minus(Duration.ofDays(2));
        assertThat(skew.convert(
                                1,
                                new DataValue(new Variant(1.0), StatusCode.GOOD, new DateTime(ahead), null),
                                received)
                        .time())
                .isEqualTo(ahead);
        assertThat(skew.convert(1, new DataValue(new Variant(1.0), StatusCode.GOOD, new DateTime(late), null), received)
                        .time())
                .isEqualTo(late);
        assertThat(skew.futureTimestamps()).isZero();
    }
}
