package org.openmetadata.secrets.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prometheus's promtool for the alert tests: {@code $PROMTOOL}, else the copy
 * hack/build-promtool.sh builds from the Go module proxy into ~/.cache/om-secrets-operator/promtool
 * (at once when cached).
 */
final class Promtool {

  private static Path binary;

  private Promtool() {}

  static synchronized Path binary() {
    if (binary != null) {
      return binary;
    }
    String fromEnv = System.getenv("PROMTOOL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      binary = Path.of(fromEnv);
    } else {
      // A cold build takes minutes (hack/README.md); hack/test.sh runs it before the tests.
      Helm.Result build =
          Helm.exec(List.of("bash", Helm.ROOT.resolve("hack/build-promtool.sh").toString()), 3600);
      if (build.exitCode() != 0) {
        throw new IllegalStateException(
            "hack/build-promtool.sh failed (set PROMTOOL to a promtool binary instead):\n"
                + build.stderr());
      }
      String[] lines = build.stdout().strip().split("\n");
      binary = Path.of(lines[lines.length - 1].strip(), "promtool");
    }
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("promtool is not executable at " + binary);
    }
    return binary;
  }

  /** promtool with these arguments; a test file's rule_files are read next to it. */
  static Helm.Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(binary().toString()));
    command.addAll(Arrays.asList(args));
    return Helm.exec(command, 300);
  }
}
