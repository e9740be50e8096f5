package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.bridge.Translation;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * The released chart package installed with {@code helm install} on a real node ({@link Node}): the
 * released image, built from the Dockerfile, runs as pods, and each test checks what a user would
 * see.
 */
@ExtendWith(Node.Extension.class)
class HelmNodeIT {

  private static final String RELEASE = "om-secrets-operator";
  private static final String SERVER_SA = "openmetadata";
  private static final Path STAND_IN = Path.of("src", "test", "node", "OpenMetadataStandIn.java");
  private static final String POD_LABEL = "app.kubernetes.io/name";
  private static final Duration POD_START = Duration.ofMinutes(4);
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

  private final Node node;
  private final KubernetesClient admin;
  private final List<String> namespaces = new ArrayList<>();

  HelmNodeIT(Node node) {
    this.node = node;
    this.admin = node.admin();
  }

  @Test
  void theDefaultsRunInARestrictedNamespaceReconcileTheSamplesAndOpenSealedValues()
      throws Exception {
    // As the chart README installs it: the operator in its own namespace, serving `openmetadata`
    // (the default), so
    // the key ring is out of the namespaces it serves.
    String ns = restrictedNamespace(unique("node-defaults"));
    String om = restrictedNamespace("openmetadata");
    node.helm("install", RELEASE, "CHART", "-n", ns, "--wait", "--timeout", "240s");

    Pod pod = onlyPod(ns);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(ready(pod)).as("pod Ready").isTrue();
    // Ready, so the kubelet's probes reach the health port; the metrics port does not serve them.
    assertThat(proxyGet(pod, 8081, "/readyz"))
        .isEqualTo("ready: reconciling (leader election off)\n");
    assertThatThrownBy(() -> proxyGet(pod, 8080, "/healthz")).hasMessageContaining("NotFound");

    // The README's samples: the Secret-sourced one becomes its Secret; the plain-text one is
    // refused at
    // `kubectl apply` by the chart's admission policy, with the policy's message, so it is never
    // stored.
    node.kubectl("apply", "-n", om, "-f", "deploy/samples/database-password.yaml");
    awaitReason(om, "mysql-prod-password", "Synced");
    assertThatThrownBy(
            () -> node.kubectl("apply", "-n", om, "-f", "deploy/samples/bot-jwt-token.yaml"))
        .hasMessageContaining("plain-text spec.value is not accepted here");
    assertThat(
            admin
                .resources(OpenMetadataSecret.class)
                .inNamespace(om)
                .withName("ingestion-bot-jwt")
                .get())
        .isNull();
    assertThat(value(om, "openmetadata-database-mysql-prod-password"))
        .isEqualTo("demo-password-not-a-real-secret");

    // /metrics as a Prometheus would reach it, here through the API server's pod proxy. The heap
    // pools are
    // SerialGC's: the collector pinned in the image and the chart.
    String metrics = scrape(pod);
    assertThat(sum(metrics, "oms_secret_writes_total")).isEqualTo(1);
    assertThat(sum(metrics, "oms_policy_denials_total"))
        .as("the refused sample never reached the operator")
        .isZero();
    assertThat(metrics).contains("id=\"Tenured Gen\"");

    // Sealing with the public key the pod published, fetched from the cluster as docs/sealing.md
    // says; only the
    // pod's key ring can open it.
    String cert =
        node.kubectl(
            "get",
            "configmap",
            "om-secrets-operator-cert",
            "-n",
            ns,
            "-o",
            "jsonpath={.data.cert\\.pem}");
    Path certFile = Files.writeString(Files.createTempFile("oms-cert", ".pem"), cert);
    String sealed =
        node.kubectlWithInput(
            "sealed-in-git\n",
            "om-secrets",
            "seal",
            "--cert",
            certFile.toString(),
            "-n",
            om,
            "--name",
            "sealed",
            "--path",
            "database/sealed/password");
    assertThat(sealed).doesNotContain("sealed-in-git");
    node.kubectlWithInput(sealed, "apply", "-f", "-");
    awaitReason(om, "sealed", "Synced");
    assertThat(value(om, "openmetadata-database-sealed-password")).isEqualTo("sealed-in-git");

    assertThat(restarts(ns)).as("container restarts").isZero();
  }

