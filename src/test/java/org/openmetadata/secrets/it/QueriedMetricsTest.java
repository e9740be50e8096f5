package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueriedMetricsTest {

  @Test
  void namesAreTheSelectedSeriesNotFunctionsLabelsOrKeywords() {
    assertThat(
            QueriedMetrics.in(
                "histogram_quantile(0.95, sum by (verb, le) (rate(oms_bridge_write_duration_seconds_bucket"
                    + "{job=~\"$bridge_job\",verb!=\"read\"}[5m]))) > 2 and on (namespace)"
                    + " absent(up{job=\"x\"} == 1) unless max_over_time(oms_ready[1h:1m]) offset 5m"))
        .containsExactly("oms_bridge_write_duration_seconds_bucket", "oms_ready", "up");
  }
}
