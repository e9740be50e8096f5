package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.cli.Cli;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.runtime.OperatorRuntime;
import org.slf4j.LoggerFactory;

/**
 * The key runbook of docs/sealing.md end to end on a real API server, with the operator running as
 * its ServiceAccount under the chart's RBAC: rotation, the usage gauge as values are re-sealed,
 * retirement refused then done with its backup and Event, the running operator keeping the key out,
 * a value sealed to it refused while its Secret stays, and the restore.
 */
@ExtendWith(ControlPlaneExtension.class)
class KeyLifecycleIT {

  private static final Pattern GAUGE =
      Pattern.compile("oms_sealed_values\\{key_id=\"([0-9a-f]+|unknown)\"} ([0-9.]+)");

  @TempDir Path dir;

  @Test
  void rotateSeeUsageResealRetireAndRestore(ControlPlane cp) throws Exception {
    String ns = cp.createNamespace("openmetadata");
    String operatorNs = cp.createNamespace("om-system");
    Helm.Result rendered =
        Helm.renderChart(
            Helm.RELEASE, "--namespace", operatorNs, "--set", "watchNamespaces={" + ns + "}");
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    assertThat(cp.applyRbac(Helm.parse(rendered.stdout())))
        .extracting(HasMetadata::getKind)
        .contains("ServiceAccount", "Role");

    // A ring whose only key is 40 days old: the operator rotates at start.
    KeyRing.SealingKey old = KeyRing.newKey(Instant.now().minus(Duration.ofDays(40)));
    cp.admin().resource(ring(operatorNs, old)).create();
    List<String> plaintexts = new ArrayList<>();
    KubernetesClient admin = cp.admin();
    admin.resource(sealed(ns, "a", old.pair().getPublic(), "a-one", plaintexts)).create();
    admin.resource(sealed(ns, "b", old.pair().getPublic(), "b-one", plaintexts)).create();

    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.setContext(context);
    logs.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
    try (KubernetesClient operatorClient = cp.clientAs(operatorNs, "om-secrets-operator");
        OperatorRuntime operator =
            OperatorRuntime.start(ControlPlane.operatorConfig(ns, operatorNs), operatorClient)) {
      var newer = Pem.parsePublicKey(publishedCert(cp, operatorNs));
      String newId = KeyIds.of(newer);
      assertThat(newId).isNotEqualTo(old.id());
      cp.awaitReason(ns, "a", "Synced");
      cp.awaitReason(ns, "b", "Synced");
      assertThat(gauge(operator)).containsEntry(old.id(), 2L).containsEntry(newId, 0L);
      assertThat(status(cp, ns, "a").getSealingKeyId()).isEqualTo(old.id());

      // Re-seal one holder to the new key: the gauge and its status move.
      reseal(cp, ns, "a", newer, "a-two", plaintexts);
      await()
          .untilAsserted(
              () ->
                  assertThat(gauge(operator)).containsEntry(old.id(), 1L).containsEntry(newId, 1L));
      await()
          .untilAsserted(() -> assertThat(status(cp, ns, "a").getSealingKeyId()).isEqualTo(newId));

      Path backup = dir.resolve("retired-key.yaml");
      Cli.Result refused = retire(cp, operatorNs, old.id(), backup);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err())
          .startsWith("error: key " + old.id() + " is still needed: ")
          .contains("  resource " + ns + "/b")
          .doesNotContain(ns + "/a");
      assertThat(backup).doesNotExist();

      reseal(cp, ns, "b", newer, "b-two", plaintexts);
      await().untilAsserted(() -> assertThat(gauge(operator)).containsEntry(old.id(), 0L));
      Cli.Result retired = retire(cp, operatorNs, old.id(), backup);
      assertThat(retired.exitCode()).as(retired.err()).isZero();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
          .isEqualTo("rw-------");
      assertThat(
              admin.v1().events().inNamespace(operatorNs).list().getItems().stream()
                  .filter(e -> "KeyRetired".equals(e.getReason()))
                  .map(e -> e.getInvolvedObject().getName() + ": " + e.getMessage()))
          .singleElement()
          .asString()
          .startsWith(KeyRingStore.SECRET_NAME + ": key " + old.id() + " retired");

      // The running operator takes the retirement (its key-age series goes) and never writes the
      // key back.
      await()
          .untilAsserted(
              () -> assertThat(operator.metrics().scrape()).doesNotContain("key_id=\"" + old.id()));
      assertThat(ringData(cp, operatorNs)).doesNotContainKey(old.id() + ".key");
      assertThat(
              admin
                  .configMaps()
                  .inNamespace(operatorNs)
                  .withName(KeyRingStore.CONFIG_MAP_NAME)
                  .get()
                  .getData())
          .doesNotContainKey(old.id() + ".pem");

      // A value sealed to the retired key: refused, naming it; the Secret keeps its last value.
      String secretName = status(cp, ns, "b").getSecretName();
      reseal(cp, ns, "b", old.pair().getPublic(), "b-three", plaintexts);
      cp.awaitReason(ns, "b", "DecryptionFailed");
      assertThat(Conditions.readyCondition(status(cp, ns, "b")).orElseThrow().getMessage())
          .startsWith("sealed with key " + old.id() + ", retired from the operator's key ring at ");
      assertThat(value(admin.secrets().inNamespace(ns).withName(secretName).get()))
          .startsWith("b-two-");
      assertThat(ringData(cp, operatorNs)).doesNotContainKey(old.id() + ".key");

      Cli.Result restored =
          Cli.run(
              "keys",
              "restore",
              backup.toString(),
              "--kubeconfig",
              cp.kubeconfig().toString(),
              "--operator-namespace",
              operatorNs);
      assertThat(restored.exitCode()).as(restored.err()).isZero();
      await().untilAsserted(() -> assertThat(gauge(operator)).containsKey(old.id()));
      reseal(cp, ns, "b", old.pair().getPublic(), "b-four", plaintexts);
      cp.awaitReason(ns, "b", "Synced");
      assertThat(value(admin.secrets().inNamespace(ns).withName(secretName).get()))
          .startsWith("b-four-");
    } finally {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
    }

