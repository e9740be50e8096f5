package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * The operator on a real API server, running as its own ServiceAccount with exactly the RBAC the
 * chart ships: what the mock tier cannot prove (RBAC, garbage collection, kubectl columns).
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorIT {

  private static ControlPlane cp;
  private static String ns;
  private static String operatorNs;
  private static String otherNs;
  private static KubernetesClient operatorClient;
  private static OperatorRuntime operator;

  @BeforeAll
  static void installChartRbacAndStartTheOperator(ControlPlane controlPlane) throws Exception {
    cp = controlPlane;
    ns = cp.createNamespace("openmetadata");
    operatorNs = cp.createNamespace("om-system");
    otherNs = cp.createNamespace("unwatched");
    Helm.Result rendered =
        Helm.renderChart(
            Helm.RELEASE,
            "--namespace",
            operatorNs,
            "--set",
            "watchNamespaces={" + ns + "}",
            "--set",
            "readers.enabled=true",
            "--set",
            "readers.subjects[0].kind=ServiceAccount",
            "--set",
            "readers.subjects[0].name=ingestion",
            "--set",
            "readers.subjects[0].namespace=" + ns,
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            "openmetadataServer.subjects[0].kind=ServiceAccount",
            "--set",
            "openmetadataServer.subjects[0].name=openmetadata",
            "--set",
            "openmetadataServer.subjects[0].namespace=" + ns);
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    var rbac = cp.applyRbac(Helm.parse(rendered.stdout()));
    assertThat(rbac)
        .extracting(HasMetadata::getKind)
        .contains("ServiceAccount", "Role", "RoleBinding");

    operatorClient = cp.clientAs(operatorNs, "om-secrets-operator");
    operator =
        OperatorRuntime.start(
            ControlPlane.operatorConfig(
                ns,
                operatorNs,
                "OM_SM_RECHECK_SECONDS",
                "2",
                "OM_SM_ALLOW_PLAINTEXT",
                "true",
                "OM_SM_READER_SUBJECTS",
                "ServiceAccount:" + ns + "/ingestion"),
            operatorClient);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
  }

  private static OpenMetadataSecret get(String name) {
    return cp.admin().resources(OpenMetadataSecret.class).inNamespace(ns).withName(name).get();
  }

  private static Secret secret(String name) {
    return cp.admin().secrets().inNamespace(ns).withName(name).get();
  }

  private static void awaitReason(String name, String reason) {
    cp.awaitReason(ns, name, reason);
  }

  private static String value(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
  }

  private static OpenMetadataSecret create(OpenMetadataSecret resource) {
    return cp.admin().resource(resource).create();
  }

  @Test
  void createsTheSecretAndTheGarbageCollectorRemovesItWithTheResource() {
    var cr = create(TestResources.withValue(ns, "gc", "database/gc_db/password", "v1"));
    awaitReason("gc", "Synced");
    Secret secret = secret("openmetadata-database-gc-db-password");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getData()).containsOnlyKeys("value");
    assertThat(value(secret)).isEqualTo("v1");
    assertThat(secret.getMetadata().getLabels())
        .containsOnly(
            Map.entry("app", "openmetadata"),
            Map.entry("managed-by", "openmetadata-secrets-manager"),
            Map.entry("app.kubernetes.io/managed-by", "om-secrets-operator"));
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(cr.getMetadata().getUid()));

    cp.admin().resource(cr).delete();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(secret("openmetadata-database-gc-db-password")).isNull());
  }

  @Test
  void retainKeepsTheSecretAfterTheResourceIsGone() {
    var cr =
        create(
            TestResources.retained(
                TestResources.withValue(ns, "kept", "database/kept/password", "stay")));
    awaitReason("kept", "Synced");
    cp.admin().resource(cr).delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("kept")).isNull());
    // Give the garbage collector time it would need to (wrongly) remove the Secret.
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Secret kept = secret("openmetadata-database-kept-password");
              assertThat(kept).isNotNull();
              assertThat(kept.getMetadata().getOwnerReferences()).isNullOrEmpty();
              assertThat(value(kept)).isEqualTo("stay");
            });
  }

  @Test
  void driftIsRepaired() {
    create(TestResources.withValue(ns, "drift", "database/drift/password", "right"));
    awaitReason("drift", "Synced");
    String name = "openmetadata-database-drift-password";
    cp.admin()
        .secrets()
        .inNamespace(ns)
        .withName(name)
        .edit(s -> new SecretBuilder(s).withData(Map.of("value", "d3Jvbmc=")).build());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(value(secret(name))).isEqualTo("right"));
    cp.admin().secrets().inNamespace(ns).withName(name).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Secret back = secret(name);
              assertThat(back).isNotNull();
              assertThat(value(back)).isEqualTo("right");
            });
  }

  @Test
  void aForeignSecretIsLeftByteForByteUntouched() {
    Secret foreign =
        cp.admin()
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("openmetadata-database-foreign-password")
                    .withNamespace(ns)
                    .addToLabels("app", "openmetadata")
                    .endMetadata()
                    .withData(Map.of("value", "b3JpZ2luYWw="))
                    .build())
            .create();
    create(TestResources.withValue(ns, "foreign", "database/foreign/password", "mine"));
    awaitReason("foreign", "Conflict");
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Secret now = secret("openmetadata-database-foreign-password");
              assertThat(now.getMetadata().getResourceVersion())
                  .isEqualTo(foreign.getMetadata().getResourceVersion());
              assertThat(now.getData()).isEqualTo(foreign.getData());
            });
  }

  @Test
  void theOperatorIdentityCannotTouchSecretsOutsideItsNamespaces() {
    assertForbidden(
        () -> operatorClient.secrets().inNamespace(otherNs).list(),
        () ->
            operatorClient
                .secrets()
                .inNamespace(otherNs)
                .resource(new SecretBuilder().withNewMetadata().withName("x").endMetadata().build())
                .create());
  }

  /** Each call is refused by RBAC (HTTP 403). */
  private static void assertForbidden(Runnable... calls) {
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  /**
   * The chart's RBAC lets the operator watch its key ring by name, and nothing else in its
   * namespace.
   */
  @Test
  void theKeyRingDeletedWhileTheOperatorRunsIsWrittenBackAtOnce() {
    var ring = cp.admin().secrets().inNamespace(operatorNs).withName("om-secrets-operator-keys");
    Map<String, String> keys = ring.get().getData();

    ring.delete();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(ring.get())
                    .isNotNull()
                    .satisfies(restored -> assertThat(restored.getData()).isEqualTo(keys)));
    assertForbidden(() -> operatorClient.secrets().inNamespace(operatorNs).list());
  }

  @Test
  void kubectlGetOmsShowsTheSecretReadyAndReason() throws Exception {
    create(TestResources.withValue(ns, "shown", "bot/ingestion-bot/config/jwttoken", "t"));
    awaitReason("shown", "Synced");
    String table = cp.kubectl("get", "oms", "-n", ns, "shown");
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "SECRET", "READY", "REASON", "AGE");
    assertThat(table.lines().skip(1).findFirst().orElseThrow().split("\\s+"))
        .startsWith("shown", "openmetadata-bot-ingestion-bot-config-jwttoken", "True", "Synced");
  }

  @Test
  void applyingTheSameResourceTwiceChangesNothing() throws Exception {
    String yaml =
        """
        apiVersion: secrets.open-metadata.org/v1alpha1
        kind: OpenMetadataSecret
        metadata: {name: gitops, namespace: %s}
        spec: {path: database/gitops/password, value: v, deletionPolicy: Retain}
        """
            .formatted(ns);
    String file = Files.writeString(Files.createTempFile("gitops", ".yaml"), yaml).toString();
    assertThat(cp.kubectl("apply", "--server-side", "-f", file)).contains("serverside-applied");
    awaitReason("gitops", "Synced");
    OpenMetadataSecret live = get("gitops");
    assertThat(live.getSpec().getImmutable()).as("no defaults written back").isNull();
    assertThat(live.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(live.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(live.getMetadata().getFinalizers())
        .containsExactly("secrets.open-metadata.org/retain");

    cp.kubectl("diff", "--server-side", "-f", file); // exit code 0: no difference (1 would throw)
    String before = live.getMetadata().getResourceVersion();
    cp.kubectl("apply", "--server-side", "-f", file);
    assertThat(get("gitops").getMetadata().getResourceVersion()).isEqualTo(before);
  }

  @Test
  void theKubectlPluginWorksThroughKubectl() throws Exception {
    create(TestResources.withValue(ns, "plugged", "database/plugged/password", "hidden-value"));
    awaitReason("plugged", "Synced");
    assertThat(cp.kubectl("plugin", "list")).contains("kubectl-om_secrets");
    String status = cp.kubectl("om-secrets", "status", "-n", ns);
    assertThat(status)
        .containsPattern("plugged\\s+openmetadata-database-plugged-password\\s+True\\s+Synced")
        .doesNotContain("hidden-value");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(cp.kubectl("om-secrets", "describe", "-n", ns, "plugged"))
                    .contains(
                        "Readers:       Role om-secrets-readers -> [ServiceAccount:"
                            + ns
                            + "/ingestion]")
                    .doesNotContain("hidden-value"));
    assertThat(cp.kubectl("om-secrets", "diff", "-n", ns, "plugged", "--allow-plaintext"))
        .contains("in sync");
  }

  @Test
  void theOpenMetadataServerIdentityWritesResourcesButNoSecrets() {
    try (KubernetesClient server = cp.clientAs(ns, "openmetadata")) {
      server
          .resource(TestResources.withValue(ns, "from-server", "database/srv/password", "p"))
          .create();
      awaitReason("from-server", "Synced");
      assertForbidden(
          () ->
              server.secrets().inNamespace(ns).withName("openmetadata-database-srv-password").get(),
          () -> server.secrets().inNamespace(ns).list(),
          () ->
              server
                  .secrets()
                  .inNamespace(ns)
                  .resource(
                      new SecretBuilder()
                          .withNewMetadata()
                          .withName("openmetadata-x")
                          .endMetadata()
                          .build())
                  .create());
    }
  }

  @Test
  void aSealedResourceAsCommittedToGitBecomesTheRightSecret() throws Exception {
    String cert =
        cp.admin()
            .configMaps()
            .inNamespace(operatorNs)
            .withName("om-secrets-operator-cert")
            .get()
            .getData()
            .get("cert.pem");
    Path certFile = Files.createTempFile("cert", ".pem");
    Files.writeString(certFile, cert);
    // The seal command, as a person would run it, reading the value from stdin.
    Process seal =
        new ProcessBuilder(
                "java",
                "-jar",
                "target/om-secrets-operator.jar",
                "seal",
                "--cert",
                certFile.toString(),
                "-n",
                ns,
                "--name",
                "sealed",
                "--path",
                "database/sealed/password")
            .start();
    seal.getOutputStream().write("from-git\n".getBytes(StandardCharsets.UTF_8));
    seal.getOutputStream().close();
    String yaml = new String(seal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(seal.waitFor()).isZero();
    assertThat(yaml).doesNotContain("from-git");

    cp.kubectl(
        "apply", "-f", Files.writeString(Files.createTempFile("oms", ".yaml"), yaml).toString());

    awaitReason("sealed", "Synced");
    assertThat(value(secret("openmetadata-database-sealed-password"))).isEqualTo("from-git");
    assertThat(get("sealed").getStatus().getValueFingerprint()).matches("[0-9a-f]{16}");
  }

  @Test
  void theReaderIdentityCanGetExactlyTheManagedSecrets() {
    create(TestResources.withValue(ns, "readable", "database/read/password", "for-ingestion"));
    awaitReason("readable", "Synced");
    cp.admin()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace(ns)
                .endMetadata()
                .withData(Map.of("k", "dg=="))
                .build())
        .create();
    try (KubernetesClient ingestion = cp.clientAs(ns, "ingestion")) {
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          value(
                              ingestion
                                  .secrets()
                                  .inNamespace(ns)
                                  .withName("openmetadata-database-read-password")
                                  .get()))
                      .isEqualTo("for-ingestion"));
      assertForbidden(
          () -> ingestion.secrets().inNamespace(ns).withName("unrelated").get(),
          () -> ingestion.secrets().inNamespace(ns).list(),
          () ->
              ingestion
                  .secrets()
                  .inNamespace(ns)
                  .resource(
                      new SecretBuilder()
                          .withNewMetadata()
                          .withName("openmetadata-y")
                          .endMetadata()
                          .build())
                  .create());
    }
    var role = cp.admin().rbac().roles().inNamespace(ns).withName("om-secrets-readers").get();
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getVerbs()).containsExactly("get");
              assertThat(rule.getResourceNames())
                  .contains("openmetadata-database-read-password")
                  .doesNotContain("unrelated");
            });
  }

  @Test
  void aSecretWithACopiedLabelAndOwnerReferenceIsNeitherReadableNorTouched() {
    create(TestResources.withValue(ns, "owner", "database/owner/password", "owner-value"));
    awaitReason("owner", "Synced");
    String genuine = "openmetadata-database-owner-password";
    // Someone who may create Secrets but not read them copies the operator's label and the owner's
    // reference (its
    // name and UID are readable) onto Secrets of their own: one of an unrelated name, one of
    // another path's name.
    Secret template = secret(genuine);
    Secret unrelated = cp.admin().resource(forgery(template, "payroll-db-creds")).create();
    Secret squatter =
        cp.admin().resource(forgery(template, "openmetadata-database-victim-password")).create();
    create(TestResources.withValue(ns, "victim", "database/victim/password", "victim-value"));
    awaitReason("victim", "Conflict");
    assertThat(get("victim").getStatus().getConditions())
        .anySatisfy(
            c ->
                assertThat(c.getMessage())
                    .contains(
                        "names OpenMetadataSecret owner as its controller but is not the Secret the operator writes for it"));
    // A later Secret makes the operator write the reader Role again, with both forgeries in its
    // cache by then.
    create(TestResources.withValue(ns, "later", "database/later/password", "later-value"));
    awaitReason("later", "Synced");

    try (KubernetesClient ingestion = cp.clientAs(ns, "ingestion")) {
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          value(
                              ingestion
                                  .secrets()
                                  .inNamespace(ns)
                                  .withName("openmetadata-database-later-password")
                                  .get()))
                      .isEqualTo("later-value"));
      assertThat(value(ingestion.secrets().inNamespace(ns).withName(genuine).get()))
          .isEqualTo("owner-value");
      assertForbidden(
          () -> ingestion.secrets().inNamespace(ns).withName("payroll-db-creds").get(),
          () ->
              ingestion
                  .secrets()
                  .inNamespace(ns)
                  .withName("openmetadata-database-victim-password")
                  .get());
    }
    assertThat(
            cp.admin()
                .rbac()
                .roles()
                .inNamespace(ns)
                .withName("om-secrets-readers")
                .get()
                .getRules())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getResourceNames())
                    .contains(genuine)
                    .doesNotContain("payroll-db-creds", "openmetadata-database-victim-password"));

    // Drift of the genuine Secret is still repaired, and that reconciliation of its owner leaves
    // the forgeries be.
    cp.admin()
        .secrets()
        .inNamespace(ns)
        .withName(genuine)
        .edit(s -> new SecretBuilder(s).withData(Map.of("value", "d3Jvbmc=")).build());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(value(secret(genuine))).isEqualTo("owner-value"));
    for (Secret forged : new Secret[] {unrelated, squatter}) {
      Secret now = secret(forged.getMetadata().getName());
      assertThat(now.getMetadata().getResourceVersion())
          .isEqualTo(forged.getMetadata().getResourceVersion());
      assertThat(now.getData()).isEqualTo(forged.getData());
    }
  }

  /**
   * A Secret of {@code name} carrying {@code genuine}'s labels and ownerReference, and a value of
   * its own.
   */
  private static Secret forgery(Secret genuine, String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(genuine.getMetadata().getLabels())
        .withOwnerReferences(genuine.getMetadata().getOwnerReferences())
        .endMetadata()
        .withData(Map.of("value", "Zm9yZ2Vk"))
        .build();
  }
}
