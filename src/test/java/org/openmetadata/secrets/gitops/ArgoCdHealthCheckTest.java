package org.openmetadata.secrets.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.gitops.ArgoCdHealthCheck.Health;
import org.openmetadata.secrets.reconciler.Outcome;
import org.openmetadata.secrets.reconciler.StatusBuilder;

/**
 * docs/argocd/health-openmetadatasecret.lua, run as Argo CD runs it: on hand-written resources (for
 * the shapes the operator never writes: missing fields, odd values) and on resources whose status
 * the operator's own {@link StatusBuilder} wrote, so that the check follows the operator's real
 * output, reason by reason.
 */
class ArgoCdHealthCheckTest {

  private static final Path SCRIPT =
      ArgoCdHealthCheck.ROOT.resolve("docs/argocd/health-openmetadatasecret.lua");
  private static final Path CM_PATCH =
      ArgoCdHealthCheck.ROOT.resolve("docs/argocd/argocd-cm-patch.yaml");
  private static final String HEALTH_KEY =
      "resource.customizations.health." + OpenMetadataSecret.GROUP + "_" + OpenMetadataSecret.KIND;

  /** What Argo CD accepts from a health check; anything else becomes Unknown. */
  private static final Set<String> ARGO_HEALTH =
      Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String SECRET = "openmetadata-database-mysql-prod-password";

  private static final ArgoCdHealthCheck CHECK = ArgoCdHealthCheck.load(SCRIPT);

  private static Health health(String json) {
    Health health = CHECK.evaluate(json);
    assertThat(health.status()).as("health status of %s", json).isIn(ARGO_HEALTH);
    assertThat(health.message()).as("health message of %s", json).isNotNull();
    return health;
  }

  /** A stored resource (generation 1) as the API server returns it, with this status. */
  private static OpenMetadataSecret resource(OpenMetadataSecretStatus status) {
    OpenMetadataSecret resource =
        TestResources.stored(
            TestResources.fromSecret(
                "openmetadata",
                "mysql-prod-password",
                "database/mysql_prod/password",
                "database-credentials",
                "mysql-prod"));
    resource.setStatus(status);
    return resource;
  }

  private static Health health(OpenMetadataSecret resource) {
    return health(Serialization.asJson(resource));
  }

  /** A hand-written resource: generation 2 and this status (JSON, or null for none). */
  private static String json(String status) {
    return """
        {"apiVersion": "secrets.open-metadata.org/v1alpha1", "kind": "OpenMetadataSecret",
         "metadata": {"name": "mysql-prod-password", "namespace": "openmetadata", "generation": 2},
         "spec": {"path": "database/mysql_prod/password",
                  "valueFrom": {"secretKeyRef": {"name": "database-credentials", "key": "mysql-prod"}}}%s}
        """
        .formatted(status == null ? "" : ", \"status\": " + status);
  }

  private static String condition(String type, String status, String reason, String message) {
    return """
        {"type": "%s", "status": "%s", "reason": "%s", "message": "%s", "observedGeneration": 2,
         "lastTransitionTime": "2025-06-01T12:00:00Z"}"""
        .formatted(type, status, reason, message);
  }

  private static String status(String... conditions) {
    return "{\"secretName\": \""
        + SECRET
        + "\", \"observedGeneration\": 2, \"conditions\": ["
        + String.join(", ", conditions)
        + "]}";
  }

  // --- hand-written resources --------------------------------------------------------------------

  @Test
  void aResourceWithoutStatusWaitsForTheOperator() {
    assertThat(health(json(null))).isEqualTo(new Health("Progressing", "Waiting for the operator"));
  }

