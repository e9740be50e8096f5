package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.config.OperatorConfig;

/**
 * A real etcd + kube-apiserver + kube-controller-manager (garbage collector, namespace controller)
 * on loopback, started by {@code hack/controlplane.sh} once per test JVM and torn down when the
 * JVM's tests end. The CRD is installed before the controller-manager starts.
 */
public final class ControlPlane implements ExtensionContext.Store.CloseableResource {

  private static final Set<String> RBAC_KINDS =
      Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");

  private static final Path DIR = Path.of("target", "it-controlplane").toAbsolutePath();

  private final Path kubeconfig;
  private final Path kubectl;
  private final KubernetesClient admin;

  private ControlPlane() throws IOException, InterruptedException {
    script(Map.of("OMS_CP_CRDS", Path.of("crds").toAbsolutePath().toString()), "up");
    kubeconfig = DIR.resolve("kubeconfig");
    kubectl = Path.of(Files.readString(DIR.resolve("bindir")).trim(), "kubectl");
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
            .build();
  }

  /** The shared control plane of this test run. */
  static ControlPlane get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            ControlPlane.class,
            k -> {
              try {
                return new ControlPlane();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(
                    "could not start the control plane: " + e.getMessage(), e);
              }
            },
            ControlPlane.class);
  }

  /**
   * A test operator's settings: it watches {@code watched} (comma-separated), keeps its ring in
   * {@code operatorNamespace}, serves HTTP and health on free ports, plus {@code more} as setting,
   * value pairs.
   */
  public static OperatorConfig operatorConfig(
      String watched, String operatorNamespace, String... more) {
    Map<String, String> env = new HashMap<>();
    env.put("OM_SM_NAMESPACE", watched);
    env.put("OM_SM_OPERATOR_NAMESPACE", operatorNamespace);
    env.put("OM_SM_HTTP_PORT", "0");
    env.put("OM_SM_HEALTH_PORT", "0");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return OperatorConfig.from(env);
  }

  public KubernetesClient admin() {
    return admin;
  }

  /**
   * Applies the identities and RBAC (ServiceAccounts, Roles, ClusterRoles and their bindings) among
   * a rendered chart's objects, as {@code helm install} would, so a test's operator runs with
   * exactly the chart's rights.
   */
  public List<HasMetadata> applyRbac(List<HasMetadata> rendered) {
    List<HasMetadata> rbac =
        rendered.stream().filter(o -> RBAC_KINDS.contains(o.getKind())).toList();
    rbac.forEach(o -> admin().resource(o).forceConflicts().serverSideApply());
    return rbac;
  }

  /**
   * {@link #applyRbac} of the chart installed in {@code operatorNamespace}, watching {@code
   * watched} (comma-separated), with {@code sets} as further {@code --set} values.
   */
  public List<HasMetadata> installChartRbac(
      String operatorNamespace, String watched, String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--namespace", operatorNamespace, "--set", "watchNamespaces={" + watched + "}"));
    for (String set : sets) {
      args.addAll(List.of("--set", set));
    }
    Helm.Result rendered = Helm.renderChart(Helm.RELEASE, args.toArray(String[]::new));
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    return applyRbac(Helm.parse(rendered.stdout()));
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A fresh namespace with the given name prefix. */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + Long.toHexString(System.nanoTime()).substring(6);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * A client that authenticates as a ServiceAccount with a token from the TokenRequest API, as a
   * pod would.
   */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    return clientAs(admin, namespace, serviceAccount);
  }

  /**
   * {@link #clientAs(String, String)} on any API server {@code admin} may create ServiceAccounts
   * and tokens on.
   */
  public static KubernetesClient clientAs(
      KubernetesClient admin, String namespace, String serviceAccount) {
    Config base = admin.getConfiguration();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(base.getMasterUrl())
            .withCaCertData(base.getCaCertData())
            .withCaCertFile(base.getCaCertFile())
            .withTrustCerts(base.isTrustCerts())
            .withOauthToken(token(admin, namespace, serviceAccount))
            .withNamespace(namespace)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * A kubeconfig file for a ServiceAccount (token from the TokenRequest API), for programs outside
   * this JVM that should run with exactly that identity's rights.
   */
  public Path kubeconfigAs(String namespace, String serviceAccount) throws IOException {
    Config base = admin.getConfiguration();
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: cp, cluster: {server: "%s", certificate-authority-data: "%s"}}]
        users: [{name: %s, user: {token: "%s"}}]
        contexts: [{name: %s, context: {cluster: cp, user: %s, namespace: %s}}]
        current-context: %s
        """
            .formatted(
                base.getMasterUrl(),
                base.getCaCertData(),
                serviceAccount,
                token(admin, namespace, serviceAccount),
                serviceAccount,
                serviceAccount,
                namespace,
                serviceAccount);
    Path file = DIR.resolve("kubeconfig-" + namespace + "-" + serviceAccount);
    Files.writeString(file, yaml);
    return file;
  }

  /**
   * A token for the ServiceAccount, created when missing (this control plane has no SA controller).
   */
  private static String token(KubernetesClient admin, String namespace, String serviceAccount) {
    if (admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get() == null) {
      admin
          .serviceAccounts()
          .inNamespace(namespace)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(serviceAccount)
                  .endMetadata()
                  .build())
          .create();
    }
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  /** Waits until the resource's Ready condition has this reason. */
  public void awaitReason(String namespace, String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.readyCondition(
                                admin
                                    .resources(OpenMetadataSecret.class)
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get()
                                    .getStatus())
                            .map(c -> c.getReason()))
                    .as("Ready reason of %s/%s", namespace, name)
                    .contains(reason));
  }

  /** Creates every object of a multi-document YAML (server-side apply, as kubectl apply would). */
  public List<HasMetadata> apply(String yaml) {
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata item :
        admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      applied.add(admin.resource(item).forceConflicts().serverSideApply());
    }
    return applied;
  }

  /**
   * Runs the kubectl built with this control plane against it; returns stdout, fails on non-zero
   * exit.
   */
  public String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // KUBECONFIG rather than --kubeconfig: kubectl refuses flags before a plugin's name, and
    // plugins
    // read it too. hack/ holds the kubectl-om_secrets plugin; kubectl finds plugins on PATH.
    builder
        .environment()
        .put("PATH", Path.of("hack").toAbsolutePath() + ":" + System.getenv("PATH"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + output);
    }
    return output;
  }

  /**
   * {@code kubectl auth can-i VERB RESOURCE -n NAMESPACE --as USER}: yes (exit 0) or no (exit 1).
   */
  public boolean canI(String user, String verb, String resource, String namespace)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                kubectl.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "auth",
                "can-i",
                verb,
                resource,
                "-n",
                namespace,
                "--as",
                user)
            .redirectErrorStream(true)
            .start();
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(60, TimeUnit.SECONDS) || !output.matches("(?s)(yes|no).*")) {
      throw new IllegalStateException(
          "kubectl auth can-i " + verb + " " + resource + " failed:\n" + output);
    }
    return output.startsWith("yes");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    admin.close();
    script(Map.of(), "down");
  }

  private static void script(Map<String, String> env, String verb)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "hack/controlplane.sh", verb, DIR.toString())
            .redirectErrorStream(true)
            .redirectOutput(DIR.getParent().resolve("it-controlplane-" + verb + ".log").toFile());
    builder.environment().putAll(env);
    Files.createDirectories(DIR.getParent());
    Process process = builder.start();
    // A cold first run compiles the binaries (hack/build-controlplane.sh): allow for it.
    if (!process.waitFor(Duration.ofMinutes(60).toMinutes(), TimeUnit.MINUTES)
        || process.exitValue() != 0) {
      throw new IOException(
          "hack/controlplane.sh " + verb + " failed; see target/it-controlplane-" + verb + ".log");
    }
  }
}
