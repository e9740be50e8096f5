package org.openmetadata.secrets.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BridgeMetricsTest {

  private final BridgeMetrics metrics = new BridgeMetrics();

  @Test
  void everyVerbsSuccessAndServerErrorsExistAtZeroWithTheWriteHistogram() {
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("oms_bridge_requests_total{code=\"201\",verb=\"create\"} 0.0")
        .contains("oms_bridge_requests_total{code=\"200\",verb=\"read\"} 0.0")
        .contains("oms_bridge_requests_total{code=\"504\",verb=\"replace\"} 0.0")
        .contains("oms_bridge_requests_total{code=\"500\",verb=\"other\"} 0.0")
        .contains("oms_bridge_write_duration_seconds_bucket{verb=\"delete\",le=\"+Inf\"} 0")
        .doesNotContain("oms_bridge_write_duration_seconds_bucket{verb=\"read\"");
  }

  @Test
  void anAnswerCountsByVerbAndCodeAndAWriteLandsInItsBucket() {
    metrics.answered("create", 201, Duration.ofMillis(300));
    metrics.answered("read", 404, Duration.ofMillis(3));
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("oms_bridge_requests_total{code=\"201\",verb=\"create\"} 1.0")
        .contains("oms_bridge_requests_total{code=\"404\",verb=\"read\"} 1.0")
        .contains("oms_bridge_write_duration_seconds_bucket{verb=\"create\",le=\"0.25\"} 0")
        .contains("oms_bridge_write_duration_seconds_bucket{verb=\"create\",le=\"0.5\"} 1");
  }
}
