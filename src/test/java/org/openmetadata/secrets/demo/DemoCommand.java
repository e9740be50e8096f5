package org.openmetadata.secrets.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.runtime.OperatorRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the real operator against an in-memory API server on loopback, applies the samples and
 * prints what it made: names and labels of the Secrets, never their values. The main class of the
 * demo jar, which alone carries the mock server; the operator's jar has no demo.
 */
@Command(
    name = "om-secrets-operator-demo",
    description = {
      "Runs the operator on an in-memory API server and shows the result.",
      "Starts an in-memory Kubernetes API server (fabric8 mock, CRUD mode) on 127.0.0.1, runs the operator against"
          + " it, applies the sample resources and prints the resulting Secrets."
    })
public final class DemoCommand implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoCommand()).execute(args));
  }

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--samples",
      description = "Directory of sample YAML (default: ${DEFAULT-VALUE}).",
      defaultValue = "deploy/samples")
  Path samples;

  @Option(
      names = "--timeout",
      description = "Seconds to wait for every resource to be Ready (default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(samples)) {
      spec.commandLine().getErr().println("error: samples directory " + samples + " not found");
      return 2;
    }
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                "OM_SM_NAMESPACE",
                "all",
                "OM_SM_HTTP_PORT",
                "0",
                "OM_SM_HEALTH_PORT",
                "0",
                "SECRET_MANAGER_TAGS",
                "[team:data-platform]",
                "OM_SM_ALLOW_PLAINTEXT",
                "true"));
    try (MockApiServer server = new MockApiServer();
        KubernetesClient client = server.createClient();
        OperatorRuntime runtime = OperatorRuntime.start(config, client)) {
      out.println(
          "mock API server: "
              + client.getMasterUrl()
              + "   metrics: http://127.0.0.1:"
              + runtime.httpPort()
              + "/metrics");
      for (HasMetadata item : load(client, samples)) {
        client.resource(withDataFromStringData(item)).inNamespace(namespaceOf(item)).create();
        out.println(
            "applied "
                + item.getKind()
                + " "
                + namespaceOf(item)
                + "/"
                + item.getMetadata().getName());
      }
      boolean ready = awaitReady(client, Duration.ofSeconds(timeoutSeconds));
      out.println();
      printResources(out, client);
      out.println();
      printSecrets(out, client);
      return ready ? 0 : 1;
    }
  }

  private static List<HasMetadata> load(KubernetesClient client, Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      List<HasMetadata> items = new ArrayList<>();
      for (Path file : yamls) {
        try (InputStream in = Files.newInputStream(file)) {
          items.addAll(client.load(in).items());
        }
      }
      return items;
    }
  }

  /** A real API server folds stringData into data on write; the mock server does not. */
  private static HasMetadata withDataFromStringData(HasMetadata item) {
    if (item instanceof Secret secret && secret.getStringData() != null) {
      var data =
          new LinkedHashMap<String, String>(secret.getData() == null ? Map.of() : secret.getData());
      secret
          .getStringData()
          .forEach(
              (k, v) ->
                  data.put(
                      k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
      secret.setData(data);
      secret.setStringData(null);
    }
    return item;
  }

  private static String namespaceOf(HasMetadata item) {
    String ns = item.getMetadata().getNamespace();
    return ns == null ? "default" : ns;
  }

  private static boolean awaitReady(KubernetesClient client, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<OpenMetadataSecret> all =
          client.resources(OpenMetadataSecret.class).inAnyNamespace().list().getItems();
      if (all.stream().allMatch(DemoCommand::isReady)) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static boolean isReady(OpenMetadataSecret cr) {
    return Conditions.readyCondition(cr.getStatus())
        .map(c -> "True".equals(c.getStatus()))
        .orElse(false);
  }

  private static void printResources(PrintWriter out, KubernetesClient client) {
    out.printf(
        "%-12s %-24s %-50s %-6s %s%n",
        "NAMESPACE", "OPENMETADATASECRET", "SECRET", "READY", "REASON");
    for (OpenMetadataSecret cr :
        client.resources(OpenMetadataSecret.class).inAnyNamespace().list().getItems()) {
      var ready = Conditions.readyCondition(cr.getStatus());
      out.printf(
          "%-12s %-24s %-50s %-6s %s%n",
          cr.getMetadata().getNamespace(),
          cr.getMetadata().getName(),
          cr.getStatus() == null ? "" : cr.getStatus().getSecretName(),
          ready.map(c -> c.getStatus()).orElse(""),
          ready.map(c -> c.getReason()).orElse(""));
    }
  }

  private static void printSecrets(PrintWriter out, KubernetesClient client) {
    out.println("Secrets written by the operator (values are never printed):");
    for (Secret s :
        client.secrets().inAnyNamespace().withLabel(Labels.OPERATOR_MANAGED_BY).list().getItems()) {
      String labels =
          s.getMetadata().getLabels().entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .sorted()
              .collect(Collectors.joining(","));
      out.printf(
          "  %s/%s  type=%s  keys=%s  labels=%s%n",
          s.getMetadata().getNamespace(),
          s.getMetadata().getName(),
          s.getType(),
          s.getData() == null ? "[]" : s.getData().keySet(),
          labels);
    }
  }
}
