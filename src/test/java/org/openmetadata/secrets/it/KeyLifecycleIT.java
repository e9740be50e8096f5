package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Secret;
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
import org.openmetadata.secrets.cli.Cli;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
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

  /** A row of the keys table: id, then (after algorithm, created, active) resources and files. */
  private static final Pattern KEYS_ROW =
      Pattern.compile("(?m)^([0-9a-f]{16})\\s+\\S+\\s+\\S+\\s+(?:yes|no)\\s+(\\d+)\\s+(\\d+)$");

  private static final Pattern GAUGE =
      Pattern.compile("oms_sealed_values\\{key_id=\"([0-9a-f]+|unknown)\"} ([0-9.]+)");

  @TempDir Path dir;

  @Test
  void rotateSeeUsageResealRetireAndRestore(ControlPlane cp) throws Exception {
    String ns = cp.createNamespace("openmetadata");
    String operatorNs = cp.createNamespace("om-system");
    cp.installChartRbac(operatorNs, ns);

    // A ring whose only key is 40 days old: the operator rotates at start.
    KeyRing.SealingKey old = KeyRing.newKey(Instant.now().minus(Duration.ofDays(40)));
    cp.admin()
        .resource(TestResources.keyRingSecret(operatorNs, new KeyRing(List.of(old), new byte[32])))
        .create();
    List<String> plaintexts = new ArrayList<>();
    KubernetesClient admin = cp.admin();
    // a is kept in Git (the file is what gets applied); b lives only in the cluster.
    Path gitops = Files.createDirectories(dir.resolve("gitops"));
    OpenMetadataSecret a = sealed(ns, "a", old.pair().getPublic(), "a-one", plaintexts);
    Files.writeString(gitops.resolve("a.yaml"), Serialization.asYaml(a));
    cp.apply(Files.readString(gitops.resolve("a.yaml")));
    admin.resource(sealed(ns, "b", old.pair().getPublic(), "b-one", plaintexts)).create();

    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.setContext(context);
    logs.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
    try (KubernetesClient operatorClient = cp.clientAs(operatorNs, "om-secrets-operator");
        OperatorRuntime operator =
            OperatorRuntime.start(
                ControlPlane.operatorConfig(ns, operatorNs, "OM_SM_RECHECK_SECONDS", "2"),
                operatorClient)) {
      var newer = TestResources.publishedKey(cp.admin(), operatorNs);
      String newId = KeyIds.of(newer);
      assertThat(newId).isNotEqualTo(old.id());
      cp.awaitReason(ns, "a", "Synced");
      cp.awaitReason(ns, "b", "Synced");
      assertThat(gauge(operator)).containsEntry(old.id(), 2L).containsEntry(newId, 0L);
      report("after the rotation at start", operator, old.id(), newId);
      assertThat(status(cp, ns, "a").getSealingKeyId()).isEqualTo(old.id());

      // 1. The rotation happened at start. 2. See what still uses the old key.
      assertThat(keyUsage(cp, operatorNs, ns, gitops))
          .containsEntry(old.id(), "2 1")
          .containsEntry(newId, "0 0");

      // 3. Re-seal: the Git file (then applied, as GitOps would), and what lives only in the
      // cluster. Neither value changes; the gauge, the status and the CLI's counts move.
      Cli.Result files = Cli.run(cliArgs(cp, "reseal", "-f", gitops.toString()));
      assertThat(files.exitCode()).as(files.err()).isZero();
      assertThat(Files.readString(gitops.resolve("a.yaml")))
          .contains("oms:v2:" + newId + ":")
          .doesNotContain(old.id());
      cp.apply(Files.readString(gitops.resolve("a.yaml")));
      await()
          .untilAsserted(
              () ->
                  assertThat(gauge(operator)).containsEntry(old.id(), 1L).containsEntry(newId, 1L));
      report("after reseal -f and apply", operator, old.id(), newId);
      await()
          .untilAsserted(() -> assertThat(status(cp, ns, "a").getSealingKeyId()).isEqualTo(newId));
      assertThat(value(admin.secrets().inNamespace(ns).withName(secretName(cp, ns, "a")).get()))
          .isEqualTo(plaintexts.get(0));
      assertThat(keyUsage(cp, operatorNs, ns, gitops))
          .containsEntry(old.id(), "1 0")
          .containsEntry(newId, "1 1");

      Path backup = dir.resolve("retired-key.yaml");
      Cli.Result refused = retire(cp, operatorNs, old.id(), backup, gitops);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err())
          .startsWith("error: key " + old.id() + " is still needed: ")
          .contains("  resource " + ns + "/b")
          .doesNotContain(ns + "/a");
      assertThat(backup).doesNotExist();

      Cli.Result live = Cli.run(cliArgs(cp, "reseal", "--in-cluster", "-n", ns));
      assertThat(live.exitCode()).as(live.err()).isZero();
      await().untilAsserted(() -> assertThat(gauge(operator)).containsEntry(old.id(), 0L));
      report("after reseal --in-cluster", operator, old.id(), newId);
      assertThat(value(admin.secrets().inNamespace(ns).withName(secretName(cp, ns, "b")).get()))
          .isEqualTo(plaintexts.get(1));
      Cli.Result retired = retire(cp, operatorNs, old.id(), backup, gitops);
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

      // 5. A value sealed to the retired key: refused, naming it; the Secret keeps its last value.
      String secretName = secretName(cp, ns, "b");
      replaceValue(cp, ns, "b", old.pair().getPublic(), "b-three", plaintexts);
      cp.awaitReason(ns, "b", "DecryptionFailed");
      assertThat(Conditions.readyCondition(status(cp, ns, "b")).orElseThrow().getMessage())
          .startsWith("sealed with key " + old.id() + ", retired from the operator's key ring at ");
      assertThat(value(admin.secrets().inNamespace(ns).withName(secretName).get()))
          .isEqualTo(plaintexts.get(1));
      assertThat(ringData(cp, operatorNs)).doesNotContainKey(old.id() + ".key");

      // Restored, the key opens what waited for it, with no edit and no restart.
      Cli.Result restored =
          Cli.run(
              cliArgs(
                  cp, "keys", "restore", backup.toString(), "--operator-namespace", operatorNs));
      assertThat(restored.exitCode()).as(restored.err()).isZero();
      await().untilAsserted(() -> assertThat(gauge(operator)).containsKey(old.id()));
      report("after restore", operator, old.id(), newId);
      cp.awaitReason(ns, "b", "Synced");
      assertThat(value(admin.secrets().inNamespace(ns).withName(secretName).get()))
          .isEqualTo(plaintexts.get(2));
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

  private static Cli.Result retire(
      ControlPlane cp, String operatorNs, String keyId, Path backup, Path gitops) {
    return Cli.run(
        cliArgs(
            cp,
            "keys",
            "retire",
            keyId,
            "--backup",
            backup.toString(),
            "-f",
            gitops.toString(),
            "--operator-namespace",
            operatorNs));
  }

  /** The CLI's arguments as the cluster's administrator runs it. */
  private static String[] cliArgs(ControlPlane cp, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", cp.kubeconfig().toString()));
    return all.toArray(String[]::new);
  }

  /**
   * {@code kubectl om-secrets keys -n NS -f GITOPS}: per key id, "RESOURCES FILES" as its table
   * says.
   */
  private static Map<String, String> keyUsage(
      ControlPlane cp, String operatorNs, String ns, Path gitops) {
    Cli.Result keys =
        Cli.run(
            cliArgs(
                cp, "keys", "-n", ns, "-f", gitops.toString(), "--operator-namespace", operatorNs));
    assertThat(keys.exitCode()).as(keys.err()).isZero();
    Map<String, String> usage = new TreeMap<>();
    Matcher row = KEYS_ROW.matcher(keys.out());
    while (row.find()) {
      usage.put(row.group(1), row.group(2) + " " + row.group(3));
    }
    return usage;
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
   * Seals a new {@code value} for resource {@code name} to {@code key} and updates the resource.
   */
  private static void replaceValue(
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

  private static Map<String, String> ringData(ControlPlane cp, String operatorNs) {
    return cp.admin()
        .secrets()
        .inNamespace(operatorNs)
        .withName(KeyRingStore.SECRET_NAME)
        .get()
        .getData();
  }

  private static String secretName(ControlPlane cp, String ns, String name) {
    return status(cp, ns, name).getSecretName();
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

  /** Prints the gauge's two series at a step of the runbook, for the record of a run. */
  private static void report(String step, OperatorRuntime operator, String old, String active) {
    Map<String, Long> counts = gauge(operator);
    System.out.printf(
        "oms_sealed_values %s: old key %s = %s, active key %s = %s%n",
        step, old, counts.get(old), active, counts.get(active));
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
