package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/** One namespace's burst of resources does not make another namespace wait behind all of it. */
class FairnessTest {

  @Test
  void aQuietNamespacesResourceIsServedBeforeAFloodingNamespacesBacklog() {
    // One reconcile thread and 4 writes/s: each of the flood's 30 reconciliations (3 writes) takes
    // 0.75 s, so nearly all of them are still queued when team-b's resource arrives.
    try (MockOperator op =
        new MockOperator(
            Map.of(
                "OM_SM_NAMESPACE",
                "team-a,team-b",
                "OM_SM_RECONCILE_THREADS",
                "1",
                "OM_SM_WRITE_RATE",
                "4",
                "OM_SM_WRITE_BURST",
                "1"))) {
      op.stop(); // the flood is there when the operator starts: all 30 are queued at once
      for (int i = 0; i < 30; i++) {
        op.create(
            TestResources.withValue(
                "team-a", "flood-" + i, "database/flood" + i + "/password", "v"));
      }
      op.start();
      op.create(TestResources.withValue("team-b", "quiet", "database/quiet/password", "v"));

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(Conditions.readyCondition(op.get("team-b", "quiet").getStatus()))
                      .isPresent());
      long floodReady =
          op
              .client
              .resources(OpenMetadataSecret.class)
              .inNamespace("team-a")
              .list()
              .getItems()
              .stream()
              .filter(cr -> Conditions.readyCondition(cr.getStatus()).isPresent())
              .count();
      assertThat(floodReady).as("team-a's resources served before team-b's one").isLessThan(15);
    }
  }
}
