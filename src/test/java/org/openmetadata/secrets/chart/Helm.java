package org.openmetadata.secrets.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs helm (and the repository's scripts) for the chart tests. helm is {@code $HELM}, else the
 * copy hack/install-helm.sh keeps in ~/.cache/om-secrets-operator/tools/bin, installed on first
 * use.
 */
public final class Helm {

  /** The repository root: Maven runs tests in the project directory. */
  static final Path ROOT = Path.of("").toAbsolutePath();

  public static final Path CHART = ROOT.resolve("helm/om-secrets-operator");
  public static final String RELEASE = "om-secrets-operator";

  /**
   * The alerts on, with the runbook where src/test/resources/prometheus/alerts-test.yaml expects
   * it.
   */
  public static final String ALERTS =
      "prometheusRule.enabled=true,"
          + "prometheusRule.runbookUrl=https://docs.example.com/om-secrets-operator/runbook.md";

  static final String NAMESPACE = "om";

  /**
   * The repository the tests render: the chart has none by default (it refuses to render without
   * one).
   */
  public static final String IMAGE_REPOSITORY = "registry.example.com/om-secrets-operator";

  /**
   * The repository hack/build-image.sh (and so hack/release.sh) names the image archive's image
   * with.
   */
  public static final String ARCHIVE_REPOSITORY = "localhost/om-secrets-operator";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static Path binary;

  private Helm() {}

  /** What a command did. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** The objects of one `helm template`. */
  public record Rendered(List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
      return all(type).stream()
          .filter(o -> name.equals(o.getMetadata().getName()))
          .filter(o -> Objects.equals(namespace, o.getMetadata().getNamespace()))
          .findFirst();
    }

    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
      return find(type, namespace, name)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no "
                          + type.getSimpleName()
                          + " "
                          + namespace
                          + "/"
                          + name
                          + " rendered; got "
                          + summary()));
    }

    Deployment deployment() {
      List<Deployment> deployments = all(Deployment.class);
      if (deployments.size() != 1) {
        throw new AssertionError("expected one Deployment, got " + summary());
      }
      return deployments.get(0);
    }

    /** The operator container's environment, in order. */
    public Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      for (EnvVar var :
          deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
        env.put(var.getName(), var.getValue());
      }
      return env;
    }

    String summary() {
      return objects.stream()
          .map(
              o ->
                  o.getKind()
                      + " "
                      + o.getMetadata().getNamespace()
                      + "/"
                      + o.getMetadata().getName())
          .toList()
          .toString();
    }
  }

  /** The helm binary, installing it with hack/install-helm.sh when there is none. */
  public static synchronized Path binary() {
    if (binary == null) {
      binary = tool("HELM", "hack/install-helm.sh", 600);
    }
    return binary;
  }

  /**
   * A tool the tests run: {@code $variable}, else the path {@code script} prints as its last line
   * (the scripts install into ~/.cache/om-secrets-operator, and return at once when it is there).
   */
  static Path tool(String variable, String script, long timeoutSeconds) {
    String fromEnv = System.getenv(variable);
    Path tool;
    if (fromEnv != null && !fromEnv.isBlank()) {
      tool = Path.of(fromEnv);
    } else {
      Result install = exec(List.of("bash", ROOT.resolve(script).toString()), timeoutSeconds);
      if (install.exitCode() != 0) {
        throw new IllegalStateException(
            script + " failed (set " + variable + " to the tool instead):\n" + install.stderr());
      }
      String[] lines = install.stdout().strip().split("\n");
      tool = Path.of(lines[lines.length - 1].strip());
    }
    if (!Files.isExecutable(tool)) {
      throw new IllegalStateException(variable + " is not executable at " + tool);
    }
    return tool;
  }

  /** Runs helm with these arguments. */
  public static Result helm(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(Arrays.asList(args));
    return exec(command, 120);
  }

  /** `helm template RELEASE <chart>` with {@link #IMAGE_REPOSITORY} and these arguments. */
  public static Result renderChart(String release, String... args) {
    return helm(renderArguments(CHART, release, args));
  }

  private static String[] renderArguments(Path chart, String release, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "template",
                release,
                chart.toString(),
                "--set",
                "image.repository=" + IMAGE_REPOSITORY));
    all.addAll(Arrays.asList(args));
    return all.toArray(String[]::new);
  }

  /**
   * `helm template om-secrets-operator <chart> -n om` plus these arguments; fails unless it
   * succeeds.
   */
  static Rendered template(String... args) {
    List<String> all = new ArrayList<>(List.of("--namespace", NAMESPACE));
    all.addAll(Arrays.asList(args));
    Result result = renderChart(RELEASE, all.toArray(String[]::new));
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "helm template " + String.join(" ", all) + " failed:\n" + result.stderr());
    }
    return new Rendered(parse(result.stdout()));
  }

  /**
   * The chart's NOTES.txt as `helm install` would print it. helm 3.17 renders NOTES only on
   * install, which asks a cluster for its version even with --dry-run=client, so a copy of the
   * chart renders them through tpl into a ConfigMap.
   */
  static String notes(String... args) throws IOException {
    Path copy = Files.createTempDirectory("oms-chart-notes");
    try {
      Path chart = copy.resolve("om-secrets-operator");
      try (var files = Files.walk(CHART)) {
        for (Path source : files.toList()) {
          Path target = chart.resolve(CHART.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      Files.move(chart.resolve("templates/NOTES.txt"), chart.resolve("notes.txt"));
      Files.writeString(
          chart.resolve("templates/notes-probe.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n"
              + "  notes: {{ tpl (.Files.Get \"notes.txt\") . | quote }}\n");
      List<String> all =
          new ArrayList<>(
              List.of("--namespace", NAMESPACE, "--show-only", "templates/notes-probe.yaml"));
      all.addAll(Arrays.asList(args));
      Result result = helm(renderArguments(chart, RELEASE, all.toArray(String[]::new)));
      if (result.exitCode() != 0) {
        throw new AssertionError("rendering NOTES.txt failed:\n" + result.stderr());
      }
      return ((ConfigMap) parse(result.stdout()).get(0)).getData().get("notes");
    } finally {
      try (var files = Files.walk(copy)) {
        files.sorted(Comparator.reverseOrder()).forEach(Helm::deleteQuietly);
      }
    }
  }

  /** Multi-document YAML to fabric8 objects; unknown kinds become GenericKubernetesResource. */
  public static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document
          .lines()
          .allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      KubernetesResource object = Serialization.unmarshal(document);
      objects.add((HasMetadata) object);
    }
    return objects;
  }

  /** Runs a command in the repository root, with a time limit in seconds. */
  static Result exec(List<String> command, long timeoutSeconds) {
    return exec(command, Map.of(), timeoutSeconds);
  }

  static Result exec(List<String> command, Map<String, String> env, long timeoutSeconds) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("oms-chart-test", ".out");
      err = Files.createTempFile("oms-chart-test", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(ROOT.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish in " + timeoutSeconds + "s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
