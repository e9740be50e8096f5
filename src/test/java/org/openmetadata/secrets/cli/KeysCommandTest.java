package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.demo.MockApiServer;
import org.openmetadata.secrets.keys.KeyRingStore;

/** `keys`, `keys retire` and `keys restore` against the mock API server and a two-key ring. */
class KeysCommandTest {

  private static final String OPERATOR_NS = "om-secrets-operator";
  private static final String NS = "openmetadata";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String FORBIDDEN =
      "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}";

  private final MockApiServer server = new MockApiServer();
  private final KubernetesClient client = server.createClient();
  private String out = "";
  private String err = "";
  @TempDir Path dir;
  private KeyRing.SealingKey old;
  private KeyRing.SealingKey active;

  @BeforeEach
  void ringWithARotation() {
    KeyRingStore.open(client, OPERATOR_NS, Duration.ofDays(30), clock(T0), false, Optional::empty)
        .close();
    KeyRingStore rotated =
        KeyRingStore.open(
            client,
            OPERATOR_NS,
            Duration.ofDays(30),
            clock(T0.plus(Duration.ofDays(31))),
            false,
            Optional::empty);
    rotated.close();
    old = rotated.current().keys().get(0);
    active = rotated.current().active();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  private static Clock clock(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private int run(String... args) {
    Cli.Result result = Cli.run(new MockApiFactory(server), args);
    out = result.out();
    err = result.err();
    return result.exitCode();
  }

  private static String sealed(KeyRing.SealingKey key, String ns, String name) {
    return Sealer.seal(
        key.pair().getPublic(), new Scope(ns, name, "p"), "v".getBytes(StandardCharsets.UTF_8));
  }

  private void resource(String name, KeyRing.SealingKey key) {
    OpenMetadataSecret resource = new OpenMetadataSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(NS);
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath("p");
    spec.setEncryptedValue(sealed(key, NS, name));
    resource.setSpec(spec);
    client.resource(resource).create();
  }

  private Path file(String relative, String content) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static String document(String name, KeyRing.SealingKey key) {
    return "apiVersion: secrets.open-metadata.org/v1alpha1\n"
        + "kind: OpenMetadataSecret\n"
        + "metadata:\n  name: "
        + name
        + "\n  namespace: "
        + NS
        + "\nspec:\n  path: p\n  encryptedValue: "
        + sealed(key, NS, name)
        + "\n";
  }

  @Test
  void listsThePublishedRingWithTheResourcesAndFilesSealedToEachKey() throws Exception {
    resource("a", old);
    resource("b", active);
    resource("c", active);
    file("apps/db.yaml", document("a", old) + "---\n" + document("b", old));
    file("apps/deep/other.yml", document("c", active));
    file("README.txt", document("d", old));

    assertThat(run("keys", "-n", NS, "-f", dir.toString())).isZero();

    assertThat(out)
        .contains(
            String.format(
                "%-16s  %-9s  %-20s  %-11s  %9s  %5s%n",
                "ID", "ALGORITHM", "CREATED", "ACTIVE", "RESOURCES", "FILES"),
            String.format(
                "%-16s  %-9s  %-20s  %-11s  %9s  %5s%n", old.id(), "X25519", T0, "no", 1, 2),
            String.format(
                "%-16s  %-9s  %-20s  %-11s  %9s  %5s%n",
                active.id(), "X25519", T0.plus(Duration.ofDays(31)), "yes", 2, 1),
            "resources counted in: " + NS);
  }

  @Test
  void aNamespaceTheUserMayNotListIsNamedAsNotCounted() {
    server
        .expect()
        .get()
        .withPath(
            "/apis/secrets.open-metadata.org/v1alpha1/namespaces/"
                + NS
                + "/openmetadatasecrets?limit=500")
        .andReturn(403, FORBIDDEN)
        .always();
    assertThat(run("keys", "-n", NS)).isZero();
    assertThat(out)
        .contains("resources counted in: none", "not counted (forbidden to list): " + NS);
  }

  @Test
  void withoutAClusterWideListAllNamespacesAreCountedOneByOne() {
    resource("a", old);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("private").endMetadata().build())
        .create();
    server
        .expect()
        .get()
        .withPath("/apis/secrets.open-metadata.org/v1alpha1/openmetadatasecrets?limit=500")
        .andReturn(403, FORBIDDEN)
        .always();
    server
        .expect()
        .get()
        .withPath(
            "/apis/secrets.open-metadata.org/v1alpha1/namespaces/private/openmetadatasecrets?limit=500")
        .andReturn(403, FORBIDDEN)
        .always();

    assertThat(run("keys", "-A")).isZero();

    assertThat(out)
        .contains(
            String.format("%-16s  %-9s  %-20s  %-11s  %9s%n", old.id(), "X25519", T0, "no", 1),
            "resources counted in: " + NS + System.lineSeparator(),
            "not counted (forbidden to list): private");
  }

  @Test
  void theActiveKeyIsNeverRetired() {
    assertThat(run("keys", "retire", active.id(), "--backup", dir.resolve("b.yaml").toString()))
        .isEqualTo(1);
    assertThat(err.strip())
        .isEqualTo(
            "error: key "
                + active.id()
                + " is the active key: every new value is sealed to it, so it is never retired"
                + " (a rotation makes a new active key)");
    assertThat(dir.resolve("b.yaml")).doesNotExist();
  }

  @Test
  void aKeyStillSealingAResourceOrAFileIsNotRetiredAndTheHoldersAreListed() throws Exception {
    resource("a", old);
    resource("b", active);
    Path yaml = file("apps/db.yaml", document("x", old));
    Path backup = dir.resolve("backup.yaml");

    assertThat(run("keys", "retire", old.id(), "--backup", backup.toString(), "-f", dir.toString()))
        .isEqualTo(1);

    assertThat(err)
        .isEqualTo(
            "error: key "
                + old.id()
                + " is still needed: these are sealed to it (or cannot be checked); seal them again"
                + " with the active key, then retry:"
                + System.lineSeparator()
                + "  resource "
                + NS
                + "/a"
                + System.lineSeparator()
                + "  file "
                + yaml
                + " ("
                + NS
                + "/x)"
                + System.lineSeparator());
    assertThat(backup).doesNotExist();
    assertThat(ringData()).containsKey(old.id() + ".key");
  }

  @Test
  void anExistingBackupFileIsNeverOverwritten() throws Exception {
    Path backup = file("backup.yaml", "precious");
    assertThat(run("keys", "retire", old.id(), "--backup", backup.toString())).isEqualTo(1);
    assertThat(err.strip())
        .isEqualTo(
            "error: "
                + backup
                + " exists; name a new file for the backup (one is never overwritten)");
    assertThat(Files.readString(backup)).isEqualTo("precious");
    assertThat(ringData()).containsKey(old.id() + ".key");
  }

  @Test
  void retiringNeedsAClusterWideList() {
    server
        .expect()
        .get()
        .withPath("/apis/secrets.open-metadata.org/v1alpha1/openmetadatasecrets?limit=500")
        .andReturn(403, FORBIDDEN)
        .always();
    Path backup = dir.resolve("backup.yaml");
    assertThat(run("keys", "retire", old.id(), "--backup", backup.toString())).isEqualTo(1);
    assertThat(err.strip())
        .isEqualTo(
            "error: cannot list OpenMetadataSecrets in all namespaces (HTTP 403): a key is retired"
                + " only when no resource in any namespace is sealed to it, and the namespaces you"
                + " cannot list may hold some; run this as someone who may list them cluster-wide");
    assertThat(backup).doesNotExist();
    assertThat(ringData()).containsKey(old.id() + ".key");
  }

  @Test
  void retiringWritesThePrivateBackupFirstRecordsAnEventAndRestoreTakesTheBackup()
      throws Exception {
    resource("b", active);
    Map<String, String> before = ringData();
    Path backup = dir.resolve("backup.yaml");

    assertThat(run("keys", "retire", old.id(), "--backup", backup.toString())).isZero();

    assertThat(out)
        .contains("retired key " + old.id() + " from " + OPERATOR_NS + "/om-secrets-operator-keys");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(backup)).contains(before.get(old.id() + ".key"));
    assertThat(ringData())
        .doesNotContainKeys(old.id() + ".key", old.id() + ".created")
        .containsKey(old.id() + ".retired")
        .containsEntry(active.id() + ".key", before.get(active.id() + ".key"));
    Event event =
        client.v1().events().inNamespace(OPERATOR_NS).list().getItems().stream()
            .filter(e -> "KeyRetired".equals(e.getReason()))
            .findFirst()
            .orElseThrow();
    assertThat(event.getInvolvedObject().getName()).isEqualTo("om-secrets-operator-keys");
    assertThat(event.getMessage()).contains(old.id()).doesNotContain(before.get(old.id() + ".key"));

    assertThat(run("keys", "restore", backup.toString())).isZero();
    assertThat(out.strip())
        .isEqualTo("restored key " + old.id() + " to " + OPERATOR_NS + "/om-secrets-operator-keys");
    assertThat(ringData())
        .containsEntry(old.id() + ".key", before.get(old.id() + ".key"))
        .containsKey(old.id() + ".restored")
        .doesNotContainKey(old.id() + ".retired");
  }

  private Map<String, String> ringData() {
    return client
        .secrets()
        .inNamespace(OPERATOR_NS)
        .withName(KeyRingStore.SECRET_NAME)
        .get()
        .getData();
  }
}
