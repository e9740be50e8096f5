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
    if (binary == null) {
      // A cold build takes minutes (hack/README.md); hack/test.sh runs it before the tests.
      Path built = Helm.tool("PROMTOOL", "hack/build-promtool.sh", 3600);
      binary = Files.isDirectory(built) ? built.resolve("promtool") : built;
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
