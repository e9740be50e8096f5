package org.openmetadata.secrets.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders the chart with helm (installed by hack/install-helm.sh) so ITs apply the shipped RBAC. */
final class HelmTemplate {

  private HelmTemplate() {}

  static String render(String releaseNamespace, String... sets) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(helm(), "template", "om-secrets-operator",
        "helm/om-secrets-operator", "--namespace", releaseNamespace));
    for (String set : sets) {
      command.add("--set");
      command.add(set);
    }
    return run(command);
  }

  private static String helm() throws IOException, InterruptedException {
    String fromEnv = System.getenv("HELM");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    Path cached = Path.of(System.getProperty("user.home"), ".cache", "om-secrets-operator", "tools", "bin", "helm");
    if (Files.isExecutable(cached)) {
      return cached.toString();
    }
    String out = run(List.of("bash", "hack/install-helm.sh")).strip();
    return out.substring(out.lastIndexOf('\n') + 1);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
    return output;
  }
}
