package org.openmetadata.secrets.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openmetadata.secrets.chart.Helm;

/**
 * A one-node cluster that runs pods ({@code hack/node.sh}: the control plane in node mode,
 * containerd, kubelet, kube-scheduler) and installs what a release publishes ({@code
 * hack/release.sh}): the packaged chart, and the image archive built from the Dockerfile, imported
 * into containerd. Started once per test JVM, torn down when its tests end.
 */
public final class Node implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private static final Path DIR = Path.of("target", "it-node").toAbsolutePath();
  private static final Path RELEASE = Path.of("target", "it-node-release").toAbsolutePath();

  private final Path chart;
  private final Path kubeconfig;
  private final Path kubectl;
  private final KubernetesClient admin;

  private Node() throws IOException, InterruptedException {
    // The tier needs root and the node's Debian packages; say how to get them rather than skip.
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "the *NodeIT tier runs pods on this machine and needs root: "
              + "run hack/test.sh, which installs what it needs as root and skips it otherwise");
    }
    List<String> artifacts =
        script("release", List.of("bash", "hack/release.sh", RELEASE.toString()));
    chart = Path.of(artifact(artifacts, ".tgz"));
    try {
      script("up", List.of("bash", "hack/node.sh", "up", DIR.toString()));
      script(
          "import",
          List.of(
              "bash", "hack/node.sh", "import", DIR.toString(), artifact(artifacts, ".oci.tar")));
    } catch (IOException | RuntimeException e) {
      script("down", List.of("bash", "hack/node.sh", "down", DIR.toString()));
      throw e;
    }
    kubeconfig = DIR.resolve("controlplane/kubeconfig");
    kubectl = Path.of(Files.readString(DIR.resolve("bindir")).trim(), "kubectl");
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
            .build();
  }

  /** The one path among hack/release.sh's printed artifacts that ends with {@code suffix}. */
  private static String artifact(List<String> artifacts, String suffix) {
    List<String> found = artifacts.stream().filter(a -> a.endsWith(suffix)).toList();
    if (found.size() != 1) {
      throw new IllegalStateException(
          "hack/release.sh printed " + artifacts + ": expected one *" + suffix);
    }
    return found.get(0);
  }

  static Node get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            Node.class,
            k -> {
              try {
                return new Node();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not start the node: " + e.getMessage(), e);
              }
            },
            Node.class);
  }

  public KubernetesClient admin() {
    return admin;
  }

  /**
   * Runs helm against this cluster; the argument {@code CHART} stands for the released chart
   * package, installed with the imported image (image.repository: the chart has no default).
   */
  public String helm(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Helm.binary().toString());
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    for (String a : args) {
      command.add("CHART".equals(a) ? chart.toString() : a);
    }
    if (List.of(args).contains("CHART")) {
      command.addAll(List.of("--set", "image.repository=" + Helm.ARCHIVE_REPOSITORY));
    }
    return run(command, "", 300);
  }

  /**
   * Runs this cluster's kubectl (with hack/ on PATH for the kubectl-om_secrets plugin); returns
   * stdout.
   */
  public String kubectl(String... args) throws IOException, InterruptedException {
    return kubectlWithInput("", args);
  }

  /** {@link #kubectl} with {@code input} on its stdin. */
  public String kubectlWithInput(String input, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl.toString()));
    command.addAll(List.of(args));
    return run(command, input, 120);
  }

  private String run(List<String> command, String input, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .put("PATH", Path.of("hack").toAbsolutePath() + ":" + System.getenv("PATH"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Path err = Files.createTempFile("oms-node", ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    String stderr = Files.readString(err);
    Files.delete(err);
    if (!done || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out + stderr);
    }
    return out;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    admin.close();
    script("down", List.of("bash", "hack/node.sh", "down", DIR.toString()));
  }

  /** Runs a hack/ script, its stderr in target/it-node-STEP.log; returns its stdout lines. */
  private static List<String> script(String step, List<String> command)
      throws IOException, InterruptedException {
    Files.createDirectories(DIR.getParent());
    Path log = DIR.getParent().resolve("it-node-" + step + ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A cold first run compiles the binaries and builds the base image: allow for it.
    if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed; see " + log);
    }
    return out.lines().toList();
  }

  /** Injects the shared {@link Node} into *NodeIT constructors and methods. */
  public static final class Extension implements ParameterResolver, ExecutionCondition {

    /**
     * {@code hack/test.sh} asks for {@code -Doms.nodeTier=skip} when it does not run as root. Root
     * cannot skip: there the tier runs, and fails if it cannot.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return "skip".equals(System.getProperty("oms.nodeTier"))
              && !"root".equals(System.getProperty("user.name"))
          ? ConditionEvaluationResult.disabled(
              "the node tier needs root: run it with sudo hack/test.sh")
          : ConditionEvaluationResult.enabled("the node tier runs");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Node.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return get(context);
    }
  }
}
