package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.bridge.Translation;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.demo.MockApiServer;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.reconciler.BreakerRecord;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/** The kubectl plugin's commands against the mock API server with the operator running. */
class PluginCommandsTest {

  private static final String NS = "openmetadata";
  private static final String OPERATOR_NS = "om-secrets-operator";
  private final MockApiServer server = new MockApiServer();
  private final KubernetesClient client = server.createClient();
  private OperatorRuntime operator;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;

  @BeforeEach
  void start() {
    operator =
        OperatorRuntime.start(
            OperatorConfig.from(
                Map.of(
                    "OM_SM_NAMESPACE",
                    NS,
                    "OM_SM_HTTP_PORT",
                    "0",
                    "OM_SM_HEALTH_PORT",
                    "0",
                    "OM_SM_OPERATOR_NAMESPACE",
                    OPERATOR_NS,
                    "OM_SM_ALLOW_PLAINTEXT",
                    "true",
                    "OM_SM_READER_SUBJECTS",
                    "ServiceAccount:airflow/worker#" + NS)),
            client);
  }

  @AfterEach
  void stop() {
    operator.close();
    client.close();
    server.close();
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    var cli = Main.commandLine(new MockApiFactory(server));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private void awaitReady(String name, String reason) {
    await()
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.readyCondition(
                                client
                                    .resources(OpenMetadataSecret.class)
                                    .inNamespace(NS)
                                    .withName(name)
                                    .get()
                                    .getStatus())
                            .map(c -> c.getReason()))
                    .contains(reason));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A Secret exactly as OpenMetadata's Kubernetes secrets manager writes it. */
  private Secret writtenByOpenMetadata(String name, String value) {
    return client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("app", "openmetadata")
                .addToLabels("managed-by", "openmetadata-secrets-manager")
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of("value", b64(value)))
                .build())
        .create();
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        List.of(
            "status",
            "name",
            "describe",
            "seal",
            "render",
            "diff",
            "adopt",
            "release",
            "breaker")) {
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out.toString()).as(command).startsWith("Usage: om-secrets-operator " + command);
    }
  }

  @Test
  void breakerListsPausedNamespacesAndCloseResumesDeletions() {
    client.resource(TestResources.withValue(NS, "db", "database/db/password", "v")).create();
    awaitReady("db", "Synced");
    assertThat(run("breaker")).isZero();
    assertThat(out.toString()).contains("no deletion circuit breaker is open");
    // What the operator records when the namespace's breaker trips.
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(BreakerRecord.NAME)
                .withNamespace(OPERATOR_NS)
                .endMetadata()
                .addToData(NS, "more than 20 resources were deleted within 60 s")
                .build())
        .create();
    await()
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.condition(
                            client
                                .resources(OpenMetadataSecret.class)
                                .inNamespace(NS)
                                .withName("db")
                                .get()
                                .getStatus(),
                            Conditions.DELETIONS_PAUSED))
                    .isPresent());
    assertThat(run("breaker")).isZero();
    assertThat(out.toString())
        .containsPattern("openmetadata\\s+more than 20 resources were deleted within 60 s");

    assertThat(run("breaker", "close", NS, "elsewhere")).isEqualTo(1);
    assertThat(out.toString())
        .contains("closed the deletion circuit breaker of namespace openmetadata");
    assertThat(err.toString()).contains("namespace elsewhere: no open deletion circuit breaker");
    await()
        .untilAsserted(
            () -> {
              OpenMetadataSecret db =
                  client.resources(OpenMetadataSecret.class).inNamespace(NS).withName("db").get();
              assertThat(Conditions.condition(db.getStatus(), Conditions.DELETIONS_PAUSED))
                  .isEmpty();
              assertThat(db.getMetadata().getFinalizers()).isEmpty();
            });
    assertThat(run("breaker")).isZero();
    assertThat(out.toString()).contains("no deletion circuit breaker is open");
  }

  @Test
  void statusListsResourcesWithoutValues() {
    client.resource(TestResources.withValue(NS, "db", "database/db/password", "hunter2")).create();
    awaitReady("db", "Synced");
    assertThat(run("status", "-n", NS)).isZero();
    assertThat(out.toString())
        .containsPattern(
            "openmetadata\\s+db\\s+openmetadata-database-db-password\\s+True\\s+Synced\\s+[0-9a-f]{16}")
        .doesNotContain("hunter2");
    assertThat(run("status", "-A")).isZero();
    assertThat(out.toString()).contains("openmetadata-database-db-password");
  }

  @Test
  void describeShowsTheSecretsMetadataReadersAndEventsButNoData() {
    client.resource(TestResources.withValue(NS, "db", "database/db/password", "hunter2")).create();
    awaitReady("db", "Synced");
    client
        .resources(OpenMetadataSecret.class)
        .inNamespace(NS)
        .withName("db")
        .edit(
            cr -> {
              cr.getSpec().setValue("hunter3");
              return cr;
            });
    await().untilAsserted(() -> assertThat(eventReasons("db")).contains("Updated"));
    await()
        .untilAsserted(
            () -> {
              assertThat(run("describe", "-n", NS, "db")).isZero();
              assertThat(out.toString())
                  .contains(
                      "Readers:       Role om-secrets-readers -> [ServiceAccount:airflow/worker]");
            });
    assertThat(out.toString())
        .contains(
            "Path:            database/db/password",
            "Value from:      inline value (hidden)",
            "Secret:          openmetadata-database-db-password",
            "Keys:          [value]",
            "Owner:         [OpenMetadataSecret/db]",
            "Updated",
            "Ready")
        .doesNotContain("hunter2")
        .doesNotContain(b64("hunter2"))
        .doesNotContain("hunter3")
        .doesNotContain(b64("hunter3"));
    assertThat(run("describe", "-n", NS, "missing")).isEqualTo(1);
  }

  @Test
  void renderPrintsTheSecretOfflineRedactedUnlessRevealed() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("cr.yaml"),
            """
        apiVersion: secrets.open-metadata.org/v1alpha1
        kind: OpenMetadataSecret
        metadata: {name: db, namespace: openmetadata}
        spec: {path: database/my_db/password, value: hunter2}
        """);
    assertThat(run("render", "-f", file.toString(), "--tags", "[team:data]"))
        .as("the operator's policy: plain text refused")
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("error: PolicyDenied: plain-text spec.value is not accepted here");
    assertThat(run("render", "-f", file.toString(), "--tags", "[team:data]", "--allow-plaintext"))
        .isZero();
    assertThat(out.toString())
        .contains(
            "name: \"openmetadata-database-my-db-password\"",
            "value: \"<redacted>\"",
            "managed-by: \"openmetadata-secrets-manager\"",
            "team: \"data\"")
        .doesNotContain("hunter2");
    assertThat(run("render", "-f", file.toString(), "--reveal", "--allow-plaintext")).isZero();
    assertThat(out.toString()).contains("value: \"hunter2\"");
  }

  @Test
  void diffReportsWhatTheOperatorWouldChange() {
    client.resource(TestResources.withValue(NS, "db", "database/db/password", "v")).create();
    awaitReady("db", "Synced");
    assertThat(run("diff", "-n", NS, "--allow-plaintext")).isZero();
    assertThat(out.toString()).contains("db", "in sync");

    operator.close(); // nobody repairs drift now
    client
        .secrets()
        .inNamespace(NS)
        .withName("openmetadata-database-db-password")
        .edit(s -> new SecretBuilder(s).withData(Map.of("value", b64("changed"))).build());
    client.resource(TestResources.withValue(NS, "new", "database/new/password", "v")).create();
    writtenByOpenMetadata("openmetadata-database-taken-password", "x");
    client.resource(TestResources.withValue(NS, "taken", "database/taken/password", "v")).create();

    assertThat(run("diff", "-n", NS, "--allow-plaintext")).isEqualTo(1);
    assertThat(out.toString())
        .contains("update Secret openmetadata-database-db-password: value")
        .contains("create Secret openmetadata-database-new-password")
        .contains("conflict: Secret openmetadata-database-taken-password exists")
        .doesNotContain("changed");
  }

  /**
   * The migration guide (docs/migration.md), walked through: no value changes, no moment without
   * the Secret.
   */
  @Test
  void adoptTakesOverOpenMetadatasSecretsInPlaceAndReleaseHandsThemBack() throws Exception {
    writtenByOpenMetadata("openmetadata-database-mysql-prod-password", "db-pass");
    writtenByOpenMetadata("openmetadata-bot-ingestion-bot-config-jwttoken", "jwt");
    List<String> deletions = new CopyOnWriteArrayList<>();
    try (var watch =
        client
            .secrets()
            .inNamespace(NS)
            .watch(
                new Watcher<Secret>() {
                  @Override
                  public void eventReceived(Action action, Secret secret) {
                    if (action == Action.DELETED) {
                      deletions.add(secret.getMetadata().getName());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      assertThat(run("adopt", "-n", NS, "--operator-namespace", OPERATOR_NS, "--dry-run")).isZero();
      assertThat(out.toString())
          .contains(
              "would adopt openmetadata-database-mysql-prod-password as OpenMetadataSecret "
                  + "openmetadata-database-mysql-prod-password (path database/mysql/prod/password, sealed)")
          .contains("encryptedValue: \"oms:v2:")
          .doesNotContain("db-pass")
          .as("OpenMetadata's server goes on changing them; a Git author sets it to false")
          .contains(Translation.WRITABLE_BY_OPENMETADATA + ": \"true\"");
      assertThat(client.resources(OpenMetadataSecret.class).inNamespace(NS).list().getItems())
          .isEmpty();

      assertThat(run("adopt", "-n", NS, "--operator-namespace", OPERATOR_NS)).isZero();
      awaitReady("openmetadata-database-mysql-prod-password", "Synced");
      awaitReady("openmetadata-bot-ingestion-bot-config-jwttoken", "Synced");

      assertThat(
              client
                  .resources(OpenMetadataSecret.class)
                  .inNamespace(NS)
                  .withName("openmetadata-database-mysql-prod-password")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .containsEntry(Translation.WRITABLE_BY_OPENMETADATA, "true");
      Secret adopted =
          client
              .secrets()
              .inNamespace(NS)
              .withName("openmetadata-database-mysql-prod-password")
              .get();
      assertThat(
              new String(
                  Base64.getDecoder().decode(adopted.getData().get("value")),
                  StandardCharsets.UTF_8))
          .isEqualTo("db-pass");
      assertThat(adopted.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(r -> assertThat(r.getKind()).isEqualTo("OpenMetadataSecret"));
      assertThat(adopted.getMetadata().getAnnotations())
          .as("the hand-over is spent")
          .satisfiesAnyOf(
              a -> assertThat(a).isNull(),
              a -> assertThat(a).doesNotContainKey("secrets.open-metadata.org/adopt"));
      assertThat(run("adopt", "-n", NS, "--operator-namespace", OPERATOR_NS)).isZero();
      assertThat(out.toString()).contains("nothing to adopt");

      assertThat(run("release", "-n", NS, "--all")).isZero();
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .resources(OpenMetadataSecret.class)
                              .inNamespace(NS)
                              .list()
                              .getItems())
                      .isEmpty());
      Secret released =
          client
              .secrets()
              .inNamespace(NS)
              .withName("openmetadata-database-mysql-prod-password")
              .get();
      assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
      assertThat(released.getMetadata().getLabels()).containsOnlyKeys("app", "managed-by");
      assertThat(released.getMetadata().getAnnotations())
          .doesNotContainKey("secrets.open-metadata.org/adopt");
      assertThat(released.getData()).isEqualTo(adopted.getData());
      assertThat(deletions).as("no Secret was ever missing").isEmpty();
    }
  }

  /**
   * Un-owning the Secret while the resource still lives made the operator see a Secret it does not
   * control and report Conflict (status and event) until the delete caught up. The release is one
   * transition: no condition but Synced is ever written, and one Released event.
   */
  @Test
  void releaseWritesNoFalseConditionAndOneReleasedEvent() {
    client.resource(TestResources.withValue(NS, "db", "database/db/password", "v")).create();
    awaitReady("db", "Synced");
    Secret owned =
        client.secrets().inNamespace(NS).withName("openmetadata-database-db-password").get();
    List<String> reasons = new CopyOnWriteArrayList<>();
    try (var watch =
        client
            .resources(OpenMetadataSecret.class)
            .inNamespace(NS)
            .watch(
                new Watcher<OpenMetadataSecret>() {
                  @Override
                  public void eventReceived(Action action, OpenMetadataSecret resource) {
                    Conditions.readyCondition(resource.getStatus())
                        .ifPresent(c -> reasons.add(c.getReason()));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      assertThat(run("release", "-n", NS, "db")).isZero();
      assertThat(client.resources(OpenMetadataSecret.class).inNamespace(NS).withName("db").get())
          .as("release returns once the resource is gone")
          .isNull();
      Secret released =
          client.secrets().inNamespace(NS).withName("openmetadata-database-db-password").get();
      assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
      assertThat(released.getMetadata().getLabels()).containsOnlyKeys("app", "managed-by");
      assertThat(released.getData()).isEqualTo(owned.getData());
      await()
          .during(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                assertThat(reasons).as("Ready reasons seen while releasing").containsOnly("Synced");
                assertThat(eventReasons("db"))
                    .as("events about the resource")
                    .containsExactly("Released");
              });
    }
  }

  /** Nobody serves the namespace: after --timeout the command releases the Secret itself. */
  @Test
  void releaseWithoutAnOperatorHandsTheSecretBackAfterTheTimeout() {
    String elsewhere = "unwatched";
    OpenMetadataSecret resource =
        client
            .resource(TestResources.withValue(elsewhere, "db", "database/db/password", "v"))
            .create();
    resource.setStatus(new OpenMetadataSecretStatus());
    resource.getStatus().setSecretName("openmetadata-database-db-password");
    client.resource(resource).updateStatus();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("openmetadata-database-db-password")
                .withNamespace(elsewhere)
                .addToLabels("app", "openmetadata")
                .addToLabels("managed-by", "openmetadata-secrets-manager")
                .addToLabels("app.kubernetes.io/managed-by", "om-secrets-operator")
                .withOwnerReferences(DesiredSecret.ownerReference(resource))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of("value", b64("v")))
                .build())
        .create();

    assertThat(run("release", "-n", elsewhere, "db", "--timeout", "1")).isZero();

    assertThat(err.toString()).contains("unwatched/db: not released by the operator within 1 s");
    assertThat(
            client.resources(OpenMetadataSecret.class).inNamespace(elsewhere).withName("db").get())
        .isNull();
    Secret released =
        client.secrets().inNamespace(elsewhere).withName("openmetadata-database-db-password").get();
    assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(released.getMetadata().getLabels()).containsOnlyKeys("app", "managed-by");
  }

  private List<String> eventReasons(String resource) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> resource.equals(e.getInvolvedObject().getName()))
        .flatMap(
            e ->
                Collections.nCopies(e.getCount() == null ? 1 : e.getCount(), e.getReason())
                    .stream())
        .toList();
  }

  @Test
  void adoptWithValueFromCopiesIntoALabeledSource() {
    writtenByOpenMetadata("openmetadata-database-pg-password", "pg-pass");
    assertThat(run("adopt", "-n", NS, "--mode", "valueFrom")).isZero();
    awaitReady("openmetadata-database-pg-password", "Synced");
    Secret source =
        client.secrets().inNamespace(NS).withName("openmetadata-database-pg-password-source").get();
    assertThat(source.getMetadata().getLabels())
        .containsEntry("secrets.open-metadata.org/source", "true")
        .doesNotContainKey("app");
  }

  /**
   * A hand-over left on a Secret whose resource was never created would go to the next resource of
   * that name.
   */
  @Test
  void aRefusedCreateWithdrawsTheHandOverAndTheSourceCopy() {
    writtenByOpenMetadata("openmetadata-database-pg-password", "pg-pass");
    server
        .expect()
        .post()
        .withPath(
            "/apis/secrets.open-metadata.org/v1alpha1/namespaces/" + NS + "/openmetadatasecrets")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}")
        .once();

    assertThat(run("adopt", "-n", NS, "--mode", "valueFrom")).isNotZero();

    Secret secret =
        client.secrets().inNamespace(NS).withName("openmetadata-database-pg-password").get();
    assertThat(secret.getMetadata().getAnnotations())
        .satisfiesAnyOf(
            a -> assertThat(a).isNull(),
            a -> assertThat(a).doesNotContainKey("secrets.open-metadata.org/adopt"));
    assertThat(
            client
                .secrets()
                .inNamespace(NS)
                .withName("openmetadata-database-pg-password-source")
                .get())
        .isNull();
    assertThat(client.resources(OpenMetadataSecret.class).inNamespace(NS).list().getItems())
        .isEmpty();
  }

  @Test
  void adoptKeepsTheNamesAPrefixedServerWroteWithNoSettingButThePrefix() {
    writtenByOpenMetadata("acmeopenmetadata-database-x-password", "v");
    writtenByOpenMetadata("external-app-private-config-myapp", "{\"token\": \"t\"}");
    assertThat(run("adopt", "-n", NS, "--operator-namespace", OPERATOR_NS, "--dry-run")).isZero();
    assertThat(out.toString())
        .contains(
            "skip  acmeopenmetadata-database-x-password: no path gives back this exact name"
                + " (names here start with openmetadata- or external-app-private-config-; another prefix or clusterName?)");
    assertThat(
            run(
                "adopt",
                "-n",
                NS,
                "--operator-namespace",
                OPERATOR_NS,
                "--dry-run",
                "--prefix",
                "acme"))
        .isZero();
    assertThat(out.toString())
        .contains("would adopt acmeopenmetadata-database-x-password")
        .contains("would adopt external-app-private-config-myapp")
        .contains("(path database/x/password")
        .contains("(path external-app/private-config/myapp");
  }

  @Test
  void adoptSkipsValuesOpenMetadataCouldNotReadBack() {
    writtenByOpenMetadata(
        "openmetadata-database-ref-password", "secret:openmetadata-database-other-password");
    assertThat(run("adopt", "-n", NS, "--operator-namespace", OPERATOR_NS, "--dry-run")).isZero();
    assertThat(out.toString())
        .contains("skip  openmetadata-database-ref-password: its value starts with 'secret:'");
  }

  @Test
  void adoptSkipsWhatTheOperatorsPolicyWouldRefuse() {
    writtenByOpenMetadata("openmetadata-database-big-password", "x".repeat(2000));
    writtenByOpenMetadata("openmetadata-bot-ingestion-bot-config-jwttoken", "jwt");
    assertThat(
            run(
                "adopt",
                "-n",
                NS,
                "--operator-namespace",
                OPERATOR_NS,
                "--dry-run",
                "--max-value-bytes",
                "1000",
                "--allowed-paths",
                "database/**"))
        .isZero();
    assertThat(out.toString())
        .contains("skip  openmetadata-database-big-password: ")
        .contains("1000")
        .contains("skip  openmetadata-bot-ingestion-bot-config-jwttoken: ")
        .doesNotContain("would adopt");
  }
}
