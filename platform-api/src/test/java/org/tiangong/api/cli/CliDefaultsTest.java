package org.tiangong.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.http.HostCheck;
import picocli.CommandLine;

/** What the launcher does when told nothing (issue 11: the demo listened on 0.0.0.0, without TLS). */
class CliDefaultsTest {

    @Test
    void theDemoListensOnLoopbackUnlessToldOtherwise() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs();
        assertThat(demo.host).isEqualTo("127.0.0.1");
        assertThat(HostCheck.isLoopback(demo.host)).isTrue();
        DemoCommand open = new DemoCommand();
        new CommandLine(open).parseArgs("--host", "0.0.0.0");
        assertThat(HostCheck.isLoopback(open.host))
                .as("api/demo warn about plain HTTP here")
                .isFalse();
        assertThat(open.http.apply(ApiSettings.defaults()).tls()).isNull();
        assertThat(open.http.apply(ApiSettings.defaults()).devAllowUntrusted()).isFalse();
    }

    @Test
    void tlsAndTheDevelopmentFlagAreOnlyWhatTheCommandLineSays() {
        ApiCommand api = new ApiCommand();
        new CommandLine(api).parseArgs("--tls-cert", "/nonexistent/cert.pem", "--dev-allow-untrusted-endpoints");
        assertThatThrownBy(() -> api.http.apply(ApiSettings.defaults())).hasMessageContaining("--tls-key");
        ApiCommand missing = new ApiCommand();
        new CommandLine(missing).parseArgs("--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem");
        assertThatThrownBy(() -> missing.http.apply(ApiSettings.defaults()))
                .hasMessageContaining("/nonexistent/cert.pem");
        ApiCommand dev = new ApiCommand();
        new CommandLine(dev).parseArgs("--dev-allow-untrusted-endpoints");
        assertThat(dev.http.apply(ApiSettings.defaults()).devAllowUntrusted()).isTrue();
    }
}
