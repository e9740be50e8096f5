package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;

class DeletionBreakerTest {

  @Test
  void tripsOnlyWhenMoreThanTheThresholdFallInOneWindowCountingEachResourceOnce() {
    MutableClock clock = new MutableClock();
    List<String> opened = new ArrayList<>();
    DeletionBreaker breaker = new DeletionBreaker(3, Duration.ofSeconds(60), clock, opened::add);
    breaker.recordDeletion("ns", "a");
    breaker.recordDeletion("ns", "a");
    breaker.recordDeletion("ns", "b");
    breaker.recordDeletion("ns", "c");
    assertThat(breaker.isOpen("ns")).isFalse();
    clock.now = clock.now.plusSeconds(61); // a, b, c leave the window
    breaker.recordDeletion("ns", "d");
    breaker.recordDeletion("ns", "e");
    breaker.recordDeletion("ns", "f");
    assertThat(breaker.isOpen("ns")).isFalse();
    assertThat(breaker.recordDeletion("ns", "g")).isTrue();
    assertThat(breaker.isOpen("ns")).isTrue();
    assertThat(breaker.recordDeletion("ns", "h")).isFalse();
    assertThat(opened).containsExactly("ns");
  }

  @Test
  void eachNamespaceCountsItsOwnDeletions() {
    DeletionBreaker breaker =
        new DeletionBreaker(3, Duration.ofSeconds(60), new MutableClock(), ns -> {});
    for (int i = 0; i < 3; i++) {
      breaker.recordDeletion("team-a", "a" + i);
      breaker.recordDeletion("team-b", "b" + i);
    }
    assertThat(breaker.isOpen("team-a")).isFalse();
    assertThat(breaker.isOpen("team-b")).isFalse();
    breaker.recordDeletion("team-a", "a3");
    assertThat(breaker.isOpen("team-a")).isTrue();
    assertThat(breaker.isOpen("team-b")).isFalse();
    assertThat(breaker.describe("team-a"))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("more than 3 resources were deleted within 60 s")
                    .contains("breaker close team-a"));
    assertThat(breaker.describe("team-b")).isEmpty();
  }

  @Test
  void closingForgetsTheDeletionsCountedSoFar() {
    DeletionBreaker breaker =
        new DeletionBreaker(3, Duration.ofSeconds(60), new MutableClock(), ns -> {});
    for (int i = 0; i < 4; i++) {
      breaker.recordDeletion("ns", "r" + i);
    }
    assertThat(breaker.close("ns")).isTrue();
    assertThat(breaker.close("ns")).isFalse();
    breaker.recordDeletion("ns", "r4");
    assertThat(breaker.isOpen("ns"))
        .as("one more deletion after closing does not trip it again")
        .isFalse();
  }

  @Test
  void aZeroThresholdNeverTrips() {
    DeletionBreaker breaker =
        new DeletionBreaker(0, Duration.ofSeconds(60), Clock.systemUTC(), ns -> {});
    for (int i = 0; i < 100; i++) {
      breaker.recordDeletion("ns", "r" + i);
    }
    assertThat(breaker.isOpen("ns")).isFalse();
  }

  private static final String TEAM_A = "team-a";
  private static final String TEAM_B = "team-b";
  private static final String OPERATOR_NS = "om-system";
  private static final String[] SURVIVORS = {"r4", "r5"};

  private static MockOperator twoTeams() {
    return new MockOperator(
        Map.of("OM_SM_NAMESPACE", TEAM_A + "," + TEAM_B, "OM_SM_DELETION_BREAKER_THRESHOLD", "3"));
  }

  /** Six resources in team-a and a neighbour in team-b, then team-a deletes four of its own. */
  private static void massDeletionInTeamA(MockOperator op) {
    op.create(TestResources.withValue(TEAM_B, "neighbour", "database/neighbour/password", "v"));
    for (int i = 0; i < 6; i++) {
      op.create(TestResources.withValue(TEAM_A, "r" + i, "database/r" + i + "/password", "v"));
    }
    op.awaitSynced(TEAM_B, "neighbour");
    for (int i = 0; i < 6; i++) {
      op.awaitSynced(TEAM_A, "r" + i);
    }
    for (int i = 0; i < 4; i++) { // the fourth deletion within a minute opens team-a's breaker
      op.delete(TEAM_A, "r" + i);
    }
    await()
        .untilAsserted(
            () -> {
              for (String survivor : SURVIVORS) {
                assertPaused(op, TEAM_A, survivor);
              }
            });
  }

  private static void assertPaused(MockOperator op, String namespace, String name) {
    OpenMetadataSecret cr = op.get(namespace, name);
    assertThat(cr.getMetadata().getFinalizers())
        .contains(OpenMetadataSecretReconciler.RETAIN_FINALIZER);
    assertThat(Conditions.condition(cr.getStatus(), Conditions.DELETIONS_PAUSED))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(op.eventCount(namespace, name, "DeletionsPaused")).isEqualTo(1);
  }

  @Test
  void anAuthorsMassDeletionPausesItsOwnNamespaceOnly() {
    try (MockOperator op = twoTeams()) {
      massDeletionInTeamA(op);

      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                OpenMetadataSecret neighbour = op.get(TEAM_B, "neighbour");
                assertThat(neighbour.getMetadata().getFinalizers())
                    .as("team-b is not paused")
                    .isEmpty();
                assertThat(Conditions.condition(neighbour.getStatus(), Conditions.DELETIONS_PAUSED))
                    .isEmpty();
                assertThat(op.eventReasons(TEAM_B, "neighbour")).doesNotContain("DeletionsPaused");
              });
      assertThat(op.runtime.metrics().scrape())
          .contains("oms_deletion_breaker_open{namespace=\"team-a\"} 1.0")
          .contains("oms_deletion_breaker_open{namespace=\"team-b\"} 0.0");

      op.delete(TEAM_B, "neighbour");
      await().untilAsserted(() -> assertThat(op.get(TEAM_B, "neighbour")).isNull());
      // The mock has no garbage collector: the Secret is still there, and still owned, so on a
      // cluster it goes with its resource as its Delete policy says.
      assertThat(
              op.secret(TEAM_B, "openmetadata-database-neighbour-password")
                  .getMetadata()
                  .getOwnerReferences())
          .as("the operator did not release team-b's Secret")
          .isNotEmpty();
    }
  }

  @Test
  void theBreakerOpeningRecordsOneDeletionsPausedEventPerResource() {
    try (MockOperator op = twoTeams()) {
      massDeletionInTeamA(op);
      // Later reconciliations (a Secret event, a resync) do not record it again.
      op.client
          .secrets()
          .inNamespace(TEAM_A)
          .withName("openmetadata-database-r4-password")
          .delete();
      await()
          .untilAsserted(
              () -> assertThat(op.secret(TEAM_A, "openmetadata-database-r4-password")).isNotNull());
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                for (String survivor : SURVIVORS) {
                  assertPaused(op, TEAM_A, survivor);
                }
              });
    }
  }

  @Test
  void whileOpenADeletedResourcesSecretIsReleasedNotDeleted() {
    try (MockOperator op = twoTeams()) {
      massDeletionInTeamA(op);

      op.delete(TEAM_A, "r4");
      await().untilAsserted(() -> assertThat(op.get(TEAM_A, "r4")).isNull());
      var kept = op.secret(TEAM_A, "openmetadata-database-r4-password");
      assertThat(kept)
          .as("the Secret of a Delete-policy resource is kept while the breaker is open")
          .isNotNull();
      assertThat(kept.getMetadata().getOwnerReferences()).isEmpty();
    }
  }

  @Test
  void removingTheNamespacesKeyFromTheRecordClosesTheBreakerAndDeletionsResume() {
    try (MockOperator op = twoTeams()) {
      op.create(
          TestResources.retained(
              TestResources.withValue(TEAM_A, "kept", "database/kept/password", "v")));
      op.awaitSynced(TEAM_A, "kept");
      massDeletionInTeamA(op);
      var record = op.client.configMaps().inNamespace(OPERATOR_NS).withName(BreakerRecord.NAME);
      assertThat(record.get().getData())
          .containsOnly(Map.entry(TEAM_A, "more than 3 resources were deleted within 60 s"));

      record.edit(
          cm -> {
            cm.getData().remove(TEAM_A); // what `kubectl om-secrets breaker close team-a` does
            return cm;
          });

      await()
          .untilAsserted(
              () -> {
                for (String survivor : SURVIVORS) {
                  OpenMetadataSecret cr = op.get(TEAM_A, survivor);
                  assertThat(cr.getMetadata().getFinalizers())
                      .as("a Delete resource carries no finalizer again")
                      .isEmpty();
                  assertThat(Conditions.condition(cr.getStatus(), Conditions.DELETIONS_PAUSED))
                      .isEmpty();
                  assertThat(op.eventCount(TEAM_A, survivor, "DeletionsResumed")).isEqualTo(1);
                }
                assertThat(op.get(TEAM_A, "kept").getMetadata().getFinalizers())
                    .as("a Retain resource keeps its own")
                    .containsExactly(OpenMetadataSecretReconciler.RETAIN_FINALIZER);
              });
      assertThat(op.runtime.metrics().scrape())
          .contains("oms_deletion_breaker_open{namespace=\"team-a\"} 0.0");

      op.delete(TEAM_A, "r4");
      await().untilAsserted(() -> assertThat(op.get(TEAM_A, "r4")).isNull());
      assertThat(
              op.secret(TEAM_A, "openmetadata-database-r4-password")
                  .getMetadata()
                  .getOwnerReferences())
          .as("left to the garbage collector again")
          .isNotEmpty();
    }
  }

  @Test
  void anOpenBreakerStaysOpenAcrossARestartWithoutRepeatingItsEvents() {
    try (MockOperator op = twoTeams()) {
      massDeletionInTeamA(op);

      op.restart();
      op.create(TestResources.withValue(TEAM_A, "new", "database/new/password", "v"));
      await().untilAsserted(() -> assertPaused(op, TEAM_A, "new"));
      assertThat(op.runtime.metrics().scrape())
          .contains("oms_deletion_breaker_open{namespace=\"team-a\"} 1.0");
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                for (String survivor : SURVIVORS) {
                  assertPaused(op, TEAM_A, survivor);
                }
              });
    }
  }
}
