package org.openmetadata.secrets.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.Reason;

class OperatorMetricsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private final OperatorMetrics metrics =
      new OperatorMetrics(
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void everyCounterAnAlertRatesExistsAtZeroBeforeTheFirstFailure() {
    String scrape = metrics.scrape();
    for (String rule : new String[] {"plaintext", "path", "prefix", "size"}) {
      assertThat(scrape).contains("oms_policy_denials_total{rule=\"" + rule + "\"} 0.0");
    }
    for (String action : OperatorMetrics.WRITE_ACTIONS) {
      assertThat(scrape).contains("oms_secret_writes_total{action=\"" + action + "\"} 0.0");
    }
  }

  @Test
  void aWatchedNamespaceHasItsGaugesAndTripCounterAtZeroFromTheStart() {
    metrics.watchNamespace("team-a");
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("oms_resources{namespace=\"team-a\",reason=\"Synced\"} 0.0")
        .contains("oms_resources{namespace=\"team-a\",reason=\"ApiError\"} 0.0")
        .contains("oms_oldest_not_ready_seconds{namespace=\"team-a\",reason=\"ApiError\"} 0.0")
        .contains("oms_deletion_breaker_trips_total{namespace=\"team-a\"} 0.0")
        .contains("oms_reconcile_outcomes_total{namespace=\"team-a\",reason=\"ApiError\"} 0.0")
        .doesNotContain("oms_oldest_not_ready_seconds{namespace=\"team-a\",reason=\"Synced\"}");
  }

  @Test
  void resourcesCountByNamespaceAndReasonAndTheOldestNotReadyIsAged() {
    metrics.reconciled("team-a", "uid-1", Reason.Synced, null);
    metrics.reconciled("team-a", "uid-2", Reason.DecryptionFailed, NOW.minusSeconds(900));
    metrics.reconciled("team-a", "uid-3", Reason.DecryptionFailed, null);
    metrics.reconciled("team-b", "uid-4", Reason.ApiError, NOW.minusSeconds(60));

    assertThat(metrics.scrape())
        .contains("oms_resources{namespace=\"team-a\",reason=\"Synced\"} 1.0")
        .contains("oms_resources{namespace=\"team-a\",reason=\"DecryptionFailed\"} 2.0")
        .contains("oms_resources{namespace=\"team-b\",reason=\"ApiError\"} 1.0")
        .contains(
            "oms_oldest_not_ready_seconds{namespace=\"team-a\",reason=\"DecryptionFailed\"} 900.0")
        .contains("oms_oldest_not_ready_seconds{namespace=\"team-b\",reason=\"ApiError\"} 60.0")
        .contains(
            "oms_reconcile_outcomes_total{namespace=\"team-a\",reason=\"DecryptionFailed\"} 2.0");
  }

  @Test
  void aResourceMovesBetweenReasonsAndLeavesWhenGone() {
    metrics.reconciled("team-a", "uid-1", Reason.ApiError, NOW.minusSeconds(300));
    // Still not Ready, for another reason: it keeps waiting since it first failed.
    metrics.reconciled("team-a", "uid-1", Reason.SourceNotFound, NOW.minusSeconds(300));
    assertThat(metrics.scrape())
        .contains("oms_resources{namespace=\"team-a\",reason=\"ApiError\"} 0.0")
        .contains("oms_oldest_not_ready_seconds{namespace=\"team-a\",reason=\"ApiError\"} 0.0")
        .contains(
            "oms_oldest_not_ready_seconds{namespace=\"team-a\",reason=\"SourceNotFound\"} 300.0");

    metrics.reconciled("team-a", "uid-1", Reason.Synced, null);
    assertThat(metrics.scrape())
        .contains("oms_resources{namespace=\"team-a\",reason=\"Synced\"} 1.0")
        .contains(
            "oms_oldest_not_ready_seconds{namespace=\"team-a\",reason=\"SourceNotFound\"} 0.0");

    metrics.resourceGone("uid-1");
    assertThat(metrics.scrape())
        .contains("oms_resources{namespace=\"team-a\",reason=\"Synced\"} 0.0");
  }

  @Test
  void theActiveSealingKeyAgeIsReadAtScrapeTime() {
    metrics.activeSealingKey(() -> NOW.minus(Duration.ofDays(31)));
    assertThat(metrics.scrape())
        .contains("oms_sealing_active_key_age_seconds " + (31 * 86400) + ".0");
  }
}
