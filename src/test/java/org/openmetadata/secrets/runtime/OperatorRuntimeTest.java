package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.demo.MockApiServer;
import org.slf4j.LoggerFactory;

/** Metrics, probes and leader election of the wired operator, on the mock API server. */
class OperatorRuntimeTest {

  private static final String NS = "om";
  private static final RuntimeOptions FAST_LEASE =
      new RuntimeOptions(
          false,
          Duration.ofSeconds(3),
          Duration.ofSeconds(2),
          Duration.ofMillis(250),
          Duration.ofSeconds(5));

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(OperatorRuntime runtime, String path) throws Exception {
    return get(runtime.httpPort(), path);
  }

  /** /healthz and /readyz, on the health port. */
  private static HttpResponse<String> probe(OperatorRuntime runtime, String path) throws Exception {
    return get(runtime.healthPort(), path);
  }

  private static OperatorConfig config(Map<String, String> extra) {
    var env =
        new HashMap<>(
            Map.of(
                "OM_SM_NAMESPACE",
                NS,
                "OM_SM_HTTP_PORT",
                "0",
                "OM_SM_HEALTH_PORT",
                "0",
                "OM_SM_ALLOW_PLAINTEXT",
                "true",
                "OM_SM_OPERATOR_NAMESPACE",
                "om-system"));
    env.putAll(extra);
    return OperatorConfig.from(env);
  }

