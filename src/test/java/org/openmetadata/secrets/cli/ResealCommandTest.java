package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.demo.MockApiServer;
import org.openmetadata.secrets.runtime.OperatorRuntime;
import picocli.CommandLine;

/**
 * reseal against the real operator on the mock API server: its key ring holds an old key and, after
 * the rotation at start, a new active one.
 */
class ResealCommandTest {

  private static final String NS = "team-a";
  private static final String OPERATOR_NS = "om-system";
  private static final KeyRing OLD = KeyRing.generate(Instant.parse("2020-01-01T00:00:00Z"));

  private static MockApiServer server;
  private static KubernetesClient client;
  private static OperatorRuntime operator;
  private static String activeKeyId;

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void operatorWithARotatedRing() {
    server = new MockApiServer();
    client = server.createClient();
    client.resource(TestResources.keyRingSecret(OPERATOR_NS, OLD)).create();
    operator =
        OperatorRuntime.start(
            OperatorConfig.from(
                Map.of(
                    "OM_SM_NAMESPACE",
                    NS,
                    "OM_SM_OPERATOR_NAMESPACE",
                    OPERATOR_NS,
                    "OM_SM_HTTP_PORT",
                    "0",
                    "OM_SM_HEALTH_PORT",
                    "0")),
            client);
    activeKeyId = KeyIds.of(publishedKey());
    assertThat(activeKeyId)
        .as("rotated at start: the old key is older than 30 days")
        .isNotEqualTo(OLD.active().id());
  }

  private static PublicKey publishedKey() {
    return TestResources.publishedKey(client, OPERATOR_NS);
  }

  @AfterAll
  static void stop() {
    operator.close();
    client.close();
    server.close();
  }

  private int reseal(String... args) {
    CommandLine cli = Main.commandLine(new MockApiFactory(server));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "reseal";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  private static String sealOld(String namespace, String name, String path) {
    return Sealer.seal(
        OLD.active().pair().getPublic(),
        new Scope(namespace, name, path),
        "p4ssw0rd".getBytes(StandardCharsets.UTF_8));
  }

  private static String manifest(String namespace, String name, String path, String sealed) {
    return "apiVersion: secrets.open-metadata.org/v1alpha1\n"
        + "kind: OpenMetadataSecret\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "  namespace: "
        + namespace
        + "   # the team's namespace\n"
        + "spec:\n"
        + "  path: "
        + path
        + "\n"
        + "  encryptedValue: "
        + sealed
        + "\n";
  }

  @Test
  void aMultiDocumentFileIsRewrittenInPlaceWithOnlyTheOldValueReplaced() throws Exception {
    String old = sealOld(NS, "mysql", "database/mysql/password");
    String current =
        Sealer.seal(
            publishedKey(),
            new Scope(NS, "airflow", "bot/airflow"),
            "x".getBytes(StandardCharsets.UTF_8));
    String text =
        "# sealed values of team-a\n"
            + manifest(NS, "mysql", "database/mysql/password", old)
            + "---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\ndata: {a: b}\n"
            + "--- # airflow\n"
            + manifest(NS, "airflow", "bot/airflow", "'" + current + "'");
    Path file = Files.writeString(dir.resolve("values.yaml"), text);

    assertThat(reseal("-f", dir.toString())).as(err.toString()).isZero();

    String rewritten = Files.readString(file);
    String resealed =
        rewritten
            .lines()
            .filter(l -> l.startsWith("  encryptedValue: oms:"))
            .findFirst()
            .orElseThrow()
            .substring("  encryptedValue: ".length());
    assertThat(resealed).startsWith("oms:v2:" + activeKeyId + ":");
    assertThat(rewritten).isEqualTo(text.replace(old, resealed));
    assertThat(out.toString())
        .contains(file + " team-a/mysql: re-sealed")
        .contains(file + " team-a/airflow: already current");
    assertThat(client.resources(ResealRequest.class).inNamespace(NS).list().getItems())
        .as("the CLI deletes its requests")
        .isEmpty();
  }

  @Test
  void aValueThatDoesNotOpenForItsScopeIsRefusedAndItsFileStaysByteIdentical() throws Exception {
    String otherNamespace = sealOld("team-b", "mysql", "database/mysql/password");
    String otherName = sealOld(NS, "postgres", "database/mysql/password");
    Path first =
        Files.writeString(
            dir.resolve("a.yaml"),
            manifest(NS, "mysql", "database/mysql/password", otherNamespace));
    Path second =
        Files.writeString(
            dir.resolve("b.yml"), manifest(NS, "mysql", "database/mysql/password", otherName));
    byte[] before1 = Files.readAllBytes(first);
    byte[] before2 = Files.readAllBytes(second);

    assertThat(reseal("-f", first.toString(), "-f", second.toString())).isEqualTo(1);

    assertThat(Files.readAllBytes(first)).isEqualTo(before1);
    assertThat(Files.readAllBytes(second)).isEqualTo(before2);
    assertThat(out.toString())
        .contains(
            first
                + " team-a/mysql: refused (encryptedValue does not open for team-a/mysql (path"
                + " database/mysql/password): tampered, truncated, or sealed for another resource)")
        .contains(second + " team-a/mysql: refused (encryptedValue does not open for team-a/mysql")
        .doesNotContain("p4ssw0rd");
  }

  @Test
  void aFoldedValueIsRefusedForItsFileWhichStaysByteIdentical() throws Exception {
    String old = sealOld(NS, "mysql", "p");
    String folded = old.substring(0, 40) + "\n    " + old.substring(40);
    Path file =
        Files.writeString(
            dir.resolve("folded.json.yaml"), manifest(NS, "mysql", "p", ">-\n    " + folded));
    byte[] before = Files.readAllBytes(file);

    assertThat(reseal("-f", file.toString())).isEqualTo(1);

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(err.toString()).contains("is not written on one line");
  }

  @Test
  void inClusterUpdatesOnlyTheEncryptedValueAndWarnsAboutGitOps() {
    OpenMetadataSecret resource = new OpenMetadataSecret();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName("live")
            .withNamespace(NS)
            .withLabels(Map.of("team", "data"))
            .build());
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath("database/live/password");
    spec.setEncryptedValue(sealOld(NS, "live", "database/live/password"));
    resource.setSpec(spec);
    client.resource(resource).create();

    assertThat(reseal("--in-cluster", "-n", NS)).as(err.toString()).isZero();

    OpenMetadataSecret after =
        client.resources(OpenMetadataSecret.class).inNamespace(NS).withName("live").get();
    assertThat(after.getSpec().getEncryptedValue()).startsWith("oms:v2:" + activeKeyId + ":");
    assertThat(after.getSpec().getPath()).isEqualTo("database/live/password");
    assertThat(after.getMetadata().getLabels()).containsEntry("team", "data");
    assertThat(out.toString()).contains("team-a/live: re-sealed");
    assertThat(err.toString()).contains("reverted to the sealed values in Git");
  }

  @Test
  void aNamespaceTheOperatorDoesNotServeGetsAClearMessageAndNoStrayRequest() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("x.yaml"), manifest("elsewhere", "m", "p", sealOld("elsewhere", "m", "p")));
    byte[] before = Files.readAllBytes(file);

    assertThat(reseal("-f", file.toString(), "--timeout", "2")).isEqualTo(2);

    assertThat(err.toString())
        .contains("the operator did not answer ResealRequest elsewhere/")
        .contains("does it serve namespace elsewhere");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(client.resources(ResealRequest.class).inNamespace("elsewhere").list().getItems())
        .isEmpty();
  }
}
