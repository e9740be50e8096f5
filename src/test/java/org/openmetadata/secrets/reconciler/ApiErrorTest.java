package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.Test;

/**
 * What an API failure says in the ApiError status and event (the framework hands it over wrapped);
 * the status and its one event are written on the mock API server in
 * OpenMetadataSecretReconcilerTest.
 */
class ApiErrorTest {

  private static KubernetesClientException failure(int code) {
    return new KubernetesClientException(
        "Failure executing: POST ... Message: value 'hunter2' rejected", code, null);
  }

  @Test
  void aSecretApiFailureSaysWhatFailedAndWhy() {
    var forbidden =
        new SecretApiException("create", "om", "openmetadata-database-db-password", failure(403));
    assertThat(OpenMetadataSecretReconciler.apiErrorMessage(new OperatorException(forbidden)))
        .contains(
            "could not create Secret om/openmetadata-database-db-password: forbidden (HTTP 403): check the operator's RBAC");
  }

  @Test
  void rawExceptionTextNeverReachesTheStatus() {
    assertThat(OpenMetadataSecretReconciler.apiErrorMessage(new OperatorException(failure(500))))
        .contains("internal error (KubernetesClientException); retrying");
    assertThat(OpenMetadataSecretReconciler.apiErrorMessage(failure(500)).orElseThrow())
        .doesNotContain("hunter2");
  }

  @Test
  void optimisticLockConflictsAreRetriedSilently() {
    var conflict =
        new SecretApiException("update", "om", "openmetadata-database-db-password", failure(409));
    assertThat(OpenMetadataSecretReconciler.apiErrorMessage(new OperatorException(conflict)))
        .isEmpty();
    assertThat(OpenMetadataSecretReconciler.apiErrorMessage(new OperatorException(failure(409))))
        .isEmpty();
    assertThat(OpenMetadataSecretReconciler.apiErrorMessage(conflict)).isEmpty();
    assertThat(
            OpenMetadataSecretReconciler.apiErrorMessage(
                new OperatorException(new StoredValues.StaleResourceException())))
        .isEmpty();
  }
}