  private static void awaitSynced(KubernetesClient client, String name) {
    await()
        .atMost(Duration.ofSeconds(20))
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
                    .contains("Synced"));
  }

  private static double reconciles(OperatorRuntime runtime) {
    return runtime.metrics().registry().find("oms_reconcile_outcomes").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void eachReconciliationGetsItsOwnCopyOfTheCachedResource() {
    var json = KubernetesClients.operatorSerialization();
    var cloner = OperatorRuntime.cloner(json);
    OpenMetadataSecret cached = TestResources.withValue("om", "db", "database/db/password", "v");

    OpenMetadataSecret copy = cloner.clone(cached);
    copy.getSpec().setPath("database/other/password");

    assertThat(copy).isNotSameAs(cached);
    assertThat(cached.getSpec().getPath()).isEqualTo("database/db/password");
    ResealRequest request = new ResealRequest();
    request.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("om").build());
    assertThat(json.asJson(cloner.clone(request))).isEqualTo(json.asJson(request));
    assertThat(cloner.clone(request)).isNotSameAs(request);
  }

  @Test
  void withoutTheResealRequestCrdTheOperatorServesOpenMetadataSecretsAndSaysReSealingIsOff() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.setContext(context);
    logged.start();
    Logger runtimeLog = context.getLogger(OperatorRuntime.class);
    runtimeLog.addAppender(logged);
    try (MockApiServer server = MockApiServer.withoutResealRequests();
        KubernetesClient client = server.createClient();
        OperatorRuntime runtime = OperatorRuntime.start(config(Map.of()), client)) {
      client.resource(TestResources.withValue(NS, "db", "database/db/password", "v")).create();
      awaitSynced(client, "db");
    } finally {
      runtimeLog.detachAppender(logged);
    }
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains(
            "the ResealRequest CRD is not installed, so re-sealing is off: apply the chart's crds/"
                + " (helm upgrade does not)");
  }

  @Test
  void metricsAndProbesAreServedOnTheirOwnPorts() throws Exception {
    try (MockApiServer server = new MockApiServer();
        KubernetesClient client = server.createClient();
        OperatorRuntime runtime = OperatorRuntime.start(config(Map.of()), client)) {
      client.resource(TestResources.withValue(NS, "db", "database/db/password", "v")).create();
      awaitSynced(client, "db");

      assertThat(probe(runtime, "/healthz").statusCode()).isEqualTo(200);
      assertThat(probe(runtime, "/readyz").body())
          .isEqualTo("ready: reconciling (leader election off)\n");
      var metrics = get(runtime, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("oms_secret_writes_total{action=\"created\"} 1.0")
          .contains("oms_reconcile_outcomes_total{namespace=\"" + NS + "\",reason=\"Synced\"}")
          .contains("oms_managed_secrets 1.0")
          .contains("jvm_memory_used_bytes")
          .contains("process_uptime_seconds")
          .contains("oms_ready 1.0")
          .contains("oms_resources{namespace=\"" + NS + "\",reason=\"Synced\"} 1.0")
          .containsPattern("operator_sdk_\\w*reconcil");
      assertThat(metrics.body()).as("no per-resource labels").doesNotContain("name=\"db\"");
      assertThat(get(runtime, "/nothing-here").statusCode()).isEqualTo(404);
      assertThat(get(runtime, "/healthz").statusCode())
          .as("probes only on the health port")
          .isEqualTo(404);
    }
  }

  /**
   * A real API server computes this review; the mock answers it with the Lease rights the chart
   * grants.
   */
  private static void grantLeases(MockApiServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withResourceRules(
                    new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("get", "create", "update")
                        .build())
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
  }

  @Test
  void aStandbyThatCannotReachTheLeaseIsNotReadyAndSaysWhy() throws Exception {
    try (MockApiServer server = new MockApiServer();
        KubernetesClient client = server.createClient()) {
      grantLeases(server);
      server
          .expect()
          .get()
          .withPath(
              "/apis/coordination.k8s.io/v1/namespaces/om-system/leases/"
                  + OperatorRuntime.LEASE_NAME)
          .andReturn(403, "forbidden")
          .always();
      try (OperatorRuntime runtime =
          OperatorRuntime.start(
              config(Map.of("OM_SM_LEADER_ELECTION", "true")), client, FAST_LEASE)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  var readyz = probe(runtime, "/readyz");
                  assertThat(readyz.statusCode()).isEqualTo(503);
                  assertThat(readyz.body())
                      .matches(
                          "not ready: standby \\S+, cannot read the Lease om-system/"
                              + OperatorRuntime.LEASE_NAME
                              + " \\(HTTP 403\\), so it could not take over\n");
                });
        assertThat(probe(runtime, "/healthz").statusCode())
            .as("healthy: a restart would not help")
            .isEqualTo(200);
      }
    }
  }

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenItStops() throws Exception {
    try (MockApiServer server = new MockApiServer();
        KubernetesClient client = server.createClient()) {
      grantLeases(server);
      var leaderElected =
          config(Map.of("OM_SM_LEADER_ELECTION", "true", "OM_SM_OPERATOR_NAMESPACE", "om-system"));
      OperatorRuntime first = OperatorRuntime.start(leaderElected, client, FAST_LEASE);
      OperatorRuntime second = OperatorRuntime.start(leaderElected, client, FAST_LEASE);
      try {
        client.resource(TestResources.withValue(NS, "one", "database/one/password", "v")).create();
        awaitSynced(client, "one");
        OperatorRuntime leader = reconciles(first) > 0 ? first : second;
        OperatorRuntime standby = leader == first ? second : first;
        assertThat(reconciles(standby)).as("the standby reconciles nothing").isZero();
        String leading = probe(leader, "/readyz").body();
        assertThat(leading).startsWith("ready: leading as ");
        String leaderIdentity = leading.substring("ready: leading as ".length()).strip();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  var standing = probe(standby, "/readyz");
                  assertThat(standing.statusCode()).isEqualTo(200);
                  assertThat(standing.body())
                      .startsWith("ready: standby ")
                      .contains(", " + leaderIdentity + " leads (Lease om-system/");
                });
        assertThat(
                client.leases().inNamespace("om-system").withName(OperatorRuntime.LEASE_NAME).get())
            .isNotNull();

        leader.close();
        // Given up on close, not left to expire: the standby need not wait out the Lease.
        assertThat(
                client
                    .leases()
                    .inNamespace("om-system")
                    .withName(OperatorRuntime.LEASE_NAME)
                    .get()
                    .getSpec()
                    .getHolderIdentity())
            .isNotEqualTo(leaderIdentity);
        client.resource(TestResources.withValue(NS, "two", "database/two/password", "v")).create();

        awaitSynced(client, "two");
        assertThat(reconciles(standby)).isPositive();
      } finally {
        first.close();
        second.close();
      }
    }
  }
}
