package org.openmetadata.secrets.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.DeletionPolicy;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.bridge.WriteProgress.SecretLookup;
import org.openmetadata.secrets.config.WatchedNamespaces;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.naming.SecretNaming;
import org.openmetadata.secrets.policy.PathPattern;
import org.openmetadata.secrets.policy.Policy;

class TranslationTest {

  static final String NS = "openmetadata";
  static final String NAME = "openmetadata-database-mysql-password";
  static final BridgeResources.Authorship WHO =
      new BridgeResources.Authorship(
          "system:serviceaccount:openmetadata:openmetadata",
          Instant.parse("2026-01-02T03:04:05.678Z"));

  private final SecretNaming naming = SecretNaming.defaults();
  private final Translation translation =
      new Translation(
          naming,
          new WatchedNamespaces(Set.of(NS)),
          new Policy(
              false,
              List.of(new PathPattern("database/**"), new PathPattern("external-app/**")),
              100,
              naming.namePrefixes()));

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Status refused(ThrowingCall call) {
    Refusal refusal = catchThrowableOfType(Refusal.class, call::run);
    assertThat(refusal).as("refused").isNotNull();
    return refusal.status();
  }

  interface ThrowingCall {
    void run() throws Refusal;
  }

  @Test
  void aWriteGetsThePathThatGivesBackExactlyItsName() throws Refusal {
    assertThat(translation.checkWrite(NS, NAME, utf8("v"))).isEqualTo("database/mysql/password");
    assertThat(translation.checkWrite(NS, "external-app-private-config-myapp", utf8("{}")))
        .isEqualTo("external-app/private-config/myapp");
  }

  @ParameterizedTest
  @CsvSource({
    "acmeopenmetadata-database-x", // another prefix
    "openmetadata-database--x", // not canonical: the operator never writes '--'
    "openmetadata-Database-x", // nor capitals
    "openmetadata", // the cluster part alone
  })
  void aNameTheOperatorWouldNeverProduceIsInvalid(String name) {
    Status status = refused(() -> translation.checkWrite(NS, name, utf8("v")));
    assertThat(status.getCode()).isEqualTo(422);
    assertThat(status.getReason()).isEqualTo("Invalid");
    assertThat(status.getDetails().getCauses())
        .singleElement()
        .satisfies(c -> assertThat(c.getField()).isEqualTo("metadata.name"));
  }

  @Test
  void valuesOpenMetadataCannotReadBackAreInvalid() {
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
    for (byte[] value : List.of(notUtf8, utf8("secret:other"), utf8("fernet:abc"), new byte[0])) {
      Status status = refused(() -> translation.checkWrite(NS, NAME, value));
      assertThat(status.getCode()).isEqualTo(422);
      assertThat(status.getDetails().getCauses())
          .singleElement()
          .satisfies(c -> assertThat(c.getField()).isEqualTo("data[value]"));
    }
  }

  @Test
  void policyRefusalsComeBeforeAnyWrite() {
    Status tooLarge = refused(() -> translation.checkWrite(NS, NAME, new byte[101]));
    assertThat(tooLarge.getCode()).isEqualTo(413);
    assertThat(tooLarge.getMessage()).contains("101 bytes; the limit is 100");
    Status path =
        refused(() -> translation.checkWrite(NS, "openmetadata-bot-x-config-jwttoken", utf8("t")));
    assertThat(path.getCode()).isEqualTo(403);
    assertThat(path.getMessage()).contains("path bot/x/config/jwttoken is not allowed");
    Status namespace = refused(() -> translation.checkWrite("elsewhere", NAME, utf8("v")));
    assertThat(namespace.getCode()).isEqualTo(403);
    assertThat(namespace.getMessage()).contains("does not watch namespace elsewhere");
  }