  /** What the API server returns before the operator's first status: the CRD's default. */
  @Test
  void aResourceWithTheDefaultStatusWaitsForTheOperator() {
    assertThat(health(json("{\"observedGeneration\": 0}")))
        .isEqualTo(new Health("Progressing", "Waiting for the operator"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"observedGeneration\": 2}",
        "{\"observedGeneration\": 2, \"conditions\": []}",
        "{\"conditions\": \"Ready\"}",
        "{\"conditions\": [\"Ready\", 7, null, {}, {\"status\": \"True\"}]}",
        "\"Ready\"",
      })
  void aStatusWithoutReadyConditionWaitsForTheOperator(String status) {
    assertThat(health(json(status)))
        .isEqualTo(new Health("Progressing", "Waiting for the operator"));
  }

  @Test
  void anObjectWithNothingButAKindWaits() {
    assertThat(health("{\"kind\": \"OpenMetadataSecret\"}"))
        .isEqualTo(new Health("Progressing", "Waiting for the operator"));
  }

  @Test
  void aStatusForAnOlderGenerationWaitsForTheNewOne() {
    String olderReady =
        status(condition("Ready", "True", "Synced", "Secret " + SECRET + " is up to date"))
            .replace(
                "\"observedGeneration\": 2, \"conditions\"",
                "\"observedGeneration\": 1, \"conditions\"");
    assertThat(health(json(olderReady)))
        .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));
  }

  @Test
  void aStatusWithoutObservedGenerationWaitsToo() {
    String noObserved =
        "{\"conditions\": [" + condition("Ready", "True", "Synced", "up to date") + "]}";
    assertThat(health(json(noObserved)))
        .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));
  }

  @Test
  void withoutMetadataGenerationTheStatusIsTakenAsItIs() {
    String resource =
        "{\"kind\": \"OpenMetadataSecret\", \"metadata\": {\"name\": \"x\"}, \"status\": "
            + status(condition("Ready", "True", "Synced", "up to date"))
            + "}";
    assertThat(health(resource)).isEqualTo(new Health("Healthy", "up to date"));
  }

  @Test
  void readyTrueIsHealthyWithTheReadyMessage() {
    String synced =
        status(condition("Ready", "True", "Synced", "Secret " + SECRET + " is up to date"));
    assertThat(health(json(synced)))
        .isEqualTo(new Health("Healthy", "Secret " + SECRET + " is up to date"));
  }

  @Test
  void aConflictWithStalledIsDegradedWithTheReasonInTheMessage() {
    String message = "Secret " + SECRET + " exists and is not managed by this operator";
    String conflict =
        status(
            condition("Ready", "False", "Conflict", message),
            condition("Stalled", "True", "Conflict", message));
    assertThat(health(json(conflict))).isEqualTo(new Health("Degraded", "Conflict: " + message));
  }

  @Test
  void anApiErrorWithReconcilingIsProgressing() {
    String message = "create Secret failed with HTTP 503; retrying";
    String apiError =
        status(
            condition("Ready", "False", "ApiError", message),
            condition("Reconciling", "True", "ApiError", message));
    assertThat(health(json(apiError))).isEqualTo(new Health("Progressing", message));
  }

  @Test
  void readyFalseWithoutStalledIsDegraded() {
    String message = "Secret database-credentials has no key mysql-prod";
    String sourceNotFound = status(condition("Ready", "False", "SourceNotFound", message));
    assertThat(health(json(sourceNotFound)))
        .isEqualTo(new Health("Degraded", "SourceNotFound: " + message));
  }

  @Test
  void stalledFalseAndReconcilingFalseAreIgnored() {
    String message = "Secret database-credentials has no key mysql-prod";
    String odd =
        status(
            condition("Ready", "False", "SourceNotFound", message),
            condition("Reconciling", "False", "SourceNotFound", message),
            condition("Stalled", "False", "SourceNotFound", message));
    assertThat(health(json(odd))).isEqualTo(new Health("Degraded", "SourceNotFound: " + message));
  }

  @Test
  void aReadyConditionWithoutReasonOrMessageIsStillReadable() {
    String bare =
        "{\"observedGeneration\": 2, \"conditions\": [{\"type\": \"Ready\", \"status\": \"False\"}]}";
    assertThat(health(json(bare))).isEqualTo(new Health("Degraded", ""));
    String reasonOnly =
        "{\"observedGeneration\": 2, \"conditions\": "
            + "[{\"type\": \"Ready\", \"status\": \"False\", \"reason\": \"InvalidSpec\"}]}";
    assertThat(health(json(reasonOnly))).isEqualTo(new Health("Degraded", "InvalidSpec"));
    String healthyBare =
        "{\"observedGeneration\": 2, \"conditions\": [{\"type\": \"Ready\", \"status\": \"True\"}]}";
    assertThat(health(json(healthyBare))).isEqualTo(new Health("Healthy", ""));
  }

  @Test
  void readyUnknownWaits() {
    String unknown = status(condition("Ready", "Unknown", "Pending", "starting"));
    assertThat(health(json(unknown)))
        .isEqualTo(new Health("Progressing", "Waiting for the operator (Ready is Unknown)"));
  }

  // --- the operator's own status -----------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Reason.class)
  void everyReasonTheOperatorWritesMapsToTheDocumentedHealth(Reason reason) {
    Outcome outcome =
        reason.ready()
            ? Outcome.synced(SECRET)
            : Outcome.failed(reason, "what went wrong with " + SECRET, SECRET);
    Health health = health(resource(StatusBuilder.build(null, 1L, outcome, NOW)));

    if (reason.ready()) {
      assertThat(health).isEqualTo(new Health("Healthy", outcome.message()));
    } else if (reason.retried()) {
      assertThat(health).isEqualTo(new Health("Progressing", outcome.message()));
    } else {
      assertThat(health)
          .isEqualTo(new Health("Degraded", reason.name() + ": " + outcome.message()));
    }
  }

  @Test
  void aSpecChangeIsProgressingUntilTheOperatorWritesTheNewGeneration() {
    OpenMetadataSecretStatus synced1 = StatusBuilder.build(null, 1L, Outcome.synced(SECRET), NOW);
    OpenMetadataSecret resource = resource(synced1);
    assertThat(health(resource).status()).isEqualTo("Healthy");

    resource
        .getMetadata()
        .setGeneration(2L); // someone changed the spec; the status is still generation 1's
    assertThat(health(resource))
        .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));

    resource.setStatus(
        StatusBuilder.build(synced1, 2L, Outcome.synced(SECRET), NOW.plusSeconds(5)));
    assertThat(health(resource)).isEqualTo(new Health("Healthy", Outcome.synced(SECRET).message()));
  }

  @Test
  void aResolvedFailureIsHealthyAgain() {
    OpenMetadataSecretStatus conflict =
        StatusBuilder.build(null, 1L, Outcome.failed(Reason.Conflict, "taken", SECRET), NOW);
    assertThat(health(resource(conflict))).isEqualTo(new Health("Degraded", "Conflict: taken"));

    OpenMetadataSecretStatus synced =
        StatusBuilder.build(conflict, 1L, Outcome.synced(SECRET), NOW.plusSeconds(60));
    assertThat(health(resource(synced)).status()).isEqualTo("Healthy");

    OpenMetadataSecretStatus apiError =
        StatusBuilder.build(
            synced,
            1L,
            Outcome.failed(Reason.ApiError, "HTTP 500 on update", SECRET),
            NOW.plusSeconds(90));
    assertThat(health(resource(apiError)))
        .isEqualTo(new Health("Progressing", "HTTP 500 on update"));
  }

  @Test
  void aResourceTheOperatorHasNotSeenWaits() {
    assertThat(health(resource(null)))
        .isEqualTo(new Health("Progressing", "Waiting for the operator"));
  }

  // --- the copy in argocd-cm
  // ----------------------------------------------------------------------

  @Test
  void theArgocdCmPatchInlinesExactlyTheScript() throws IOException {
    ConfigMap patch = Serialization.unmarshal(Files.readString(CM_PATCH), ConfigMap.class);
    assertThat(patch.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(patch.getMetadata().getNamespace()).isEqualTo("argocd");
    assertThat(patch.getData()).containsOnlyKeys(HEALTH_KEY);
    assertThat(patch.getData().get(HEALTH_KEY))
        .as(
            "docs/argocd/argocd-cm-patch.yaml is stale: re-inline the script as its header comment says")
        .isEqualTo(Files.readString(SCRIPT));
  }
}
