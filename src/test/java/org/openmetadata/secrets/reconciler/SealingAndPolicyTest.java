package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openmetadata.secrets.reconciler.MockOperator.NS;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.keys.RingData;

/** Sealed values, central policy and reader Roles, end to end on the mock API server. */
class SealingAndPolicyTest {

  private MockOperator op;

  @AfterEach
  void stop() {
    op.close();
  }

  private String published() {
    return op.client
        .configMaps()
        .inNamespace("om-system")
        .withName(KeyRingStore.CONFIG_MAP_NAME)
        .get()
        .getData()
        .get("cert.pem");
  }

  private OpenMetadataSecret sealed(String name, String path, String value) {
    return sealed(List.of(Pem.parsePublicKey(published())), name, path, value);
  }

  private static OpenMetadataSecret sealed(
      List<PublicKey> keys, String name, String path, String value) {
    OpenMetadataSecret resource = TestResources.fromSecret(NS, name, path, "unused", "unused");
    resource.getSpec().setValueFrom(null);
    resource
        .getSpec()
        .setEncryptedValue(
            Sealer.seal(keys, new Scope(NS, name, path), value.getBytes(StandardCharsets.UTF_8)));
    return resource;
  }

  private static String value(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
  }

  @Test
  void aSealedValueBecomesTheSecretAndTheStatusShowsOnlyAFingerprint() throws Exception {
    op = new MockOperator(Map.of("OM_SM_ALLOW_PLAINTEXT", "false"));
    var cert =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + op.runtime.httpPort() + "/v1/cert.pem"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(cert.body()).isEqualTo(published());

    op.create(sealed("db", "database/db/password", "sealed-value"));
    op.awaitSynced("db");
    assertThat(value(op.secret("openmetadata-database-db-password"))).isEqualTo("sealed-value");
    String fingerprint = op.get("db").getStatus().getValueFingerprint();
    assertThat(fingerprint).matches("[0-9a-f]{16}");
    assertThat(Serialization.asJson(op.get("db").getStatus())).doesNotContain("sealed-value");

    op.client.resource(sealed("db", "database/db/password", "another-value")).update();
    await()
        .untilAsserted(
            () ->
                assertThat(value(op.secret("openmetadata-database-db-password")))
                    .isEqualTo("another-value"));
    await()
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(op.get("db").getStatus().getValueFingerprint())
                    .isNotEqualTo(fingerprint));
  }

  /**
   * Issue 15 item 2: an author who seals guesses into its own resource must not learn whether one
   * equals another resource's value by comparing fingerprints; the same holds across restarts.
   */
  @Test
  void fingerprintsCannotBeComparedBetweenResources() {
    op = new MockOperator(Map.of());
    op.create(sealed("victim", "database/victim/password", "hunter2"));
    op.create(sealed("guess", "database/guess/password", "hunter2"));
    op.awaitSynced("victim");
    op.awaitSynced("guess");
    String victim = op.get("victim").getStatus().getValueFingerprint();

    assertThat(op.get("guess").getStatus().getValueFingerprint())
        .matches("[0-9a-f]{16}")
        .isNotEqualTo(victim);
    op.restart();
    op.client
        .resources(OpenMetadataSecret.class)
        .inNamespace(NS)
        .withName("victim")
        .edit(
            r -> {
              r.getMetadata().setLabels(Map.of("touched", "yes"));
              return r;
            });
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> assertThat(op.get("victim").getStatus().getValueFingerprint()).isEqualTo(victim));
  }

  private long metric(String name) {
    return (long)
        op.runtime.metrics().registry().find(name).counters().stream()
            .mapToDouble(c -> c.count())
            .sum();
  }

  /**
   * Issue 13: a restart does not decrypt a sealed value whose Secret provably holds it (Synced at
   * this generation, keyed fingerprint of the Secret's value unchanged), and a value edited in the
   * Secret is still repaired, by opening that resource's sealed value and no other.
   */
  @Test
  void aRestartOpensNoSealedValueWhoseSecretIsInSyncAndAnEditedSecretIsStillRepaired() {
    op = new MockOperator(Map.of());
    op.create(sealed("db", "database/db/password", "sealed-value"));
    op.create(sealed("other", "database/other/password", "other-value"));
    op.awaitSynced("db");
    op.awaitSynced("other");
    assertThat(metric("oms_sealed_values_opened")).isPositive();

    restartAndAwaitNothingOpened(2);

    op.client
        .secrets()
        .inNamespace(NS)
        .withName("openmetadata-database-db-password")
        .edit(
            s ->
                new SecretBuilder(s)
                    .addToData(
                        "value",
                        Base64.getEncoder()
                            .encodeToString("tampered".getBytes(StandardCharsets.UTF_8)))
                    .build());
    await()
        .untilAsserted(
            () ->
                assertThat(value(op.secret("openmetadata-database-db-password")))
                    .isEqualTo("sealed-value"));
    assertThat(metric("oms_sealed_values_opened")).isEqualTo(1);
    assertThat(value(op.secret("openmetadata-database-other-password"))).isEqualTo("other-value");
  }

  /**
   * A value sealed for 16 clusters, this one last: it opens here, the cached resource keeps its
   * whole header, so a restart finds this ring's key among its recipients and opens nothing; one
   * sealed for other clusters only names their keys.
   */
  @Test
  void aValueForSeveralClustersOpensWithThisRingsKeyAndIsNotOpenedAgainAtRestart() {
    op = new MockOperator(Map.of());
    List<PublicKey> others = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      others.add(KeyRing.generate(Instant.now()).active().pair().getPublic());
    }
    List<PublicKey> all = new ArrayList<>(others);
    all.add(Pem.parsePublicKey(published()));
    op.create(sealed(all, "db", "database/db/password", "for-every-cluster"));
    OpenMetadataSecret elsewhere =
        op.create(sealed(others.subList(0, 2), "other", "database/other/password", "not-here"));
    op.awaitSynced("db");
    assertThat(value(op.secret("openmetadata-database-db-password")))
        .isEqualTo("for-every-cluster");
    assertThat(op.awaitReady("other", "False", Reason.DecryptionFailed).getMessage())
        .isEqualTo(
            "sealed with unknown keys "
                + String.join(",", Sealer.keyIdsOf(elsewhere.getSpec().getEncryptedValue()))
                + " (not in the operator's key ring)");
    // A value that did not open is opened again at a restart: not the point here.
    op.client.resource(elsewhere).delete();

    restartAndAwaitNothingOpened(1);
  }

  /** Restarts the operator; once it reconciled that many resources, none opens a value. */
  private void restartAndAwaitNothingOpened(int reconciled) {
    op.restart();
    await().until(() -> metric("oms_reconcile_outcomes") >= reconciled);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> metric("oms_sealed_values_opened") == 0);
  }

  /**
   * A key taken out of the ring while the operator was stopped (docs/sealing.md: re-seal, then
   * remove the key) is noticed at the next start, not only when the value is next opened: the
   * resource says DecryptionFailed and its last good Secret stays, even though that Secret's
   * fingerprint still matches.
   */
  @Test
  void aKeyRemovedFromTheRingWhileStoppedIsNoticedAtStartAndTheSecretStays() {
    op = new MockOperator(Map.of());
    OpenMetadataSecret resource = op.create(sealed("db", "database/db/password", "sealed-value"));
    op.awaitSynced("db");
    String keyId = Sealer.keyIdsOf(resource.getSpec().getEncryptedValue()).get(0);

    op.stop();
    KeyRing.SealingKey replacement = KeyRing.newKey(Instant.now());
    op.client
        .secrets()
        .inNamespace(MockOperator.OPERATOR_NS)
        .withName(KeyRingStore.SECRET_NAME)
        .edit(
            ring ->
                new SecretBuilder(ring)
                    .removeFromData(keyId + ".key")
                    .removeFromData(keyId + ".created")
                    .addToData(
                        replacement.id() + ".key",
                        Base64.getEncoder()
                            .encodeToString(replacement.pair().getPrivate().getEncoded()))
                    .addToData(
                        replacement.id() + ".created",
                        Base64.getEncoder()
                            .encodeToString(
                                Instant.now().toString().getBytes(StandardCharsets.UTF_8)))
                    .build());
    op.start();

    assertThat(op.awaitReady("db", "False", Reason.DecryptionFailed).getMessage())
        .contains("unknown key " + keyId);
    assertThat(value(op.secret("openmetadata-database-db-password"))).isEqualTo("sealed-value");
  }

  @Test
  void theStatusAndTheGaugeNameTheKeyAndARestartWritesNoStatus() {
    op = new MockOperator(Map.of());
    OpenMetadataSecret created = op.create(sealed("db", "database/db/password", "sealed-value"));
    String keyId = Sealer.keyIdsOf(created.getSpec().getEncryptedValue()).get(0);
    op.awaitSynced("db");
    await()
        .untilAsserted(
            () -> assertThat(op.get("db").getStatus().getSealingKeyId()).isEqualTo(keyId));
    assertThat(op.runtime.metrics().scrape())
        .contains("oms_sealed_values{key_id=\"" + keyId + "\"} 1");
    String version = op.get("db").getMetadata().getResourceVersion();

    op.restart();
    await().until(() -> metric("oms_reconcile_outcomes") >= 1);
    assertThat(op.get("db").getMetadata().getResourceVersion()).isEqualTo(version);
  }

  /**
   * A key retired while the operator runs leaves its memory (its watch no longer writes the key
   * back): a value later sealed to it is DecryptionFailed, saying the key was retired, and the
   * Secret keeps its last good value.
   */
  @Test
  void aValueSealedToAKeyRetiredWhileRunningFailsSayingSoAndTheSecretStays() {
    op = new MockOperator(Map.of());
    String oldPem = published();
    OpenMetadataSecret resource = op.create(sealed("db", "database/db/password", "sealed-value"));
    op.awaitSynced("db");
    String oldId = Sealer.keyIdsOf(resource.getSpec().getEncryptedValue()).get(0);
    KeyRing.SealingKey newer = KeyRing.newKey(Instant.now().plusSeconds(1));
    var ring =
        op.client
            .secrets()
            .inNamespace(MockOperator.OPERATOR_NS)
            .withName(KeyRingStore.SECRET_NAME);
    ring.edit(
        r ->
            new SecretBuilder(r)
                .addToData(
                    newer.id() + ".key",
                    Base64.getEncoder().encodeToString(newer.pair().getPrivate().getEncoded()))
                .addToData(
                    newer.id() + ".created",
                    Base64.getEncoder()
                        .encodeToString(
                            newer.created().toString().getBytes(StandardCharsets.UTF_8)))
                .build());
    await().until(() -> published().equals(Pem.publicKey(newer.pair().getPublic())));

    ring.edit(
        r ->
            new SecretBuilder(r)
                .withData(RingData.retire(r.getData(), oldId, Instant.now()))
                .build());
    await().untilAsserted(() -> assertThat(ring.get().getData()).doesNotContainKey(oldId + ".key"));

    OpenMetadataSecret again = op.get("db");
    again
        .getSpec()
        .setEncryptedValue(
            Sealer.seal(
                Pem.parsePublicKey(oldPem),
                new Scope(NS, "db", "database/db/password"),
                "new-value".getBytes(StandardCharsets.UTF_8)));
    op.client.resource(again).update();

    assertThat(op.awaitReady("db", "False", Reason.DecryptionFailed).getMessage())
        .startsWith("sealed with key " + oldId + ", retired from the operator's key ring at ");
    assertThat(value(op.secret("openmetadata-database-db-password"))).isEqualTo("sealed-value");
    assertThat(ring.get().getData()).doesNotContainKey(oldId + ".key");
    assertThat(op.get("db").getStatus().getSealingKeyId()).isEqualTo(oldId);
  }

  @Test
  void aCiphertextCopiedToAnotherResourceFailsOnceWithoutRetriesOrWrites() {
    op = new MockOperator(Map.of());
    OpenMetadataSecret original = sealed("original", "database/db/password", "v");
    OpenMetadataSecret copy =
        TestResources.fromSecret(NS, "copy", "database/db/password", "x", "y");
    copy.getSpec().setValueFrom(null);
    copy.getSpec().setEncryptedValue(original.getSpec().getEncryptedValue());
    op.create(copy);

    assertThat(awaitDecryptionFailedOnce("copy", "openmetadata-database-db-password").getMessage())
        .contains("does not open for om/copy", "sealed for another resource");
  }

  @Test
  void aCiphertextTruncatedBelowTheGcmTagIsDecryptionFailedWithoutRetries() {
    op = new MockOperator(Map.of());
    OpenMetadataSecret resource = sealed("db", "database/db/password", "v");
    String[] parts = resource.getSpec().getEncryptedValue().split(":");
    parts[parts.length - 1] =
        Base64.getEncoder().encodeToString(new byte[8]); // less than the 16-byte tag
    resource.getSpec().setEncryptedValue(String.join(":", parts));
    op.create(resource);

    assertThat(awaitDecryptionFailedOnce("db", "openmetadata-database-db-password").getMessage())
        .isEqualTo("encryptedValue is malformed (ciphertext shorter than its authentication tag)");
  }

  /** The resource ends DecryptionFailed and Stalled, with one event, no Secret and no retries. */
  private Condition awaitDecryptionFailedOnce(String name, String secretName) {
    var ready = op.awaitReady(name, "False", Reason.DecryptionFailed);
    assertThat(op.get(name).getStatus().getConditions())
        .extracting(c -> c.getType())
        .contains("Stalled");
    double reconciles =
        op.runtime
            .metrics()
            .registry()
            .find("oms_reconcile_outcomes")
            .tag("reason", "DecryptionFailed")
            .counter()
            .count();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () -> {
              assertThat(op.secret(secretName)).isNull();
              assertThat(op.eventReasons(name)).containsExactly("DecryptionFailed");
              assertThat(
                      op.runtime
                          .metrics()
                          .registry()
                          .find("oms_reconcile_outcomes")
                          .tag("reason", "DecryptionFailed")
                          .counter()
                          .count())
                  .as("no retry storm")
                  .isEqualTo(reconciles);
            });
    return ready;
  }

  @Test
  void aTamperedCiphertextIsDecryptionFailed() {
    op = new MockOperator(Map.of());
    OpenMetadataSecret resource = sealed("db", "database/db/password", "v");
    String s = resource.getSpec().getEncryptedValue();
    resource
        .getSpec()
        .setEncryptedValue(
            s.substring(0, s.length() - 6) + (s.endsWith("AAAA==") ? "BBBB==" : "AAAA=="));
    op.create(resource);
    op.awaitReady("db", "False", Reason.DecryptionFailed);
  }

  @Test
  void centralPolicyDeniesPlaintextForeignPathsAndLargeValuesAndCountsThem() {
    op =
        new MockOperator(
            Map.of(
                "OM_SM_ALLOW_PLAINTEXT",
                "false",
                "OM_SM_ALLOWED_PATHS",
                "database/**",
                "OM_SM_MAX_VALUE_BYTES",
                "8"));
    op.create(TestResources.withValue(NS, "plain", "database/a/password", "v"));
    op.create(sealed("bot", "bot/b/config/jwttoken", "v"));
    op.create(sealed("big", "database/big/password", "123456789"));

    assertThat(op.awaitReady("plain", "False", Reason.PolicyDenied).getMessage())
        .contains("plain-text spec.value is not accepted");
    assertThat(op.awaitReady("bot", "False", Reason.PolicyDenied).getMessage())
        .isEqualTo("path bot/b/config/jwttoken is not allowed (allowed: database/**)");
    assertThat(op.awaitReady("big", "False", Reason.PolicyDenied).getMessage())
        .isEqualTo("value is 9 bytes; the limit is 8");
    assertThat(
            op.client
                .secrets()
                .inNamespace(NS)
                .withLabel("app.kubernetes.io/managed-by")
                .list()
                .getItems())
        .isEmpty();
    var registry = op.runtime.metrics().registry();
    for (String rule : new String[] {"plaintext", "path", "size"}) {
      assertThat(registry.find("oms_policy_denials").tag("rule", rule).counter().count())
          .as(rule)
          .isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aPathThatGivesANameOutsideThePrefixIsRefused() {
    op = new MockOperator(Map.of());
    op.create(TestResources.withValue(NS, "bare", "///", "v"));
    assertThat(op.awaitReady("bare", "False", Reason.PolicyDenied).getMessage())
        .isEqualTo(
            "Secret name openmetadata does not start with openmetadata- or external-app-private-config-;"
                + " the operator writes no other names");
    assertThat(op.secret("openmetadata")).isNull();
  }

  @Test
  void theReaderRoleNamesExactlyTheManagedSecretsAsResourcesComeAndGo() {
    op = new MockOperator(Map.of("OM_SM_READER_SUBJECTS", "ServiceAccount:airflow/worker#" + NS));
    op.create(TestResources.withValue(NS, "a", "database/a/password", "v"));
    op.create(TestResources.withValue(NS, "b", "database/b/password", "v"));
    op.client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();

    await()
        .untilAsserted(
            () ->
                assertThat(readerNames())
                    .containsExactly(
                        "openmetadata-database-a-password", "openmetadata-database-b-password"));
    var binding =
        await()
            .until(
                () ->
                    op.client
                        .rbac()
                        .roleBindings()
                        .inNamespace(NS)
                        .withName("om-secrets-readers")
                        .get(),
                Objects::nonNull);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getNamespace()).isEqualTo("airflow");
              assertThat(s.getName()).isEqualTo("worker");
            });
    assertThat(binding.getRoleRef().getName()).isEqualTo("om-secrets-readers");

    op.client.resources(OpenMetadataSecret.class).inNamespace(NS).withName("a").delete();
    await()
        .untilAsserted(
            () -> assertThat(readerNames()).containsExactly("openmetadata-database-b-password"));

    op.client.resources(OpenMetadataSecret.class).inNamespace(NS).withName("b").delete();
    await()
        .untilAsserted(
            () ->
                assertThat(
                        op.client
                            .rbac()
                            .roles()
                            .inNamespace(NS)
                            .withName("om-secrets-readers")
                            .get()
                            .getRules())
                    .as("no rule at all, since empty resourceNames would mean every Secret")
                    .isEmpty());
  }

  @Test
  void eachReaderIsBoundOnlyInTheNamespacesItIsGrantedSoOneInstallationCannotReadAnothersSecrets() {
    op =
        new MockOperator(
            Map.of(
                "OM_SM_NAMESPACE",
                NS + ",other",
                "OM_SM_READER_SUBJECTS",
                "ServiceAccount:"
                    + NS
                    + "/openmetadata,ServiceAccount:other/openmetadata,Group:ops#*"));
    op.create(TestResources.withValue(NS, "a", "database/a/password", "v"));
    op.create(TestResources.withValue("other", "b", "database/b/password", "v"));

    await()
        .untilAsserted(
            () -> {
              assertThat(bindingSubjects(NS))
                  .containsExactlyInAnyOrder("ServiceAccount:" + NS + "/openmetadata", "Group:ops");
              assertThat(bindingSubjects("other"))
                  .containsExactlyInAnyOrder("ServiceAccount:other/openmetadata", "Group:ops");
            });
  }

  private List<String> bindingSubjects(String namespace) {
    var binding =
        op.client.rbac().roleBindings().inNamespace(namespace).withName("om-secrets-readers").get();
    return binding == null
        ? List.of()
        : binding.getSubjects().stream()
            .map(
                s ->
                    s.getKind()
                        + ":"
                        + (s.getNamespace() == null ? "" : s.getNamespace() + "/")
                        + s.getName())
            .toList();
  }

  @Test
  void theReaderRoleIsWrittenOnlyWhenItChanges() {
    op = new MockOperator(Map.of("OM_SM_READER_SUBJECTS", "Group:ingestion#" + NS));
    op.create(TestResources.withValue(NS, "a", "database/a/password", "v"));
    await()
        .untilAsserted(
            () -> assertThat(readerNames()).containsExactly("openmetadata-database-a-password"));
    String version =
        op.client
            .rbac()
            .roles()
            .inNamespace(NS)
            .withName("om-secrets-readers")
            .get()
            .getMetadata()
            .getResourceVersion();

    op.client
        .resources(OpenMetadataSecret.class)
        .inNamespace(NS)
        .withName("a")
        .edit(
            r -> {
              r.getSpec().setValue("changed");
              return r;
            });

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () ->
                assertThat(
                        op.client
                            .rbac()
                            .roles()
                            .inNamespace(NS)
                            .withName("om-secrets-readers")
                            .get()
                            .getMetadata()
                            .getResourceVersion())
                    .isEqualTo(version));
  }

  @Test
  void turningReadersOffRemovesTheReaderRoleTheOperatorWroteAndNothingElse() {
    op = new MockOperator(Map.of("OM_SM_READER_SUBJECTS", "Group:ingestion#" + NS));
    op.create(TestResources.withValue(NS, "a", "database/a/password", "v"));
    await()
        .untilAsserted(
            () -> assertThat(readerNames()).containsExactly("openmetadata-database-a-password"));
    await()
        .until(
            () ->
                op.client.rbac().roleBindings().inNamespace(NS).withName("om-secrets-readers").get()
                    != null);
    var someoneElses =
        new RoleBuilder()
            .withNewMetadata()
            .withName("om-secrets-readers")
            .withNamespace("other")
            .endMetadata()
            .build();
    op.client.resource(someoneElses).create();

    op.restart(Map.of("OM_SM_NAMESPACE", NS + ",other"));

    await()
        .untilAsserted(
            () -> {
              assertThat(
                      op.client.rbac().roles().inNamespace(NS).withName("om-secrets-readers").get())
                  .isNull();
              assertThat(
                      op.client
                          .rbac()
                          .roleBindings()
                          .inNamespace(NS)
                          .withName("om-secrets-readers")
                          .get())
                  .isNull();
            });
    op.create(TestResources.withValue("other", "b", "database/b/password", "v"));
    await()
        .until(
            () ->
                op.client
                        .secrets()
                        .inNamespace("other")
                        .withName("openmetadata-database-b-password")
                        .get()
                    != null);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(
                        op.client
                            .rbac()
                            .roles()
                            .inNamespace("other")
                            .withName("om-secrets-readers")
                            .get())
                    .as("a Role without the operator's labels is not the operator's to delete")
                    .isNotNull());
  }

  private List<String> readerNames() {
    var role = op.client.rbac().roles().inNamespace(NS).withName("om-secrets-readers").get();
    assertThat(role).isNotNull();
    assertThat(role.getRules()).hasSize(1);
    assertThat(role.getRules().get(0).getVerbs()).containsExactly("get");
    return role.getRules().get(0).getResourceNames();
  }
}