    List<String> surfaces = new ArrayList<>();
    logs.list.forEach(e -> surfaces.add(e.getFormattedMessage()));
    admin
        .v1()
        .events()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(e -> surfaces.add(e.getMessage()));
    admin
        .resources(OpenMetadataSecret.class)
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(r -> surfaces.add(Serialization.asJson(r.getStatus())));
    assertThat(surfaces).isNotEmpty();
    for (String plaintext : plaintexts) {
      assertThat(surfaces).noneMatch(s -> s != null && s.contains(plaintext));
    }
  }

  private static Cli.Result retire(ControlPlane cp, String operatorNs, String keyId, Path backup) {
    return Cli.run(
        "keys",
        "retire",
        keyId,
        "--backup",
        backup.toString(),
        "--kubeconfig",
        cp.kubeconfig().toString(),
        "--operator-namespace",
        operatorNs);
  }

  private static Secret ring(String namespace, KeyRing.SealingKey key) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(KeyRingStore.SECRET_NAME)
        .withNamespace(namespace)
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(
                key.id() + ".key",
                b64.encodeToString(key.pair().getPrivate().getEncoded()),
                key.id() + ".created",
                b64.encodeToString(key.created().toString().getBytes(StandardCharsets.UTF_8)),
                "fingerprint.key",
                b64.encodeToString(new byte[32])))
        .build();
  }

  private static String unique(String value) {
    return value + "-" + System.nanoTime();
  }

  private static OpenMetadataSecret sealed(
      String ns, String name, PublicKey key, String value, List<String> plaintexts) {
    String plaintext = unique(value);
    plaintexts.add(plaintext);
    String path = "database/" + name + "/password";
    return TestResources.withEncryptedValue(
        ns,
        name,
        path,
        Sealer.seal(key, new Scope(ns, name, path), plaintext.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Seals {@code value} again for resource {@code name} to {@code key} and updates the resource.
   */
  private static void reseal(
      ControlPlane cp,
      String ns,
      String name,
      PublicKey key,
      String value,
      List<String> plaintexts) {
    OpenMetadataSecret next = sealed(ns, name, key, value, plaintexts);
    cp.admin()
        .resources(OpenMetadataSecret.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            r -> {
              r.getSpec().setEncryptedValue(next.getSpec().getEncryptedValue());
              return r;
            });
  }

  private static String publishedCert(ControlPlane cp, String operatorNs) {
    return cp.admin()
        .configMaps()
        .inNamespace(operatorNs)
        .withName(KeyRingStore.CONFIG_MAP_NAME)
        .get()
        .getData()
        .get(KeyRingStore.CERT_KEY);
  }

  private static Map<String, String> ringData(ControlPlane cp, String operatorNs) {
    return cp.admin()
        .secrets()
        .inNamespace(operatorNs)
        .withName(KeyRingStore.SECRET_NAME)
        .get()
        .getData();
  }

  private static OpenMetadataSecretStatus status(ControlPlane cp, String ns, String name) {
    return cp.admin()
        .resources(OpenMetadataSecret.class)
        .inNamespace(ns)
        .withName(name)
        .get()
        .getStatus();
  }

  private static String value(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
  }

  private static Map<String, Long> gauge(OperatorRuntime operator) {
    Map<String, Long> counts = new TreeMap<>();
    Matcher m = GAUGE.matcher(operator.metrics().scrape());
    while (m.find()) {
      counts.put(m.group(1), (long) Double.parseDouble(m.group(2)));
    }
    return counts;
  }
}
