package org.openmetadata.secrets.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts the chart renders, unit-tested with Prometheus's own promtool: the rule groups of the
 * rendered PrometheusRule are the rule file, and src/test/resources/prometheus/alerts-test.yaml
 * gives every alert a case where it fires and one where it does not.
 */
class PrometheusRuleTest {

  private static final Path TESTS = Path.of("src", "test", "resources", "prometheus");

  @TempDir static Path dir;

  private static Set<String> alerts;

  @BeforeAll
  static void renderTheRuleFile() throws IOException {
    List<Map<String, Object>> groups = render("").get("spec", "groups");
    Files.writeString(dir.resolve("rules.yaml"), Serialization.asYaml(Map.of("groups", groups)));
    Files.copy(TESTS.resolve("alerts-test.yaml"), dir.resolve("alerts-test.yaml"));
    alerts = new TreeSet<>();
    for (Map<String, Object> group : groups) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
      rules.forEach(r -> alerts.add((String) r.get("alert")));
    }
  }

  @Test
  void promtoolAcceptsTheRenderedRules() {
    Helm.Result check = Promtool.run("check", "rules", dir.resolve("rules.yaml").toString());
    assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    assertThat(check.stdout()).contains("SUCCESS: " + alerts.size() + " rules found");
  }

  @Test
  void everyAlertFiresAndStaysQuietAsItsTestsExpect() {
    Helm.Result test = Promtool.run("test", "rules", dir.resolve("alerts-test.yaml").toString());
    assertThat(test.exitCode()).as(test.stdout() + test.stderr()).isZero();
  }

  @Test
  void everyAlertHasAFiringAndANotFiringCase() throws IOException {
    Map<String, Object> file =
        Serialization.unmarshal(Files.readString(TESTS.resolve("alerts-test.yaml")), Map.class);
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tests = (List<Map<String, Object>>) file.get("tests");
    for (Map<String, Object> test : tests) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> cases = (List<Map<String, Object>>) test.get("alert_rule_test");
      for (Map<String, Object> c : cases) {
        List<?> expected = (List<?>) c.get("exp_alerts");
        (expected == null || expected.isEmpty() ? quiet : firing).add((String) c.get("alertname"));
      }
    }
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(11);
    assertThat(firing).as("alerts with a case where they fire").isEqualTo(alerts);
    assertThat(quiet).as("alerts with a case where they do not").isEqualTo(alerts);
  }

  @Test
  void everyAlertHasASeverityAndARunbookSectionThatExists() throws IOException {
    String runbook = Files.readString(Path.of("docs", "runbook.md"));
    assertThat(rules(""))
        .allSatisfy(
            r -> {
              String alert = (String) r.get("alert");
              @SuppressWarnings("unchecked")
              Map<String, String> labels = (Map<String, String>) r.get("labels");
              @SuppressWarnings("unchecked")
              Map<String, String> annotations = (Map<String, String>) r.get("annotations");
              assertThat(labels.get("severity")).as(alert).isIn("critical", "warning");
              assertThat(annotations).as(alert).containsKeys("summary", "description");
              String anchor = annotations.get("runbook_url").replaceFirst(".*#", "");
              assertThat(anchor).as(alert).isEqualTo(alert.toLowerCase());
              assertThat(runbook)
                  .as("docs/runbook.md has a section for " + alert)
                  .contains("## " + alert + "\n");
            });
  }

  @Test
  void theKeyAgeAlertWaitsForTheChartsRotationPeriodPlusTheGrace() {
    assertThat(
            rules("sealing.keyRotationDays=7,prometheusRule.keyRotationGraceDays=1").stream()
                .filter(r -> "OMSecretsSealingKeyNotRotated".equals(r.get("alert")))
                .map(r -> (String) r.get("expr")))
        .containsExactly(
            "max by (namespace) (oms_sealing_active_key_age_seconds{job=\"om-secrets-operator\"}) > "
                + 8 * 86400);
  }

  @Test
  void withoutKeyRotationThereIsNoKeyAgeAlert() {
    assertThat(rules("sealing.keyRotationDays=0"))
        .extracting(r -> r.get("alert"))
        .contains("OMSecretsResourcesNotReady")
        .doesNotContain("OMSecretsSealingKeyNotRotated");
  }

  /** The PrometheusRule the chart renders with prometheusRule.enabled and these values. */
  private static GenericKubernetesResource render(String values) {
    return (GenericKubernetesResource)
        Helm.template(
                "--set",
                values.isEmpty() ? Helm.ALERTS : Helm.ALERTS + "," + values,
                "--show-only",
                "templates/prometheusrule.yaml")
            .ofKind("PrometheusRule")
            .get(0);
  }

  /** Its alerting rules. */
  private static List<Map<String, Object>> rules(String values) {
    List<Map<String, Object>> groups = render(values).get("spec", "groups");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(0).get("rules");
    return rules;
  }
}
