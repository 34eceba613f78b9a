package org.tiangong.api.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiangong.api.http.ApiException;

/** Matching endpoint hosts against an allow-list, without resolving any name (issue 11). */
class EndpointTargetsTest {

    @Test
    void hostsMatchNamesExactlyAndAddressesByBlock() {
        List<String> list = List.of("localhost", "127.0.0.1", "10.20.0.0/16", "plc-7.plant.local", "fd00::/64");
        assertThat(EndpointTargets.allowed(list, "127.0.0.1")).isTrue();
        assertThat(EndpointTargets.allowed(list, "127.0.0.2")).isFalse();
        assertThat(EndpointTargets.allowed(list, "10.20.255.1")).isTrue();
        assertThat(EndpointTargets.allowed(list, "10.21.0.1")).isFalse();
        assertThat(EndpointTargets.allowed(list, "localhost")).isTrue();
        assertThat(EndpointTargets.allowed(list, "plc-7.plant.local")).isTrue();
        assertThat(EndpointTargets.allowed(list, "evil.plant.local")).isFalse();
        assertThat(EndpointTargets.allowed(list, "fd00::1")).isTrue();
        assertThat(EndpointTargets.allowed(list, "999.1.1.1")).isFalse();
        assertThat(EndpointTargets.host("opc.tcp://[fd00::1]:4840/x")).isEqualTo("fd00::1");
        assertThat(EndpointTargets.host("opc.tcp://LOCALHOST:4840")).isEqualTo("localhost");
    }

    @Test
    void entriesAreValidated() {
        assertThat(EndpointTargets.normalise(" PLC-7.Plant.Local ")).isEqualTo("plc-7.plant.local");
        assertThat(EndpointTargets.normalise("10.20.0.0/16")).isEqualTo("10.20.0.0/16");
        for (String bad : List.of("0.0.0.0/0", "10.0.0.0/4", "300.1.1.1", "a b", "http://x", "", "10.0.0.0/33")) {
            assertThatThrownBy(() -> EndpointTargets.normalise(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }
}
