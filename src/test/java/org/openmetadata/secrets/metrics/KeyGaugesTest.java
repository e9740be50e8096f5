package org.openmetadata.secrets.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-key gauges follow the ring: a key that leaves it loses its series. */
class KeyGaugesTest {

  @Test
  void eachScrapeShowsTheKeysOfTheMomentOnly() {
    OperatorMetrics metrics = new OperatorMetrics();
    AtomicReference<Map<String, Long>> values =
        new AtomicReference<>(Map.of("aaaa", 2L, "bbbb", 0L));
    AtomicReference<Map<String, Long>> ages = new AtomicReference<>(Map.of("aaaa", 60L));
    metrics.sealedValues(values::get);
    metrics.sealingKeyAges(ages::get);

    assertThat(metrics.scrape())
        .contains(
            "oms_sealed_values{key_id=\"aaaa\"} 2",
            "oms_sealed_values{key_id=\"bbbb\"} 0",
            "oms_sealing_key_age_seconds{key_id=\"aaaa\"} 60");

    values.set(Map.of("bbbb", 3L));
    ages.set(Map.of("bbbb", 5L));
    assertThat(metrics.scrape())
        .contains(
            "oms_sealed_values{key_id=\"bbbb\"} 3",
            "oms_sealing_key_age_seconds{key_id=\"bbbb\"} 5")
        .doesNotContain("key_id=\"aaaa\"");
  }
}
