package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.bench.ForkedOperator;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * No dashboard panel and no alert on a metric that does not exist: the operator and the bridge (the
 * jar's {@code bridge} command, as the sidecar runs it) serve one OpenMetadata write on a real API
 * server, and every metric the chart's dashboard and PrometheusRule query is in their /metrics.
 */
@ExtendWith(ControlPlaneExtension.class)
class MetricsCoverageIT {

  private static final String SERVER_SA = "openmetadata";
  private static final Path JAR = Path.of("target", "om-secrets-operator.jar");

  /** Prometheus writes it for each target; no process exports it. */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");

  @Test
  void everyMetricTheDashboardAndTheAlertsQueryIsExported(ControlPlane cp) throws Exception {
    String ns = cp.createNamespace("om-metrics");
    String operatorNs = cp.createNamespace("om-metrics-system");
    int port = BridgeChart.freePort();
    int metricsPort = BridgeChart.freePort();
    List<HasMetadata> objects = BridgeChart.render(operatorNs, ns, SERVER_SA, port);
    cp.applyRbac(objects);
    BridgeChart.Sidecar sidecar = BridgeChart.sidecar(objects, cp.kubeconfigAs(ns, SERVER_SA));

    Map<String, Set<String>> queried = new TreeMap<>();
    queried.putAll(dashboardQueries());
    queried.putAll(alertQueries());

    try (OperatorRuntime operator =
            OperatorRuntime.start(
                OperatorConfig.from(BridgeChart.operatorEnv(objects)),
                cp.clientAs(operatorNs, "om-secrets-operator"));
        ForkedOperator bridge =
            new ForkedOperator(
                JAR,
                sidecar.jvmOptions(),
                List.of(
                    "bridge",
                    "--listen",
                    "127.0.0.1:" + port,
                    "--metrics-port",
                    Integer.toString(metricsPort)),
                sidecar.env(),
                Path.of("target", "metrics-coverage-it", "bridge.log"))) {
      bridge.awaitServing(port);
      new OpenMetadataServerCalls(
              new CoreV1Api(Config.fromUrl("http://127.0.0.1:" + port)), ns, Map.of())
          .upsert("openmetadata-database-metrics-password", "a-value");

      Set<String> exported = new TreeSet<>(FROM_PROMETHEUS);
      exported.addAll(names(scrape(operator.httpPort())));
      exported.addAll(names(scrape(metricsPort)));

      assertThat(queried.values().stream().flatMap(Set::stream))
          .as("the parser finds the operator's, the bridge's and Prometheus's metrics")
          .contains("oms_resources", "oms_bridge_write_duration_seconds_bucket", "up");
      Map<String, Set<String>> missing = new TreeMap<>();
      queried.forEach(
          (query, names) -> {
            Set<String> absent = new TreeSet<>(names);
            absent.removeAll(exported);
            if (!absent.isEmpty()) {
              missing.put(query, absent);
            }
          });
      System.out.printf(
          "metric coverage: %d dashboard panels and alerts query %d metrics, all exported: %s%n",
          queried.size(),
          queried.values().stream().flatMap(Set::stream).distinct().count(),
          missing.isEmpty());
      assertThat(missing).as("queries on metrics nothing exports").isEmpty();
    }
  }

  /** Each panel target's and template variable's metrics, keyed by panel title. */
  private static Map<String, Set<String>> dashboardQueries() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Files.readString(Helm.CHART.resolve("dashboards/om-secrets-operator.json")));
    Map<String, Set<String>> queries = new TreeMap<>();
    for (JsonNode panel : dashboard.get("panels")) {
      Set<String> names = new TreeSet<>();
      panel.get("targets").forEach(t -> names.addAll(QueriedMetrics.in(t.get("expr").asText())));
      queries.put("panel " + panel.get("title").asText(), names);
    }
    for (JsonNode variable : dashboard.get("templating").get("list")) {
      String query = variable.path("query").asText();
      if (query.startsWith("label_values(")) {
        // label_values(metric, label): the first argument is the metric.
        String metric = query.substring("label_values(".length(), query.indexOf(',')).strip();
        queries.put("variable " + variable.get("name").asText(), Set.of(metric));
      }
    }
    assertThat(queries).hasSizeGreaterThan(10);
    return queries;
  }

  /** Each alert's metrics, keyed by alert name. */
  private static Map<String, Set<String>> alertQueries() {
    Helm.Result rendered =
        Helm.renderChart(
            Helm.RELEASE,
            "--namespace",
            "om",
            "--set",
            Helm.ALERTS,
            "--show-only",
            "templates/prometheusrule.yaml");
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    GenericKubernetesResource rule =
        (GenericKubernetesResource) Helm.parse(rendered.stdout()).get(0);
    List<Map<String, Object>> groups = rule.get("spec", "groups");
    Map<String, Set<String>> queries = new TreeMap<>();
    for (Map<String, Object> group : groups) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
      rules.forEach(
          r -> queries.put("alert " + r.get("alert"), QueriedMetrics.in((String) r.get("expr"))));
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(11);
    return queries;
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The series names of a Prometheus text exposition. */
  private static List<String> names(String exposition) {
    List<String> names = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }
}