  @Test
  void aNewResourceHoldsOnlyTheSealedValueAndWhoWroteIt() {
    OpenMetadataSecret resource =
        BridgeResources.newResource(
            NS, NAME, "database/mysql/password", "oms:v1:sealed", false, WHO);
    assertThat(resource.getMetadata().getName()).isEqualTo(NAME);
    assertThat(resource.getSpec().getPath()).isEqualTo("database/mysql/password");
    assertThat(resource.getSpec().getEncryptedValue()).isEqualTo("oms:v1:sealed");
    assertThat(resource.getSpec().getValue()).isNull();
    assertThat(resource.getSpec().getImmutable()).isNull();
    assertThat(resource.getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Translation.WRITTEN_BY, "system:serviceaccount:openmetadata:openmetadata",
                Translation.WRITTEN_AT, "2026-01-02T03:04:05Z"));
    assertThat(resource.getMetadata().getLabels()).isNullOrEmpty();
  }

  @Test
  void aReplaceSealsForTheExistingResourceAndKeepsItsSettings() throws Refusal {
    OpenMetadataSecret existing =
        TestResources.stored(
            TestResources.retained(
                TestResources.withValue(NS, NAME, "database/mysql/password", "old")));
    existing.getSpec().setImmutable(true);
    existing.getMetadata().setResourceVersion("7");
    existing
        .getMetadata()
        .setAnnotations(
            Map.of(
                "team",
                "data",
                Translation.WRITTEN_AT,
                "2025-01-01T00:00:00Z",
                Translation.WRITTEN_BY,
                "system:serviceaccount:openmetadata:before"));

    assertThat(translation.checkReplace(NAME, existing)).isEqualTo("database/mysql/password");
    OpenMetadataSecret updated = BridgeResources.replaced(existing, "oms:v1:new", WHO);

    assertThat(updated.getSpec().getValue()).isNull();
    assertThat(updated.getSpec().getEncryptedValue()).isEqualTo("oms:v1:new");
    assertThat(updated.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    assertThat(updated.getSpec().getImmutable()).isTrue();
    assertThat(updated.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(updated.getMetadata().getAnnotations())
        .containsEntry("team", "data")
        .containsEntry(Translation.WRITTEN_AT, "2026-01-02T03:04:05Z");
  }

  @Test
  void aReplaceIsRefusedWithoutAResourceOrForOneThatIsNotTheBridgesToChange() {
    assertThat(refused(() -> translation.checkReplace(NAME, null)).getCode()).isEqualTo(404);
    Status fromSource =
        refused(
            () ->
                translation.checkReplace(
                    NAME,
                    TestResources.fromSecret(
                        NS, NAME, "database/mysql/password", "mysql-source", "password")));
    assertThat(fromSource.getCode()).isEqualTo(409);
    assertThat(fromSource.getMessage()).contains("valueFrom");
    Status elsewhere =
        refused(
            () ->
                translation.checkReplace(
                    NAME, TestResources.withValue(NS, NAME, "database/other/password", "v")));
    assertThat(elsewhere.getCode()).isEqualTo(409);
    assertThat(
            refused(
                    () ->
                        translation.checkDelete(
                            NAME,
                            TestResources.withValue(NS, NAME, "database/other/password", "v")))
                .getCode())
        .isEqualTo(409);
    assertThat(refused(() -> translation.checkDelete(NAME, null)).getCode()).isEqualTo(404);
  }

  /** A resource of this Secret's name and path, with these annotations (key=value, or none). */
  private static OpenMetadataSecret annotated(String... annotations) {
    OpenMetadataSecret resource =
        TestResources.stored(
            TestResources.retained(
                TestResources.withEncryptedValue(
                    NS, NAME, "database/mysql/password", "oms:v2:git")));
    Map<String, String> map = new HashMap<>();
    for (String annotation : annotations) {
      String[] kv = annotation.split("=", 2);
      map.put(kv[0], kv[1]);
    }
    resource.getMetadata().setAnnotations(map);
    return resource;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // annotations                                                                       |
        // OpenMetadata may change it
        "                                                                                    | false", // applied from Git
        "secrets.open-metadata.org/written-by=system:serviceaccount:openmetadata:openmetadata | true", // the bridge wrote it
        "secrets.open-metadata.org/writable-by-openmetadata=true                             | true", // Git lets it
        "secrets.open-metadata.org/writable-by-openmetadata=false                            | false",
        "secrets.open-metadata.org/writable-by-openmetadata=yes                              | false", // only "true" lets it
      })
  void onlyAResourceTheBridgeWroteOrOneThatOptsInIsOpenMetadatasToChange(
      String annotation, boolean writable) throws Refusal {
    OpenMetadataSecret resource = annotation == null ? annotated() : annotated(annotation);
    if (writable) {
      assertThat(translation.checkReplace(NAME, resource)).isEqualTo("database/mysql/password");
      assertThat(translation.checkDelete(NAME, resource))
          .isEqualTo(resource.getMetadata().getUid());
      return;
    }
    for (Status status :
        List.of(
            refused(() -> translation.checkReplace(NAME, resource)),
            refused(() -> translation.checkDelete(NAME, resource)))) {
      // Not 404: OpenMetadata's server would create it (a replace) or take it as deleted (a
      // delete).
      assertThat(status.getCode()).isEqualTo(409);
      assertThat(status.getReason()).isEqualTo("Conflict");
      assertThat(status.getMessage())
          .startsWith(
              "Operation cannot be fulfilled on secrets \""
                  + NAME
                  + "\":"
                  + " OpenMetadataSecret "
                  + NAME
                  + " is managed elsewhere: ")
          .endsWith(
              "so OpenMetadata may not change it. Change it where it is managed (Git, kubectl), or let"
                  + " OpenMetadata change it: annotate it secrets.open-metadata.org/writable-by-openmetadata=\"true\"");
    }
  }

  @Test
  void aDeleteNamesTheUidTheBridgeCheckedAsItsPrecondition() throws Exception {
    assertThat(BridgeResources.resourcePath(NS, NAME))
        .isEqualTo(
            "/apis/secrets.open-metadata.org/v1alpha1/namespaces/openmetadata/openmetadatasecrets/"
                + NAME);
    assertThat(
            Serialization.jsonMapper()
                .readTree(Serialization.asJson(BridgeResources.deleteExactly("u-1"))))
        .isEqualTo(
            Serialization.jsonMapper()
                .readTree(
                    """
            {"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"uid":"u-1"}}"""));
  }

  @ParameterizedTest
  @CsvSource({
    "409, 409, Conflict", // the precondition failed: another resource holds the name now
    "404, 404, NotFound", // gone already: what OpenMetadata asked for, and it ignores 404
    "403, 403, Forbidden",
    "0, 503, ServiceUnavailable",
  })
  void aDeleteTheApiServerRefusedSaysWhy(int code, int expected, String reason) {
    Status status = KubeStatus.notDeleted(NS, NAME, "u-1", code);
    assertThat(status.getCode()).isEqualTo(expected);
    assertThat(status.getReason()).isEqualTo(reason);
    if (code == 409) {
      assertThat(status.getMessage())
          .contains(
              "OpenMetadataSecret openmetadata/"
                  + NAME
                  + " was deleted and created"
                  + " again since the bridge checked it (UID u-1); the new one was not deleted");
    }
  }

  private static Secret managed(String controllerName, String controllerUid) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(NS)
        .withLabels(DesiredSecret.labels(Map.of()))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(OpenMetadataSecret.API_VERSION)
                .withKind(OpenMetadataSecret.KIND)
                .withName(controllerName)
                .withUid(controllerUid)
                .withController(true)
                .build())
        .withManagedFields(
            new ManagedFieldsEntryBuilder().withManager("om-secrets-operator").build())
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of("value", "djE="))
        .build();
  }

  private static OpenMetadataSecret resource(String uid) {
    OpenMetadataSecret resource =
        TestResources.stored(TestResources.withValue(NS, NAME, "database/mysql/password", "v1"));
    resource.getMetadata().setUid(uid);
    return resource;
  }

  @Test
  void aReadReturnsOnlyASecretALiveResourceControls() throws Refusal {
    Secret secret =
        translation.readable(NAME, new SecretLookup(200, managed(NAME, "u1")), resource("u1"));
    assertThat(secret.getData()).containsOnly(Map.entry("value", "djE="));
    assertThat(secret.getMetadata().getManagedFields()).isNullOrEmpty();

    // The controller is gone or was replaced, the Secret is foreign, or the bridge may not read it.
    assertThat(
            refused(
                    () ->
                        translation.readable(
                            NAME, new SecretLookup(200, managed(NAME, "u1")), resource("u2")))
                .getCode())
        .isEqualTo(404);
    assertThat(
            refused(
                    () ->
                        translation.readable(
                            NAME, new SecretLookup(200, managed(NAME, "u1")), null))
                .getCode())
        .isEqualTo(404);
    Secret foreign =
        new SecretBuilder(managed(NAME, "u1"))
            .editMetadata()
            .withOwnerReferences()
            .endMetadata()
            .build();
    assertThat(
            refused(
                    () ->
                        translation.readable(NAME, new SecretLookup(200, foreign), resource("u1")))
                .getCode())
        .isEqualTo(404);
    Secret ownedByADeployment =
        new SecretBuilder(managed(NAME, "u1"))
            .editMetadata()
            .editFirstOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(
            refused(
                    () ->
                        translation.readable(
                            NAME, new SecretLookup(200, ownedByADeployment), resource("u1")))
                .getCode())
        .isEqualTo(404);
    assertThat(
            refused(() -> translation.readable(NAME, new SecretLookup(403, null), resource("u1")))
                .getCode())
        .isEqualTo(404);
  }

  @Test
  void aReadRbacRefusedIsNotFoundUnlessTheOperatorHasWrittenTheSecret() {
    assertThat(Translation.unreadable(NAME, null).getCode()).as("no resource").isEqualTo(404);
    assertThat(Translation.unreadable(NAME, resource("u1")).getCode())
        .as("not synced yet: no Secret")
        .isEqualTo(404);
    OpenMetadataSecret synced = withReady(3, "Synced", "ok");
    synced.getStatus().setSecretName(NAME);
    Status forbidden = Translation.unreadable(NAME, synced);
    assertThat(forbidden.getCode()).isEqualTo(403);
    assertThat(forbidden.getMessage()).contains("om-secrets-readers", "readers.subjects");
  }

  private static OpenMetadataSecret withReady(long observed, String reason, String message) {
    OpenMetadataSecret resource = resource("u1");
    resource.getMetadata().setGeneration(3L);
    OpenMetadataSecretStatus status = new OpenMetadataSecretStatus();
    status.setObservedGeneration(observed);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("Synced".equals(reason) ? "True" : "False")
                .withReason(reason)
                .withMessage(message)
                .build()));
    resource.setStatus(status);
    return resource;
  }

  @ParameterizedTest
  @CsvSource({
    // observed generation, reason, expected outcome
    "2, Synced, pending",
    "3, Synced, done",
    "4, Synced, superseded",
    "3, ApiError, pending",
    "3, Conflict, 409 AlreadyExists",
    "3, NameCollision, 409 Conflict",
    "3, PolicyDenied, 403 Forbidden",
    "3, InvalidSpec, 422 Invalid",
    "3, DecryptionFailed, 500 InternalError",
  })
  void theOperatorsStatusTellsHowFarAWriteHasGot(long observed, String reason, String expected) {
    WriteProgress progress =
        WriteProgress.ofResource(
            NAME, withReady(observed, reason, "the operator's words"), "u1", 3);
    switch (expected) {
      case "pending" -> assertThat(progress).isInstanceOf(WriteProgress.Pending.class);
      case "done" -> assertThat(progress).isEqualTo(new WriteProgress.Done(false));
      case "superseded" -> assertThat(progress).isEqualTo(new WriteProgress.Done(true));
      default ->
          assertThat(progress)
              .isInstanceOfSatisfying(
                  WriteProgress.Failed.class,
                  f -> {
                    assertThat(f.status().getCode() + " " + f.status().getReason())
                        .isEqualTo(expected);
                    assertThat(f.status().getMessage()).contains("the operator's words");
                  });
    }
  }

  @Test
  void aResourceThatVanishedOrWasReplacedFailsTheWrite() {
    assertThat(WriteProgress.ofResource(NAME, null, "u1", 1))
        .isInstanceOfSatisfying(
            WriteProgress.Failed.class, f -> assertThat(f.status().getCode()).isEqualTo(409));
    assertThat(WriteProgress.ofResource(NAME, resource("u2"), "u1", 1))
        .isInstanceOf(WriteProgress.Failed.class);
    assertThat(WriteProgress.ofResource(NAME, resource("u1"), "u1", 1))
        .isInstanceOfSatisfying(
            WriteProgress.Pending.class,
            p -> assertThat(p.why()).contains("is the operator running?"));
  }

  @Test
  void readYourWritesWaitsUntilTheSecretReadsBackTheValue() {
    byte[] v1 = utf8("v1");
    assertThat(WriteProgress.ofSecret(NAME, new SecretLookup(200, managed(NAME, "u1")), v1))
        .isEqualTo(new WriteProgress.Done(false));
    assertThat(WriteProgress.ofSecret(NAME, new SecretLookup(200, managed(NAME, "u1")), utf8("v2")))
        .isInstanceOf(WriteProgress.Pending.class);
    assertThat(WriteProgress.ofSecret(NAME, new SecretLookup(200, managed(NAME, "u1")), null))
        .isEqualTo(new WriteProgress.Done(true));
    assertThat(WriteProgress.ofSecret(NAME, new SecretLookup(403, null), v1))
        .isInstanceOfSatisfying(
            WriteProgress.Pending.class,
            p -> assertThat(p.why()).contains("om-secrets-readers").contains("readers.subjects"));
    assertThat(WriteProgress.ofSecret(NAME, new SecretLookup(404, null), v1))
        .isInstanceOf(WriteProgress.Pending.class);
  }

  @Test
  void statusObjectsAreWhatTheApiServerWrites() throws Exception {
    JsonNode notFound =
        Serialization.jsonMapper().readTree(Serialization.asJson(KubeStatus.notFound("x")));
    assertThat(notFound)
        .isEqualTo(
            Serialization.jsonMapper()
                .readTree(
                    """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \\"x\\" not found",
         "reason":"NotFound","details":{"name":"x","kind":"secrets"},"code":404}"""));
    JsonNode invalid =
        Serialization.jsonMapper()
            .readTree(Serialization.asJson(KubeStatus.invalid("x", "data[a]", "Forbidden")));
    assertThat(invalid)
        .isEqualTo(
            Serialization.jsonMapper()
                .readTree(
                    """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
         "message":"Secret \\"x\\" is invalid: data[a]: Forbidden","reason":"Invalid",
         "details":{"name":"x","kind":"Secret","causes":[{"reason":"FieldValueInvalid","message":"Forbidden","field":"data[a]"}]},
         "code":422}"""));
    JsonNode deleted =
        Serialization.jsonMapper().readTree(Serialization.asJson(KubeStatus.deleted("x", "u")));
    assertThat(deleted)
        .isEqualTo(
            Serialization.jsonMapper()
                .readTree(
                    """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"x","kind":"secrets","uid":"u"}}"""));
  }

  @ParameterizedTest
  @CsvSource({
    "-1, 503, ServiceUnavailable", // fabric8's code when it could not connect
    "0, 503, ServiceUnavailable",
    "502, 503, ServiceUnavailable",
    "429, 503, ServiceUnavailable",
    "403, 403, Forbidden",
    "409, 409, Conflict",
    "422, 500, InternalError",
  })
  void apiServerFailuresBecomeAStatusNamingTheCodeOnly(int code, int expected, String reason) {
    Status status = KubeStatus.apiFailure(NAME, code);
    assertThat(status.getCode()).isEqualTo(expected);
    assertThat(status.getReason()).isEqualTo(reason);
  }

  @Test
  void aTimeoutSaysTheWriteStaysAndWhyItIsNotVisibleYet() {
    Status status = KubeStatus.timedOut(NS, NAME, "the operator has not synced it yet", 5);
    assertThat(status.getCode()).isEqualTo(504);
    assertThat(status.getReason()).isEqualTo("Timeout");
    assertThat(status.getMessage())
        .isEqualTo(
            "OpenMetadataSecret openmetadata/"
                + NAME
                + " was written, but after 5s"
                + " the operator has not synced it yet; the operator applies it when it can, and a read returns the Secret"
                + " once it holds the value");
  }
}
