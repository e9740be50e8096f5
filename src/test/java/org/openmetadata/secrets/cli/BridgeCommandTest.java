package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class BridgeCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8181", "localhost:8181", "[::1]:8181", "127.0.0.2:0"})
  void loopbackAddressesAreAccepted(String listen) {
    assertThat(BridgeCommand.loopback(listen).getAddress().isLoopbackAddress()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0:8181",
        "10.1.2.3:8181",
        "[::]:8181",
        "8181",
        "127.0.0.1:http",
        "127.0.0.1:70000"
      })
  void anythingElseIsRefused(String listen) {
    assertThatThrownBy(() -> BridgeCommand.loopback(listen))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--listen");
  }

  @Test
  void theCommandRefusesToListenBeyondThePodWithExitCode2() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("bridge", "--listen", "0.0.0.0:8181")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --listen 0.0.0.0:8181 is not a loopback address");
  }

  @Test
  void aMetricsPortOutOfRangeIsRefusedWithExitCode2() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("bridge", "--metrics-port", "70000")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --metrics-port must be 0 to 65535");
  }

  @Test
  void helpListsTheSettingsItSharesWithRun() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("bridge", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--listen",
            "--write-timeout",
            "--metrics-port",
            "OM_SM_OPERATOR_NAMESPACE",
            "CLUSTER_NAME");
  }
}
