package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * Issue 15, item 5, as the attack was made: an author holding only the chart's OpenMetadata-server
 * Role in team-a deletes its own resources; the operator runs as its own ServiceAccount with the
 * chart's RBAC, watching team-a and team-b, on a real API server with a garbage collector.
 */
@ExtendWith(ControlPlaneExtension.class)
class DeletionBreakerIT {

  private static final String RECORD = "om-secrets-operator-deletion-breaker";
  private static ControlPlane cp;
  private static String teamA;
  private static String teamB;
  private static String operatorNs;
  private static KubernetesClient operatorClient;
  private static OperatorRuntime operator;

  @BeforeAll
  static void installChartRbacAndStartTheOperator(ControlPlane controlPlane) {
    cp = controlPlane;
    teamA = cp.createNamespace("team-a");
    teamB = cp.createNamespace("team-b");
    operatorNs = cp.createNamespace("om-system");
    Helm.Result rendered =
        Helm.renderChart(
            Helm.RELEASE,
            "--namespace",
            operatorNs,
            "--set",
            "watchNamespaces={" + teamA + "," + teamB + "}",
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            "openmetadataServer.subjects[0].kind=ServiceAccount",
            "--set",
            "openmetadataServer.subjects[0].name=author",
            "--set",
            "openmetadataServer.subjects[0].namespace=" + teamA);
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    cp.applyRbac(Helm.parse(rendered.stdout()));
    operatorClient = cp.clientAs(operatorNs, "om-secrets-operator");
    operator =
        OperatorRuntime.start(
            OperatorConfig.from(
                Map.of(
                    "OM_SM_NAMESPACE",
                    teamA + "," + teamB,
                    "OM_SM_HTTP_PORT",
                    "0",
                    "OM_SM_HEALTH_PORT",
                    "0",
                    "OM_SM_ALLOW_PLAINTEXT",
                    "true",
                    "OM_SM_OPERATOR_NAMESPACE",
                    operatorNs,
                    "OM_SM_DELETION_BREAKER_THRESHOLD",
                    "5")),
            operatorClient);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
  }

  private static OpenMetadataSecret get(String namespace, String name) {
    return cp.admin()
        .resources(OpenMetadataSecret.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private static void awaitSynced(String namespace, String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.readyCondition(get(namespace, name).getStatus())
                            .map(c -> c.getReason()))
                    .contains("Synced"));
  }

  private static boolean paused(OpenMetadataSecret cr) {
    return Conditions.condition(cr.getStatus(), Conditions.DELETIONS_PAUSED).isPresent();
  }

  @Test
  void anAuthorsMassDeletionPausesOnlyItsNamespaceAndOnlyAnAdministratorClosesTheBreaker() {
    try (KubernetesClient author = cp.clientAs(teamA, "author")) {
      cp.admin()
          .resource(TestResources.withValue(teamB, "neighbour", "database/neighbour/password", "n"))
          .create();
      for (int i = 0; i < 8; i++) {
        author
            .resource(TestResources.withValue(teamA, "r" + i, "database/r" + i + "/password", "v"))
            .create();
      }
      awaitSynced(teamB, "neighbour");
      for (int i = 0; i < 8; i++) {
        awaitSynced(teamA, "r" + i);
      }

      for (int i = 0; i < 6; i++) { // the sixth deletion within a minute opens team-a's breaker
        author.resources(OpenMetadataSecret.class).inNamespace(teamA).withName("r" + i).delete();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                for (String survivor : new String[] {"r6", "r7"}) {
                  assertThat(get(teamA, survivor).getMetadata().getFinalizers())
                      .contains("secrets.open-metadata.org/retain");
                  assertThat(paused(get(teamA, survivor))).isTrue();
                }
              });
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(get(teamB, "neighbour").getMetadata().getFinalizers())
                    .as("team-b is not paused")
                    .isEmpty();
                assertThat(paused(get(teamB, "neighbour"))).isFalse();
              });
      cp.admin()
          .resources(OpenMetadataSecret.class)
          .inNamespace(teamB)
          .withName("neighbour")
          .delete();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          cp.admin()
                              .secrets()
                              .inNamespace(teamB)
                              .withName("openmetadata-database-neighbour-password")
                              .get())
                      .as(
                          "the garbage collector deletes team-b's Delete-policy Secret with its resource")
                      .isNull());

      // Recorded by the operator (under the chart's RBAC) in its own namespace, out of the author's
      // reach.
      var record = cp.admin().configMaps().inNamespace(operatorNs).withName(RECORD);
      await().untilAsserted(() -> assertThat(record.get().getData()).containsOnlyKeys(teamA));
      assertThatThrownBy(
              () ->
                  author
                      .configMaps()
                      .inNamespace(operatorNs)
                      .withName(RECORD)
                      .edit(
                          cm -> {
                            cm.getData().clear();
                            return cm;
                          }))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

      record.edit(
          cm -> {
            cm.getData().remove(teamA);
            return cm;
          });
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                for (String survivor : new String[] {"r6", "r7"}) {
                  OpenMetadataSecret cr = get(teamA, survivor);
                  assertThat(cr.getMetadata().getFinalizers()).isEmpty();
                  assertThat(paused(cr)).isFalse();
                }
              });
      author.resources(OpenMetadataSecret.class).inNamespace(teamA).withName("r6").delete();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          cp.admin()
                              .secrets()
                              .inNamespace(teamA)
                              .withName("openmetadata-database-r6-password")
                              .get())
                      .as("closed: a Delete resource's Secret goes with it again")
                      .isNull());
    }
  }
}
