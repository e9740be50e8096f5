package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.demo.MockApiServer;
import org.openmetadata.secrets.keys.KeyRingStore;
import picocli.CommandLine;

class SealCommandTest {

  private static KeyRing ring;
  @TempDir static Path dir;
  private static Path cert;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void key() throws Exception {
    ring = KeyRing.generate(Instant.now());
    cert =
        Files.writeString(dir.resolve("cert.pem"), Pem.publicKey(ring.active().pair().getPublic()));
  }

  private static final Scope MYSQL = new Scope("openmetadata", "mysql", "database/mysql/password");

  /** Seals stdin for {@link #MYSQL} with these options (where the key comes from). */
  private int sealMysql(String stdin, String... options) {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-n", MYSQL.namespace(), "--name", MYSQL.name(), "--path", MYSQL.path()));
    return seal(stdin, args.toArray(String[]::new));
  }

  /** The kubeconfig's API server unless a test connects the commands to a mock one. */
  private CommandLine.IFactory factory = CommandLine.defaultFactory();

  private int seal(String stdin, String... args) {
    CommandLine cli = Main.commandLine(factory);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    ((SealCommand) cli.getSubcommands().get("seal").getCommand()).stdin =
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    String[] all = new String[args.length + 1];
    all[0] = "seal";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  @Test
  void printsACommitReadyResourceThatOpensForItsScopeOnly() throws Exception {
    assertThat(
            seal(
                "p4ssw0rd\n",
                "--cert",
                cert.toString(),
                "-n",
                "openmetadata",
                "--name",
                "mysql",
                "--path",
                "database/mysql/password",
                "--deletion-policy",
                "Retain"))
        .isZero();
    String yaml = out.toString();
    assertThat(yaml).doesNotContain("p4ssw0rd").doesNotContain("status").doesNotContain("value:");
    OpenMetadataSecret resource = Serialization.unmarshal(yaml, OpenMetadataSecret.class);
    assertThat(resource.getApiVersion()).isEqualTo("secrets.open-metadata.org/v1alpha1");
    assertThat(resource.getKind()).isEqualTo("OpenMetadataSecret");
    assertThat(resource.getMetadata().getNamespace()).isEqualTo("openmetadata");
    assertThat(resource.getSpec().getPath()).isEqualTo("database/mysql/password");
    assertThat(resource.getSpec().getDeletionPolicy()).hasToString("Retain");
    byte[] opened =
        Sealer.open(
            ring,
            new Scope("openmetadata", "mysql", "database/mysql/password"),
            resource.getSpec().getEncryptedValue());
    assertThat(new String(opened, StandardCharsets.UTF_8))
        .as("the newline echo adds is dropped")
        .isEqualTo("p4ssw0rd");
  }

  @Test
  void keepsTheTrailingNewlineWhenAsked() throws Exception {
    assertThat(
            seal(
                "line\n",
                "--cert",
                cert.toString(),
                "-n",
                "a",
                "--name",
                "b",
                "--path",
                "c",
                "--keep-trailing-newline"))
        .isZero();
    var resource = Serialization.unmarshal(out.toString(), OpenMetadataSecret.class);
    assertThat(Sealer.open(ring, new Scope("a", "b", "c"), resource.getSpec().getEncryptedValue()))
        .isEqualTo("line\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesAnEmptyValueAndABadKeyFile() throws Exception {
    assertThat(seal("", "--cert", cert.toString(), "-n", "a", "--name", "b", "--path", "c"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no value on stdin");
    Path bad = Files.writeString(dir.resolve("bad.pem"), "not a key");
    assertThat(seal("v", "--cert", bad.toString(), "-n", "a", "--name", "b", "--path", "c"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("not a PEM public key or certificate");
  }

  @Test
  void theValueCannotBeGivenOnTheCommandLine() {
    assertThat(
            seal(
                "v",
                "--cert",
                cert.toString(),
                "-n",
                "a",
                "--name",
                "b",
                "--path",
                "c",
                "--value",
                "x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Unknown options: '--value'");
  }

  @Test
  void withoutCertSealsToTheKeyTheOperatorPublishesThroughTheApiServerAndSaysWhichKey()
      throws Exception {
    try (MockApiServer server = new MockApiServer();
        KubernetesClient client = server.createClient()) {
      client
          .configMaps()
          .inNamespace("om-system")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(KeyRingStore.CONFIG_MAP_NAME)
                  .endMetadata()
                  .withData(Map.of(KeyRingStore.CERT_KEY, Files.readString(cert)))
                  .build())
          .create();
      factory = new MockApiFactory(server);

      assertThat(sealMysql("p4ssw0rd", "--operator-namespace", "om-system"))
          .as(err.toString())
          .isZero();

      assertThat(Sealer.open(ring, MYSQL, sealedValue()))
          .isEqualTo("p4ssw0rd".getBytes(StandardCharsets.UTF_8));
      assertThat(err.toString())
          .isEqualTo(sealedTo(ring, "ConfigMap om-system/" + KeyRingStore.CONFIG_MAP_NAME));
    }
  }

  @Test
  void withoutCertAndWithoutThePublishedKeySealsNothingAndSaysWhereItLooked() {
    try (MockApiServer server = new MockApiServer()) {
      factory = new MockApiFactory(server);

      assertThat(seal("v", "-n", "a", "--name", "b", "--path", "c")).isEqualTo(2);

      assertThat(out.toString()).isEmpty();
      assertThat(err.toString())
          .contains("ConfigMap om-secrets-operator/" + KeyRingStore.CONFIG_MAP_NAME)
          .contains("--operator-namespace");
    }
  }

  @Test
  void aKeyFromAFileIsNamedByItsIdToCompareWithThePublishedOne() {
    assertThat(seal("v", "--cert", cert.toString(), "-n", "a", "--name", "b", "--path", "c"))
        .isZero();
    assertThat(err.toString()).contains("sealed to key " + ring.active().id() + " from " + cert);
  }

  @Test
  void repeatedCertsSealOneValueThatEachClusterOpensAndNameEveryKey() throws Exception {
    KeyRing other = KeyRing.generate(Instant.now());
    Path otherCert =
        Files.writeString(
            dir.resolve("other-cert.pem"), Pem.publicKey(other.active().pair().getPublic()));
    assertThat(sealMysql("p4ssw0rd", "--cert", cert.toString(), "--cert", otherCert.toString()))
        .as(err.toString())
        .isZero();
    for (KeyRing cluster : new KeyRing[] {ring, other}) {
      assertThat(Sealer.open(cluster, MYSQL, sealedValue()))
          .isEqualTo("p4ssw0rd".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(err.toString())
        .isEqualTo(sealedTo(ring, cert.toString()) + sealedTo(other, otherCert.toString()));
  }

  @Test
  void repeatedCertsRefuseTheSameKeyTwiceAndNameABadFile() throws Exception {
    assertThat(sealMysql("v", "--cert", cert.toString(), "--cert", cert.toString())).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("error: key " + ring.active().id() + " is given twice" + System.lineSeparator());
    Path bad = Files.writeString(dir.resolve("second.pem"), "not a key");
    assertThat(sealMysql("v", "--cert", cert.toString(), "--cert", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("error: " + bad + ": not a PEM public key or certificate");
    assertThat(out.toString()).isEmpty();
  }

  private String sealedValue() {
    return Serialization.unmarshal(out.toString(), OpenMetadataSecret.class)
        .getSpec()
        .getEncryptedValue();
  }

  /** What seal says on stderr for each key it sealed to. */
  private static String sealedTo(KeyRing cluster, String source) {
    return "sealed to key " + cluster.active().id() + " from " + source + System.lineSeparator();
  }
}
