package org.tiangong.collector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparkplugCodecTest {

    final SparkplugCodec codec = new SparkplugCodec();

    @Test
    void samplesSurviveTheWireWithMicrosecondsStatusAndNaN() throws Exception {
        List<SparkplugCodec.PathSample> sent = List.of(
                new SparkplugCodec.PathSample("L1/CNC-01/state", 1_764_633_600_123_456L, 2, 0),
                new SparkplugCodec.PathSample("L1/CNC-01/power", 1_764_633_600_000_000L, -0.0, 0x40000480),
                new SparkplugCodec.PathSample("L1/CNC-01/energy", 1_764_633_600_000_999L, Double.NaN, 0x80310000));
        List<SparkplugCodec.PathSample> got = codec.decodeData(codec.data(sent, 7, 0));
        assertThat(got).hasSize(3);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i).metric()).isEqualTo(sent.get(i).metric());
            assertThat(got.get(i).timeMicros()).isEqualTo(sent.get(i).timeMicros());
            assertThat(got.get(i).status()).isEqualTo(sent.get(i).status());
            assertThat(Double.doubleToLongBits(got.get(i).value()))
                    .isEqualTo(Double.doubleToLongBits(sent.get(i).value()));
        }
    }

    @Test
    void birthsCarryKindAndNode() throws Exception {
        var b = List.of(
                new SparkplugCodec.BirthSignal("L1/CNC-01/state", "cnc", "nsu=urn:tiangong:sim;s=L1/CNC-01/state"));
        assertThat(codec.decodeBirth(codec.birth(b, 0, 0))).isEqualTo(b);
    }

    @Test
    void garbageIsNotAPayload() {
        assertThatThrownBy(() -> codec.decodeData("not protobuf".getBytes())).isInstanceOf(Exception.class);
    }

    @Test
    void topicsAndBrokerUrls() {
        assertThat(PlantTopic.parse("spBv1.0/E1/NDATA/P1")).contains(new PlantTopic("E1", "NDATA", "P1"));
        assertThat(PlantTopic.parse("spBv1.0/E1/NDATA/P1/x")).isEmpty();
        assertThat(new PlantTopic("E1", "NBIRTH", "P1").topic()).isEqualTo("spBv1.0/E1/NBIRTH/P1");
        BrokerSettings s = BrokerSettings.parse("mqtts://127.0.0.1", "edge-1");
        assertThat(s.tls()).isTrue();
        assertThat(s.port()).isEqualTo(8883);
        assertThat(BrokerSettings.parse("mqtt://127.0.0.1:1884", "x").port()).isEqualTo(1884);
        assertThatThrownBy(() -> BrokerSettings.parse("http://127.0.0.1:1883", "x"))
                .hasMessageContaining("expected mqtt://host:port");
        assertThatThrownBy(() ->
                        BrokerSettings.parse("mqtt://127.0.0.1:1883", "x").withCaFile(java.nio.file.Path.of("ca.pem")))
                .hasMessageContaining("needs an mqtts://");
        assertThat(s.withCredentials("u", "secret".getBytes()).toString()).doesNotContain("secret");
    }
}
