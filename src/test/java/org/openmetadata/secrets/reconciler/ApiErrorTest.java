package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.metrics.OperatorMetrics;

/** API failures become a safe ApiError status and one event while the framework retries. */
class ApiErrorTest {

  private final List<String> events = new ArrayList<>();
  private final OpenMetadataSecretReconciler reconciler =
      new OpenMetadataSecretReconciler(
          OperatorConfig.from(Map.of()),
          null, // updateErrorStatus opens no sealed value
          (resource, reason, message) -> events.add(reason + ": " + message),
          new OperatorMetrics(),
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  private static KubernetesClientException failure(int code) {
    return new KubernetesClientException("Failure executing: POST ... Message: value 'hunter2' rejected", code, null);
  }

  @Test
  void forbiddenBecomesApiErrorWithASafeMessage() {
    OpenMetadataSecret cr = TestResources.stored(TestResources.withValue("om", "db", "database/db/password", "hunter2"));
    var control = reconciler.updateErrorStatus(cr, null,
        new SecretApiException("create", "om", "openmetadata-database-db-password", failure(403)));

    assertThat(control.getResource()).isPresent();
    var ready = Conditions.readyCondition(control.getResource().get().getStatus()).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("ApiError");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).isEqualTo(
        "could not create Secret om/openmetadata-database-db-password: forbidden (HTTP 403): check the operator's RBAC");
    assertThat(control.getResource().get().getStatus().getSecretName()).isEqualTo("openmetadata-database-db-password");
    assertThat(events).containsExactly("ApiError: " + ready.getMessage());
  }

  @Test
  void rawExceptionTextNeverReachesTheStatus() {
    OpenMetadataSecret cr = TestResources.stored(TestResources.withValue("om", "db", "database/db/password", "hunter2"));
    var control = reconciler.updateErrorStatus(cr, null, failure(500));
    var message = Conditions.readyCondition(control.getResource().orElseThrow().getStatus()).orElseThrow().getMessage();
    assertThat(message).isEqualTo("internal error (KubernetesClientException); retrying").doesNotContain("hunter2");
  }

  @Test
  void aRepeatedFailureDoesNotPatchOrRecordAgain() {
    OpenMetadataSecret cr = TestResources.stored(TestResources.withValue("om", "db", "database/db/password", "v"));
    var error = new SecretApiException("update", "om", "openmetadata-database-db-password", failure(503));
    cr.setStatus(reconciler.updateErrorStatus(cr, null, error).getResource().orElseThrow().getStatus());
    var again = reconciler.updateErrorStatus(cr, null, error);
    assertThat(again.getResource()).isEmpty();
    assertThat(events).hasSize(1);
  }

  @Test
  void optimisticLockConflictsAreRetriedSilently() {
    OpenMetadataSecret cr = TestResources.stored(TestResources.withValue("om", "db", "database/db/password", "v"));
    var control = reconciler.updateErrorStatus(cr, null,
        new SecretApiException("update", "om", "openmetadata-database-db-password", failure(409)));
    assertThat(control.getResource()).isEmpty();
    assertThat(events).isEmpty();
  }
}