  @Test
  void twoReplicasElectOneLeaderAndHandOverWithoutWritingAnySecretTwice() throws Exception {
    String ns = restrictedNamespace(unique("node-ha"));
    String om = restrictedNamespace(unique("node-ha-om"));
    node.helm(
        "install",
        RELEASE,
        "CHART",
        "-n",
        ns,
        "--set",
        "watchNamespaces={" + om + "}",
        "--set",
        "replicas=2",
        "--wait",
        "--timeout",
        "240s");
    List<Pod> pods = runningPods(ns);
    assertThat(pods).hasSize(2).allMatch(HelmNodeIT::ready);

    createFromSource(om, 20);
    awaitAllSynced(om, 20);
    Map<String, String> written = secretVersions(om);
    assertThat(written).hasSize(20);

    String leader = leaderPod(ns);
    Pod standby =
        pods.stream()
            .filter(p -> !p.getMetadata().getName().equals(leader))
            .findFirst()
            .orElseThrow();
    // The standby is healthy and Ready (it could take over) but reconciles nothing.
    assertThat(sum(scrape(standby), "oms_reconcile_outcomes_total")).isZero();
    assertThat(sum(scrape(pod(ns, leader)), "oms_secret_writes_total")).isEqualTo(20);

    // Another pod takes the Lease: the standby, or the Deployment's replacement if it starts first.
    admin.pods().inNamespace(ns).withName(leader).delete();
    await()
        .atMost(POD_START)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              String now = leaderPod(ns);
              return now != null && !now.equals(leader);
            });
    await()
        .atMost(POD_START)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                runningPods(ns).size() == 2
                    && runningPods(ns).stream().allMatch(HelmNodeIT::ready));

    // The new leader serves new resources, and wrote none of the existing Secrets again.
    admin
        .resource(
            TestResources.fromSecret(
                om, "after-handover", "database/after/password", "source", "password"))
        .create();
    awaitReason(om, "after-handover", "Synced");
    Map<String, String> after = secretVersions(om);
    after.remove("openmetadata-database-after-password");
    assertThat(after).isEqualTo(written);
    assertThat(sum(scrape(pod(ns, leaderPod(ns))), "oms_secret_writes_total")).isEqualTo(1);
  }

  @Test
  void upgradeUninstallAndReinstallOverManyResourcesWriteNoSecret() throws Exception {
    int count = Integer.getInteger("oms.node.resources", 1000);
    String ns = restrictedNamespace(unique("node-upgrade"));
    String om = restrictedNamespace(unique("node-upgrade-om"));
    // Leader election on: the upgrade rolls (the new pod starts before the old one stops).
    node.helm(
        "install",
        RELEASE,
        "CHART",
        "-n",
        ns,
        "--set",
        "watchNamespaces={" + om + "}",
        "--set",
        "leaderElection.enabled=true",
        "--wait",
        "--timeout",
        "240s");
    createFromSource(om, count);
    awaitAllSynced(om, count);
    Map<String, String> written = secretVersions(om);
    assertThat(written).hasSize(count);
    Pod firstPod = onlyPod(ns);
    String first = firstPod.getMetadata().getName();
    System.out.printf(
        "node: %d resources: first pod's memory cgroup %s%n", count, memory(firstPod));

    node.helm(
        "upgrade",
        RELEASE,
        "CHART",
        "-n",
        ns,
        "--reuse-values",
        "--set",
        "podAnnotations.upgraded=yes",
        "--wait",
        "--timeout",
        "240s");
    Pod upgraded = awaitNewLeaderThatReconciled(ns, first, count);
    assertThat(sum(scrape(upgraded), "oms_secret_writes_total"))
        .as("writes after the upgrade")
        .isZero();
    assertThat(secretVersions(om)).isEqualTo(written);
    System.out.printf(
        "node: %d resources: upgraded pod's memory cgroup %s%n", count, memory(upgraded));

    node.helm("uninstall", RELEASE, "-n", ns, "--wait", "--timeout", "120s");
    await().atMost(Duration.ofMinutes(2)).until(() -> runningPods(ns).isEmpty());
    assertThat(admin.resources(OpenMetadataSecret.class).inNamespace(om).list().getItems())
        .hasSize(count);
    assertThat(secretVersions(om)).isEqualTo(written);

    node.helm(
        "install",
        RELEASE,
        "CHART",
        "-n",
        ns,
        "--set",
        "watchNamespaces={" + om + "}",
        "--set",
        "leaderElection.enabled=true",
        "--wait",
        "--timeout",
        "240s");
    Pod reinstalled = awaitNewLeaderThatReconciled(ns, upgraded.getMetadata().getName(), count);
    assertThat(sum(scrape(reinstalled), "oms_secret_writes_total"))
        .as("writes after the reinstall")
        .isZero();
    assertThat(secretVersions(om)).isEqualTo(written);
    assertThat(restarts(ns)).as("container restarts").isZero();
  }

  @Test
  void theBridgeSidecarStoresReadsReplacesAndDeletesForAStandInOpenMetadataServer()
      throws Exception {
    String ns = restrictedNamespace(unique("node-bridge"));
    String om = restrictedNamespace(unique("node-bridge-om"));
    // docs/openmetadata-server.md step 1: the server's identity and the bridge's ConfigMaps.
    node.helm(
        "install",
        RELEASE,
        "CHART",
        "-n",
        ns,
        "--set",
        "watchNamespaces={" + om + "}",
        "--set",
        "openmetadataServer.enabled=true",
        "--set",
        "openmetadataServer.bridge.configMaps=true",
        "--set",
        "openmetadataServer.subjects[0].kind=ServiceAccount",
        "--set",
        "openmetadataServer.subjects[0].name=" + SERVER_SA,
        "--set",
        "openmetadataServer.subjects[0].namespace=" + om,
        "--wait",
        "--timeout",
        "240s");
    String image = onlyPod(ns).getSpec().getContainers().get(0).getImage();

    // Step 2: the server's pod with the bridge as a native sidecar; the "server" is
    // OpenMetadataStandIn, run by the
    // image's JRE from source. It passes only if every call answers as OpenMetadata's secrets
    // manager needs.
    admin
        .serviceAccounts()
        .inNamespace(om)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(SERVER_SA).endMetadata().build())
        .create();
    admin
        .configMaps()
        .inNamespace(om)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("stand-in")
                .endMetadata()
                .addToData("OpenMetadataStandIn.java", Files.readString(STAND_IN))
                .build())
        .create();
    String keep = "openmetadata-database-stand-in-password";
    String drop = "openmetadata-database-dropped-password";
    long created = System.nanoTime();
    admin.pods().inNamespace(om).resource(standInServerPod(image, keep, drop)).create();
    Pod done =
        await()
            .atMost(POD_START)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> pod(om, "openmetadata"),
                p -> List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()));
    String calls =
        done.getStatus().getContainerStatuses().stream()
            .filter(c -> c.getName().equals("openmetadata"))
            .findFirst()
            .orElseThrow()
            .getState()
            .getTerminated()
            .getMessage();
    System.out.printf(
        "node: the stand-in server's pod ended %s %.1f s after its create; its calls through the "
            + "bridge:%n%s%n",
        done.getStatus().getPhase(), (System.nanoTime() - created) / 1e9, calls);
    assertThat(done.getStatus().getPhase())
        .as("stand-in server, calls:%n%s", calls)
        .isEqualTo("Succeeded");
    assertThat(calls)
        .doesNotContain("UNEXPECTED")
        .contains("replace " + keep + " -> 200 ok", "delete " + drop);

    // What the calls left: the kept credential as OpenMetadata's readers expect it, written by the
    // server's
    // identity through the bridge; the deleted one gone with its Secret.
    assertThat(value(om, keep)).isEqualTo("from-the-stand-in-2");
    var secret = admin.secrets().inNamespace(om).withName(keep).get();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app", "openmetadata")
        .containsEntry("managed-by", "openmetadata-secrets-manager");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("OpenMetadataSecret"));
    OpenMetadataSecret resource =
        admin.resources(OpenMetadataSecret.class).inNamespace(om).withName(keep).get();
    assertThat(resource.getSpec().getValue()).as("plain value in the resource").isNull();
    assertThat(resource.getMetadata().getAnnotations())
        .containsEntry(Translation.WRITTEN_BY, "system:serviceaccount:" + om + ":" + SERVER_SA);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> admin.secrets().inNamespace(om).withName(drop).get() == null);
    assertThat(admin.resources(OpenMetadataSecret.class).inNamespace(om).withName(drop).get())
        .isNull();
  }

  @Test
  void twoReleasesEachServingItsOwnNamespacesRunSideBySide() throws Exception {
    // The scale-out path the chart README documents: the same release name, one release namespace
    // and one set of
    // watched namespaces each. Nothing they make may collide: keys, published key, Lease, Roles,
    // reader Roles.
    Map<String, String> omOf = new LinkedHashMap<>();
    for (String team : List.of("a", "b")) {
      String sys = restrictedNamespace(unique("node-rel-" + team));
      String om = restrictedNamespace(unique("node-team-" + team));
      omOf.put(sys, om);
      node.helm(
          "install",
          RELEASE,
          "CHART",
          "-n",
          sys,
          "--set",
          "watchNamespaces={" + om + "}",
          "--set",
          "leaderElection.enabled=true",
          "--set",
          "readers.enabled=true",
          "--set",
          "readers.subjects[0].kind=ServiceAccount,readers.subjects[0].name=ingestion,"
              + "readers.subjects[0].namespace="
              + om,
          "--wait",
          "--timeout",
          "240s");
    }
    Map<String, Path> certOf = new LinkedHashMap<>();
    for (var release : omOf.entrySet()) {
      String sys = release.getKey();
      String om = release.getValue();
      assertThat(ready(onlyPod(sys))).as("pod of the release in %s Ready", sys).isTrue();
      certOf.put(
          sys,
          Files.writeString(
              Files.createTempFile("oms-cert", ".pem"),
              node.kubectl(
                  "get",
                  "configmap",
                  "om-secrets-operator-cert",
                  "-n",
                  sys,
                  "-o",
                  "jsonpath={.data.cert\\.pem}")));
      applySealed(certOf.get(sys), om, "mine", "value-of-" + om);
    }
    List<String> systems = List.copyOf(omOf.keySet());
    String sysA = systems.get(0);
    String sysB = systems.get(1);
    for (var release : omOf.entrySet()) {
      String om = release.getValue();
      awaitReason(om, "mine", "Synced");
      assertThat(value(om, "openmetadata-database-mine-password")).isEqualTo("value-of-" + om);
      // The reader Role follows the Secret within the operator's half-second window.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          Optional.ofNullable(
                                  admin
                                      .rbac()
                                      .roles()
                                      .inNamespace(om)
                                      .withName("om-secrets-readers")
                                      .get())
                              // No rule at all until the first Secret is listed.
                              .map(Role::getRules)
                              .filter(rules -> !rules.isEmpty())
                              .map(rules -> rules.get(0).getResourceNames()))
                      .contains(List.of("openmetadata-database-mine-password")));
      assertThat(leaderPod(release.getKey()))
          .as("each release elects its own leader in its own namespace")
          .isEqualTo(onlyPod(release.getKey()).getMetadata().getName());
    }
    assertThat(
            admin.secrets().inNamespace(sysA).withName("om-secrets-operator-keys").get().getData())
        .as("two key rings, not one shared")
        .isNotEqualTo(
            admin.secrets().inNamespace(sysB).withName("om-secrets-operator-keys").get().getData());

    // A value sealed to the other release's key does not open here: the rings are apart.
    applySealed(certOf.get(sysB), omOf.get(sysA), "crossed", "sealed-for-b");
    awaitReason(omOf.get(sysA), "crossed", "DecryptionFailed");

    // Uninstalling one release leaves the other serving.
    node.helm("uninstall", RELEASE, "-n", sysA, "--wait", "--timeout", "120s");
    applySealed(certOf.get(sysB), omOf.get(sysB), "after", "after-uninstall");
    awaitReason(omOf.get(sysB), "after", "Synced");
    assertThat(restarts(sysB)).isZero();
  }

  private void applySealed(Path cert, String ns, String name, String value) throws Exception {
    String sealed =
        node.kubectlWithInput(
            value + "\n",
            "om-secrets",
            "seal",
            "--cert",
            cert.toString(),
            "-n",
            ns,
            "--name",
            name,
            "--path",
            "database/" + name + "/password");
    node.kubectlWithInput(sealed, "apply", "-f", "-");
  }

  /** Each test's pods stop when it ends: the next test has the node's CPU to itself. */
  @AfterEach
  void deleteNamespaces() {
    namespaces.forEach(ns -> admin.namespaces().withName(ns).delete());
  }

  // ---- helpers
  // ----------------------------------------------------------------------------------------------

  /**
   * OpenMetadata's server pod as docs/openmetadata-server.md configures it (the chart's ConfigMaps,
   * the bridge sidecar's settings) with the stand-in in place of the server: one run, so the pod
   * ends Succeeded or Failed.
   */
  private static Pod standInServerPod(String image, String keep, String drop) {
    SecurityContext restricted =
        new SecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .addToDrop("ALL")
            .endCapabilities()
            .build();
    return new PodBuilder()
        .withNewMetadata()
        .withName("openmetadata")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(SERVER_SA)
        .withRestartPolicy("Never")
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewInitContainer()
        .withName("om-secrets-bridge")
        .withImage(image)
        .withImagePullPolicy("Never")
        .withRestartPolicy("Always")
        .withArgs("bridge", "--listen", "127.0.0.1:8181")
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName(RELEASE + "-bridge")
        .endConfigMapRef()
        .endEnvFrom()
        .withNewResources()
        .addToRequests("memory", new Quantity("160Mi"))
        .addToLimits("memory", new Quantity("192Mi"))
        .endResources()
        .withSecurityContext(restricted)
        .addNewVolumeMount()
        .withName("bridge-tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endInitContainer()
        .addNewContainer()
        .withName("openmetadata")
        .withImage(image)
        .withImagePullPolicy("Never")
        .withCommand("java", "/stand-in/OpenMetadataStandIn.java")
        .addNewEnv()
        .withName("SECRET_MANAGER")
        .withValue("kubernetes")
        .endEnv()
        .addNewEnv()
        .withName("OM_SM_NAMESPACE")
        .withNewValueFrom()
        .withNewFieldRef("v1", "metadata.namespace")
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("OM_SM_IN_CLUSTER")
        .withValue("false")
        .endEnv()
        .addNewEnv()
        .withName("OM_SM_KUBECONFIG_PATH")
        .withValue("/etc/om-secrets-bridge/kubeconfig")
        .endEnv()
        .addNewEnv()
        .withName("STAND_IN_KEEP")
        .withValue(keep)
        .endEnv()
        .addNewEnv()
        .withName("STAND_IN_DROP")
        .withValue(drop)
        .endEnv()
        .addNewEnv()
        .withName("STAND_IN_VALUE")
        .withValue("from-the-stand-in")
        .endEnv()
        .withSecurityContext(restricted)
        .addNewVolumeMount()
        .withName("bridge-kubeconfig")
        .withMountPath("/etc/om-secrets-bridge")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("stand-in")
        .withMountPath("/stand-in")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("bridge-kubeconfig")
        .withNewConfigMap()
        .withName(RELEASE + "-bridge-kubeconfig")
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("bridge-tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("16Mi"))
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("stand-in")
        .withNewConfigMap()
        .withName("stand-in")
        .endConfigMap()
        .endVolume()
        .endSpec()
        .build();
  }

  /** A namespace where Pod Security admission enforces the restricted profile. */
  private String restrictedNamespace(String name) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
    namespaces.add(name);
    return name;
  }

  private static String unique(String prefix) {
    return prefix + "-" + Long.toHexString(System.nanoTime()).substring(6);
  }

  /**
   * One labeled source Secret and {@code count} resources taking their value from it (8 creates at
   * a time).
   */
  private void createFromSource(String ns, int count)
      throws InterruptedException, ExecutionException {
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("source")
                .addToLabels("secrets.open-metadata.org/source", "true")
                .endMetadata()
                .addToStringData("password", "from-the-source")
                .build())
        .create();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> creates = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        OpenMetadataSecret resource =
            TestResources.fromSecret(
                ns, "db-" + i, "database/db" + i + "/password", "source", "password");
        creates.add(pool.submit(() -> admin.resource(resource).create()));
      }
      for (Future<?> create : creates) {
        create.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void awaitAllSynced(String ns, int count) {
    await()
        .atMost(Duration.ofMinutes(5).plusSeconds(count / 10))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                admin.resources(OpenMetadataSecret.class).inNamespace(ns).list().getItems().stream()
                        .filter(
                            r ->
                                Conditions.readyCondition(r.getStatus())
                                    .map(c -> "Synced".equals(c.getReason()))
                                    .orElse(false))
                        .count()
                    == count);
  }

  private void awaitReason(String ns, String name, String reason) {
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.readyCondition(
                                admin
                                    .resources(OpenMetadataSecret.class)
                                    .inNamespace(ns)
                                    .withName(name)
                                    .get()
                                    .getStatus())
                            .map(c -> c.getReason()))
                    .as("Ready reason of %s/%s", ns, name)
                    .contains(reason));
  }

  /**
   * The operator's pod that is not {@code previous}, once it leads and has reconciled every
   * resource.
   */
  private Pod awaitNewLeaderThatReconciled(String ns, String previous, int count) {
    await()
        .atMost(POD_START.plusSeconds(count / 20))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              String leader = leaderPod(ns);
              return leader != null
                  && !leader.equals(previous)
                  && sum(scrape(pod(ns, leader)), "oms_reconcile_outcomes_total") >= count;
            });
    return pod(ns, leaderPod(ns));
  }

  /**
   * The pod whose name the Lease's holder identity starts with (the identity is the pod name plus a
   * suffix).
   */
  private String leaderPod(String ns) {
    var lease = admin.leases().inNamespace(ns).withName(OperatorRuntime.LEASE_NAME).get();
    String holder = lease == null ? null : lease.getSpec().getHolderIdentity();
    if (holder == null || holder.isEmpty()) {
      return null;
    }
    return runningPods(ns).stream()
        .map(p -> p.getMetadata().getName())
        .filter(holder::startsWith)
        .findFirst()
        .orElse(null);
  }

  private List<Pod> runningPods(String ns) {
    return admin.pods().inNamespace(ns).withLabel(POD_LABEL, RELEASE).list().getItems().stream()
        .filter(
            p ->
                p.getMetadata().getDeletionTimestamp() == null
                    && "Running".equals(p.getStatus().getPhase()))
        .toList();
  }

  private Pod onlyPod(String ns) {
    List<Pod> pods = runningPods(ns);
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  private Pod pod(String ns, String name) {
    return admin.pods().inNamespace(ns).withName(name).get();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private int restarts(String ns) {
    return admin.pods().inNamespace(ns).withLabel(POD_LABEL, RELEASE).list().getItems().stream()
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .mapToInt(s -> s.getRestartCount())
        .sum();
  }

  /** Managed Secrets by name, with their resourceVersion: any write changes it. */
  private Map<String, String> secretVersions(String ns) {
    return admin
        .secrets()
        .inNamespace(ns)
        .withLabel("app.kubernetes.io/managed-by", "om-secrets-operator")
        .list()
        .getItems()
        .stream()
        .collect(
            Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s.getMetadata().getResourceVersion()));
  }

  private String value(String ns, String secret) {
    var s = admin.secrets().inNamespace(ns).withName(secret).get();
    assertThat(s).as("Secret %s/%s", ns, secret).isNotNull();
    return new String(Base64.getDecoder().decode(s.getData().get("value")), StandardCharsets.UTF_8);
  }

  /** GET /metrics of the pod's http port through the API server's pod proxy. */
  private String scrape(Pod pod) throws IOException, InterruptedException {
    return proxyGet(pod, 8080, "/metrics");
  }

  /** GET {@code path} of one of the pod's ports through the API server's pod proxy. */
  private String proxyGet(Pod pod, int port, String path) throws IOException, InterruptedException {
    return node.kubectl(
        "get",
        "--raw",
        "/api/v1/namespaces/"
            + pod.getMetadata().getNamespace()
            + "/pods/"
            + pod.getMetadata().getName()
            + ":"
            + port
            + "/proxy"
            + path);
  }

  /** The sum of every sample of a metric family (all label sets). */
  static double sum(String metrics, String name) {
    double total = 0;
    Matcher m = SAMPLE.matcher(metrics);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        total += Double.parseDouble(m.group(3));
      }
    }
    return total;
  }

  /**
   * The pod's memory cgroup (cgroup v1, the one its 512Mi limit is enforced in): peak usage (page
   * cache included), RSS now, and how often the limit was hit.
   */
  private static String memory(Pod pod) throws IOException {
    String uid = pod.getMetadata().getUid();
    try (var dirs =
        Files.find(
            Path.of("/sys/fs/cgroup/memory/kubepods"),
            2,
            (p, a) -> p.getFileName().toString().equals("pod" + uid))) {
      Path dir =
          dirs.findFirst().orElseThrow(() -> new IOException("no memory cgroup for pod " + uid));
      long peak = Long.parseLong(Files.readString(dir.resolve("memory.max_usage_in_bytes")).trim());
      long rss =
          Files.readAllLines(dir.resolve("memory.stat")).stream()
              .filter(l -> l.startsWith("total_rss "))
              .mapToLong(l -> Long.parseLong(l.substring("total_rss ".length())))
              .sum();
      String failcnt = Files.readString(dir.resolve("memory.failcnt")).trim();
      return "peak %d MiB, RSS now %d MiB, limit hit %s times (limit 512Mi)"
          .formatted(peak >> 20, rss >> 20, failcnt);
    }
  }
}
