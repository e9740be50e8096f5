package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.it.ControlPlane;
import org.openmetadata.secrets.it.ControlPlaneExtension;

/**
 * Issue 13: the status write as the reconciler sends it, on a real API server (the mock does not
 * check versions in a JSON Patch). A status computed from a version that has since moved on is
 * refused with 409, so JOSDK retries from the newer one; a current one replaces the status whole.
 */
@ExtendWith(ControlPlaneExtension.class)
class StatusPatchIT {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aStatusFromAnOlderVersionIsRefusedAndACurrentOneReplacesTheStatusWhole(ControlPlane cp) {
    KubernetesClient client = cp.admin();
    String ns = cp.createNamespace("status-patch");
    OpenMetadataSecret seen =
        client.resource(TestResources.withValue(ns, "db", "database/db/password", "v")).create();
    OpenMetadataSecretStatus failed =
        StatusBuilder.build(
            null, 1L, Outcome.failed(Reason.InvalidSpec, "spec.path: empty", null), NOW);
    // Someone else writes the resource after the operator read it.
    client
        .resource(seen)
        .edit(
            r -> {
              r.getMetadata().setLabels(Map.of("team", "data"));
              return r;
            });

    assertThatThrownBy(() -> writeStatus(client, seen, failed))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(HttpURLConnection.HTTP_CONFLICT));
    assertThat(client.resource(seen).get().getStatus())
        .isNotEqualTo(failed)
        .extracting(OpenMetadataSecretStatus::getConditions)
        .asList()
        .isNullOrEmpty();

    OpenMetadataSecret current = writeStatus(client, client.resource(seen).get(), failed);
    assertThat(current.getStatus()).isEqualTo(failed);
    assertThat(current.getStatus().getConditions()).extracting("type").contains("Stalled");

    OpenMetadataSecretStatus synced =
        StatusBuilder.build(
            current.getStatus(),
            1L,
            Outcome.synced("openmetadata-database-db-password"),
            NOW.plusSeconds(5));
    OpenMetadataSecret after = writeStatus(client, current, synced);
    assertThat(after.getStatus()).isEqualTo(synced);
    assertThat(after.getStatus().getConditions()).extracting("type").doesNotContain("Stalled");
    assertThat(after.getSpec()).usingRecursiveComparison().isEqualTo(seen.getSpec());
    assertThat(after.getMetadata().getLabels()).containsEntry("team", "data");
  }

  /**
   * What {@code OpenMetadataSecretReconciler.writeStatus} sends, for the version {@code read} has.
   */
  private static OpenMetadataSecret writeStatus(
      KubernetesClient client, OpenMetadataSecret read, OpenMetadataSecretStatus status) {
    return client
        .resource(read)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON),
            StatusPatch.of(
                read.getMetadata().getResourceVersion(),
                status,
                client.getKubernetesSerialization()));
  }
}
