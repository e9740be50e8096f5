package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ResealItem;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.api.ResealRequestSpec;
import org.openmetadata.secrets.api.ResealResult;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.cli.Main;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.reseal.ResealAnswer;
import org.openmetadata.secrets.runtime.OperatorRuntime;
import org.slf4j.LoggerFactory;

/**
 * Re-sealing on a real API server, the operator running as its ServiceAccount with the chart's RBAC
 * and the CLI as a user bound to the chart's resealer Role only: the rotation, re-seal and apply
 * steps of docs/sealing.md, and every refusal, with no value in any log line, event or status. The
 * rotation comes first ({@link Order}); the other tests re-seal values sealed to the old key.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResealIT {

  private static final KeyRing OLD = KeyRing.generate(Instant.parse("2020-01-01T00:00:00Z"));
  private static final String CANARY = "canary-reseal-" + System.nanoTime();

  /** Another cluster's operator, whose key this one's administrator trusts. */
  private static final KeyRing OTHER_CLUSTER = KeyRing.generate(Instant.now());

  private static ControlPlane cp;
  private static String ns;
  private static String otherNs;
  private static String operatorNs;
  private static KubernetesClient operatorClient;
  private static OperatorRuntime operator;
  private static Path resealerKubeconfig;
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  @TempDir Path dir;
  private String out;
  private String err;

  @BeforeAll
  static void operatorWithAnOldKeyAndAResealer(ControlPlane controlPlane) throws Exception {
    cp = controlPlane;
    ns = cp.createNamespace("team-a");
    otherNs = cp.createNamespace("team-b");
    operatorNs = cp.createNamespace("om-system");
    cp.installChartRbac(operatorNs, ns + "," + otherNs);
    // The CLI's user holds the chart's resealer Role in ns and nothing else.
    cp.admin()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("resealers")
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", Helm.RELEASE + "-resealer")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("ci")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    resealerKubeconfig = cp.kubeconfigAs(ns, "ci");

    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LOGS.setContext(context);
    LOGS.start();
    context.getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME).addAppender(LOGS);

    cp.admin().resource(TestResources.keyRingSecret(operatorNs, OLD)).create();
    operatorClient = cp.clientAs(operatorNs, "om-secrets-operator");
    // Rotation off at first: the values below are applied while the old key is active.
    operator = start("0");
  }

  private static OperatorRuntime start(String rotationDays) {
    return OperatorRuntime.start(
        ControlPlane.operatorConfig(
            ns + "," + otherNs,
            operatorNs,
            "OM_SM_KEY_ROTATION_DAYS",
            rotationDays,
            "OM_SM_TRUSTED_RECIPIENTS",
            Pem.publicKey(OTHER_CLUSTER.active().pair().getPublic())),
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
    ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME)
        .detachAppender(LOGS);
  }

  /** After every test: the canary value appears in no log line, event or resource status. */
  @AfterEach
  void noValueAnywhere() {
    String b64 = Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    synchronized (LOGS) {
      LOGS.list.forEach(e -> lines.add(e.getFormattedMessage() + " " + e.getThrowableProxy()));
    }
    assertThat(lines).noneMatch(l -> l.contains(CANARY) || l.contains(b64.substring(0, 16)));
    for (String namespace : List.of(ns, otherNs)) {
      assertThat(Serialization.asJson(cp.admin().v1().events().inNamespace(namespace).list()))
          .doesNotContain(CANARY)
          .doesNotContain(b64.substring(0, 16));
      assertThat(
              Serialization.asJson(
                  cp.admin().resources(OpenMetadataSecret.class).inNamespace(namespace).list()))
          .doesNotContain(CANARY);
    }
  }

  private static String seal(KeyRing ring, String namespace, String name, String path) {
    return Sealer.seal(
        ring.active().pair().getPublic(),
        new Scope(namespace, name, path),
        CANARY.getBytes(StandardCharsets.UTF_8));
  }

  private static String manifest(String namespace, String name, String path, String sealed) {
    return """
        # %s's value, sealed
        apiVersion: secrets.open-metadata.org/v1alpha1
        kind: OpenMetadataSecret
        metadata:
          name: %s
          namespace: %s
        spec:
          path: %s   # OpenMetadata's path
          encryptedValue: %s
        """
        .formatted(name, name, namespace, path, sealed);
  }

  /** The CLI in this JVM, as the resealer (or, with a kubeconfig, someone else); its exit code. */
  private int reseal(Path kubeconfig, String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("reseal", "--kubeconfig", kubeconfig.toString()));
    all.addAll(List.of(args));
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return Main.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      out = o.toString(StandardCharsets.UTF_8);
      err = e.toString(StandardCharsets.UTF_8);
    }
  }

  /** The oms_sealed_values lines of the operator's /metrics. */
  private static String sealedValuesGauge() throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return String.join(
        "\n", metrics.lines().filter(l -> l.startsWith("oms_sealed_values{")).toList());
  }

  private static String sealedIn(String manifest) {
    return manifest
        .lines()
        .filter(l -> l.startsWith("  encryptedValue: "))
        .findFirst()
        .orElseThrow()
        .substring("  encryptedValue: ".length());
  }

  private static String activeKeyId() {
    return KeyIds.of(TestResources.publishedKey(cp.admin(), operatorNs));
  }

  private static String secretValue(String name) {
    return new String(
        Base64.getDecoder()
            .decode(
                cp.admin().secrets().inNamespace(ns).withName(name).get().getData().get("value")),
        StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void rotateResealApply_theFileNamesTheNewKeyAndTheSecretKeepsItsValue() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("mysql.yaml"),
            manifest(
                ns,
                "mysql",
                "database/mysql/password",
                seal(OLD, ns, "mysql", "database/mysql/password")));
    cp.apply(Files.readString(file));
    cp.awaitReason(ns, "mysql", "Synced");
    assertThat(secretValue("openmetadata-database-mysql-password")).isEqualTo(CANARY);

    // Rotation: the old key is years old, so a start with the default period adds a new one.
    operator.close();
    operator = start("30");
    String active = activeKeyId();
    assertThat(active).isNotEqualTo(OLD.active().id());

    String gaugeBefore = sealedValuesGauge();
    assertThat(gaugeBefore)
        .contains("oms_sealed_values{key_id=\"" + OLD.active().id() + "\"} 1.0")
        .contains("oms_sealed_values{key_id=\"" + active + "\"} 0.0");

    String before = Files.readString(file);
    assertThat(reseal(resealerKubeconfig, "-f", dir.toString())).as(err).isZero();
    String after = Files.readString(file);
    String resealed = sealedIn(after);
    assertThat(resealed).startsWith("oms:v2:" + active + ":");
    assertThat(after)
        .as("only the sealed value changed")
        .isEqualTo(before.replace(sealedIn(before), resealed));
    assertThat(out).contains(ns + "/mysql: re-sealed");

    long generation =
        cp.admin()
            .resources(OpenMetadataSecret.class)
            .inNamespace(ns)
            .withName("mysql")
            .get()
            .getMetadata()
            .getGeneration();
    cp.apply(after);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              OpenMetadataSecret applied =
                  cp.admin()
                      .resources(OpenMetadataSecret.class)
                      .inNamespace(ns)
                      .withName("mysql")
                      .get();
              assertThat(applied.getMetadata().getGeneration()).isGreaterThan(generation);
              assertThat(applied.getStatus().getObservedGeneration())
                  .isEqualTo(applied.getMetadata().getGeneration());
            });
    cp.awaitReason(ns, "mysql", "Synced");
    assertThat(secretValue("openmetadata-database-mysql-password")).isEqualTo(CANARY);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(sealedValuesGauge())
                    .contains("oms_sealed_values{key_id=\"" + active + "\"} 1.0")
                    .contains("oms_sealed_values{key_id=\"" + OLD.active().id() + "\"} 0.0"));
    System.out.println("oms_sealed_values before re-sealing:\n" + gaugeBefore);
    System.out.println("oms_sealed_values after:\n" + sealedValuesGauge());

    // Again: everything is current now, and the file does not change.
    assertThat(reseal(resealerKubeconfig, "-f", file.toString())).isZero();
    assertThat(Files.readString(file)).isEqualTo(after);
    assertThat(out).contains("/mysql: already current");
  }

  @Test
  void tamperedAndWrongScopeValuesAreRefusedAndTheirFilesStayByteIdentical() throws Exception {
    String good = seal(OLD, ns, "pg", "database/pg/password");
    String tampered =
        good.substring(0, good.length() - 6) + (good.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    Path tamperedFile =
        Files.writeString(
            dir.resolve("tampered.yaml"), manifest(ns, "pg", "database/pg/password", tampered));
    Path otherName =
        Files.writeString(
            dir.resolve("other-name.yaml"),
            manifest(
                ns, "pg", "database/pg/password", seal(OLD, ns, "not-pg", "database/pg/password")));
    Path otherNamespace =
        Files.writeString(
            dir.resolve("other-namespace.yaml"),
            manifest(
                ns,
                "pg",
                "database/pg/password",
                seal(OLD, otherNs, "pg", "database/pg/password")));
    Map<Path, byte[]> before = new java.util.HashMap<>();
    for (Path f : List.of(tamperedFile, otherName, otherNamespace)) {
      before.put(f, Files.readAllBytes(f));
    }

    assertThat(reseal(resealerKubeconfig, "-f", dir.toString())).isEqualTo(1);

    for (Path f : before.keySet()) {
      assertThat(Files.readAllBytes(f)).as(f.toString()).isEqualTo(before.get(f));
    }
    assertThat(out.lines().filter(l -> l.contains(": refused (")))
        .hasSize(3)
        .allMatch(
            l ->
                l.endsWith(
                    ns
                        + "/pg: refused (encryptedValue does not open for "
                        + ns
                        + "/pg (path database/pg/password): tampered, truncated, or sealed for another"
                        + " resource)"));
    assertThat(cp.admin().resources(ResealRequest.class).inNamespace(ns).list().getItems())
        .as("the CLI deleted its requests")
        .isEmpty();
  }

  @Test
  void aRequestInOneNamespaceCannotReSealAValueSealedForAnother() {
    ResealRequest request = new ResealRequest();
    request.setMetadata(new ObjectMetaBuilder().withName("cross").withNamespace(ns).build());
    ResealRequestSpec spec = new ResealRequestSpec();
    spec.setItems(
        List.of(
            new ResealItem("pg", "p", seal(OLD, otherNs, "pg", "p")),
            new ResealItem("pg", "p", seal(OLD, ns, "pg", "p"))));
    request.setSpec(spec);
    cp.admin().resource(request).create();

    ResealRequest answered =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cp.admin()
                        .resources(ResealRequest.class)
                        .inNamespace(ns)
                        .withName("cross")
                        .get(),
                ResealAnswer::answered);

    assertThat(answered.getStatus().getItems())
        .extracting(ResealResult::getOutcome)
        .containsExactly(ResealResult.Outcome.Refused, ResealResult.Outcome.Resealed);
    assertThat(answered.getStatus().getItems().get(0).getMessage())
        .contains("does not open for " + ns + "/pg (path p)");
    assertThat(Serialization.asJson(answered.getStatus())).doesNotContain(CANARY);
    cp.admin().resource(answered).delete();
  }

  @Test
  void inClusterUpdatesOnlyTheEncryptedValue() {
    OpenMetadataSecret live =
        TestResources.withEncryptedValue(
            ns, "live", "database/live/password", seal(OLD, ns, "live", "database/live/password"));
    live.getMetadata().setLabels(Map.of("team", "data"));
    live.getMetadata().setAnnotations(Map.of("note", "kept"));
    cp.admin().resource(live).create();
    cp.awaitReason(ns, "live", "Synced");
    OpenMetadataSecret before =
        cp.admin().resources(OpenMetadataSecret.class).inNamespace(ns).withName("live").get();

    assertThat(reseal(cp.kubeconfig(), "--in-cluster", "-n", ns)).as(err).isZero();

    OpenMetadataSecret after =
        cp.admin().resources(OpenMetadataSecret.class).inNamespace(ns).withName("live").get();
    assertThat(after.getSpec().getEncryptedValue()).startsWith("oms:v2:" + activeKeyId() + ":");
    before.getSpec().setEncryptedValue(after.getSpec().getEncryptedValue());
    assertThat(Serialization.asJson(after.getSpec()))
        .isEqualTo(Serialization.asJson(before.getSpec()));
    assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
    assertThat(after.getMetadata().getAnnotations())
        .isEqualTo(before.getMetadata().getAnnotations());
    assertThat(err).contains("reverted to the sealed values in Git");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        cp.admin()
                            .resources(OpenMetadataSecret.class)
                            .inNamespace(ns)
                            .withName("live")
                            .get()
                            .getStatus()
                            .getObservedGeneration())
                    .isEqualTo(after.getMetadata().getGeneration()));
    cp.awaitReason(ns, "live", "Synced");
    assertThat(secretValue("openmetadata-database-live-password")).isEqualTo(CANARY);
  }

  @Test
  void aTrustedAddCertGivesAValueThatOpensHereAndInTheOtherClusterForTheSameScope()
      throws Exception {
    Path cert =
        Files.writeString(
            dir.resolve("other-cluster.pem"),
            Pem.publicKey(OTHER_CLUSTER.active().pair().getPublic()));
    Path file =
        Files.writeString(
            dir.resolve("shared.yaml"),
            manifest(
                ns,
                "shared",
                "database/shared/password",
                seal(OLD, ns, "shared", "database/shared/password")));

    assertThat(reseal(resealerKubeconfig, "-f", file.toString(), "--add-cert", cert.toString()))
        .as(err)
        .isZero();

    String resealed = sealedIn(Files.readString(file));
    assertThat(Sealer.keyIdsOf(resealed))
        .containsExactlyInAnyOrder(activeKeyId(), OTHER_CLUSTER.active().id());
    assertThat(
            Sealer.open(
                OTHER_CLUSTER, new Scope(ns, "shared", "database/shared/password"), resealed))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(CANARY);
    cp.apply(Files.readString(file));
    cp.awaitReason(ns, "shared", "Synced");
    assertThat(secretValue("openmetadata-database-shared-password")).isEqualTo(CANARY);
  }

  @Test
  void anUntrustedAddCertIsRefusedNamingItsKeyAndTheFileStaysByteIdentical() throws Exception {
    KeyRing stranger = KeyRing.generate(Instant.now());
    Path cert =
        Files.writeString(
            dir.resolve("stranger.pem"), Pem.publicKey(stranger.active().pair().getPublic()));
    Path file =
        Files.writeString(
            dir.resolve("redis.yaml"),
            manifest(
                ns,
                "redis",
                "database/redis/password",
                seal(OLD, ns, "redis", "database/redis/password")));
    byte[] before = Files.readAllBytes(file);

    assertThat(reseal(resealerKubeconfig, "-f", file.toString(), "--add-cert", cert.toString()))
        .isEqualTo(1);

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(out)
        .contains(
            "refused (recipient key "
                + stranger.active().id()
                + " is not trusted by the operator (OM_SM_TRUSTED_RECIPIENTS");
  }
}
