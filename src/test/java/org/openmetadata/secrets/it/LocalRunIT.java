package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command works and prints names and labels, never a value. */
class LocalRunIT {

  @Test
  void localRunPrintsTheResourcesAndSecretsWithoutValues() throws Exception {
    Path jar = Path.of("target", "om-secrets-operator.jar");
    assertThat(jar).as("failsafe runs after package").exists();
    Process process =
        new ProcessBuilder("bash", "hack/local-run.sh").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    assertThat(output)
        .containsPattern(
            "ingestion-bot-jwt\\s+openmetadata-bot-ingestion-bot-config-jwttoken\\s+True\\s+Synced")
        .containsPattern(
            "mysql-prod-password\\s+openmetadata-database-mysql-prod-password\\s+True\\s+Synced")
        .contains("managed-by:openmetadata-secrets-manager");
    for (Path sample : Files.list(Path.of("deploy", "samples")).toList()) {
      for (String line : Files.readAllLines(sample)) {
        String trimmed = line.trim();
        if (trimmed.startsWith("value:") || trimmed.startsWith("password:")) {
          String secret = trimmed.substring(trimmed.indexOf(':') + 1).trim();
          assertThat(output).doesNotContain(secret);
        }
      }
    }
    assertThat(Files.exists(Path.of("target", "local-controlplane", "pids")))
        .as("torn down")
        .isFalse();
  }
}
