package org.openmetadata.secrets.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The in-memory demo applies the samples and prints names and labels, never values. */
class DemoCommandTest {

  @Test
  void demoMakesEverySampleReadyAndPrintsNoValue() {
    StringWriter out = new StringWriter();
    var cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--timeout", "30")).isZero();
    assertThat(out.toString())
        .containsPattern(
            "ingestion-bot-jwt\\s+openmetadata-bot-ingestion-bot-config-jwttoken\\s+True\\s+Synced")
        .containsPattern(
            "mysql-prod-password\\s+openmetadata-database-mysql-prod-password\\s+True\\s+Synced")
        .contains(
            "labels=app.kubernetes.io/managed-by=om-secrets-operator,app=openmetadata,managed-by=openmetadata-secrets-manager")
        .doesNotContain("demo-token-not-a-real-secret")
        .doesNotContain("demo-password-not-a-real-secret");
  }

  @Test
  void aMissingSamplesDirectoryIsAClearError() {
    StringWriter err = new StringWriter();
    var cli = new CommandLine(new DemoCommand());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--samples", "no/such/dir")).isEqualTo(2);
    assertThat(err.toString()).contains("samples directory no/such/dir not found");
  }
}
