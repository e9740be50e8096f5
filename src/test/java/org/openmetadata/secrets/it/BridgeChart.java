package org.openmetadata.secrets.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openmetadata.secrets.chart.Helm;

/**
 * The chart as a bridge outside a pod runs from it: the server's RBAC, the bridge's ConfigMaps, the
 * operator's env.
 */
public final class BridgeChart {

  private BridgeChart() {}

  /**
   * Installed in {@code operatorNs}, watching {@code ns}, whose ServiceAccount {@code serverSa}
   * calls the bridge on {@code port}.
   */
  public static List<HasMetadata> render(String operatorNs, String ns, String serverSa, int port) {
    Helm.Result rendered =
        Helm.renderChart(
            Helm.RELEASE,
            "--namespace",
            operatorNs,
            "--set",
            "watchNamespaces={" + ns + "}",
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            "openmetadataServer.subjects[0].kind=ServiceAccount",
            "--set",
            "openmetadataServer.subjects[0].name=" + serverSa,
            "--set",
            "openmetadataServer.subjects[0].namespace=" + ns,
            "--set",
            "openmetadataServer.bridge.configMaps=true",
            "--set",
            "openmetadataServer.bridge.port=" + port);
    if (rendered.exitCode() != 0) {
      throw new IllegalStateException(rendered.stderr());
    }
    return Helm.parse(rendered.stdout());
  }

  /** The operator container's environment, for an operator run in this JVM against a kubeconfig. */
  public static Map<String, String> operatorEnv(List<HasMetadata> objects) {
    Map<String, String> env = new HashMap<>();
    objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> env.put(e.getName(), e.getValue()));
    env.remove("JAVA_TOOL_OPTIONS");
    env.putAll(
        Map.of("OM_SM_IN_CLUSTER", "false", "OM_SM_HTTP_PORT", "0", "OM_SM_HEALTH_PORT", "0"));
    return env;
  }

  /**
   * How the jar's {@code bridge} command runs as the sidecar: the JVM's options and environment.
   */
  public record Sidecar(List<String> jvmOptions, Map<String, String> env) {}

  /**
   * The sidecar as the chart's {@code <fullname>-bridge} ConfigMap configures it, outside a pod:
   * the server's identity from {@code kubeconfig} rather than the pod's.
   */
  public static Sidecar sidecar(List<HasMetadata> objects, Path kubeconfig) {
    Map<String, String> env = new HashMap<>(configMap(objects, Helm.RELEASE + "-bridge").getData());
    List<String> jvmOptions = Arrays.asList(env.remove("JAVA_TOOL_OPTIONS").trim().split("\\s+"));
    env.put("OM_SM_IN_CLUSTER", "false");
    env.put("OM_SM_KUBECONFIG_PATH", kubeconfig.toAbsolutePath().toString());
    return new Sidecar(jvmOptions, env);
  }

  /** A loopback port free now, for a process that binds it within seconds. */
  public static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  public static ConfigMap configMap(List<HasMetadata> objects, String name) {
    return objects.stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .filter(c -> c.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
