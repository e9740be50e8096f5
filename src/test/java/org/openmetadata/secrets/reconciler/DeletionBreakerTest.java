package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openmetadata.secrets.reconciler.MockOperator.NS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;

class DeletionBreakerTest {

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void tripsOnlyWhenMoreThanTheThresholdFallInOneWindowCountingEachResourceOnce() {
    MutableClock clock = new MutableClock();
    AtomicInteger trips = new AtomicInteger();
    DeletionBreaker breaker = new DeletionBreaker(3, Duration.ofSeconds(60), clock, trips::incrementAndGet);
    breaker.recordDeletion("a");
    breaker.recordDeletion("a");
    breaker.recordDeletion("b");
    breaker.recordDeletion("c");
    assertThat(breaker.open()).isFalse();
    clock.now = clock.now.plusSeconds(61); // a, b, c leave the window
    breaker.recordDeletion("d");
    breaker.recordDeletion("e");
    breaker.recordDeletion("f");
    assertThat(breaker.open()).isFalse();
    breaker.recordDeletion("g");
    assertThat(breaker.open()).isTrue();
    breaker.recordDeletion("h");
    assertThat(trips).hasValue(1);
  }

  @Test
  void aZeroThresholdNeverTrips() {
    DeletionBreaker breaker = new DeletionBreaker(0, Duration.ofSeconds(60), Clock.systemUTC(), () -> {});
    for (int i = 0; i < 100; i++) {
      breaker.recordDeletion("r" + i);
    }
    assertThat(breaker.open()).isFalse();
  }

  @Test
  void aMassDeletionPausesSecretDeletionsForTheRest() {
    try (MockOperator op = new MockOperator(Map.of("OM_SM_DELETION_BREAKER_THRESHOLD", "3"))) {
      for (int i = 0; i < 6; i++) {
        op.create(TestResources.withValue(NS, "r" + i, "database/r" + i + "/password", "v"));
      }
      for (int i = 0; i < 6; i++) {
        op.awaitSynced("r" + i);
      }
      for (int i = 0; i < 4; i++) { // the fourth deletion within a minute opens the breaker
        op.client.resources(OpenMetadataSecret.class).inNamespace(NS).withName("r" + i).delete();
      }

      await().untilAsserted(() -> {
        for (String survivor : new String[] {"r4", "r5"}) {
          OpenMetadataSecret cr = op.get(survivor);
          assertThat(cr.getMetadata().getFinalizers()).contains("secrets.open-metadata.org/retain");
          assertThat(cr.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("DeletionsPaused");
            assertThat(c.getStatus()).isEqualTo("True");
          });
          assertThat(op.eventReasons(survivor)).contains("DeletionsPaused");
        }
      });
      assertThat(op.runtime.metrics().scrape()).contains("oms_deletion_breaker_open 1.0");

      op.client.resources(OpenMetadataSecret.class).inNamespace(NS).withName("r4").delete();
      await().untilAsserted(() -> assertThat(op.get("r4")).isNull());
      var kept = op.secret("openmetadata-database-r4-password");
      assertThat(kept).as("the Secret of a Delete-policy resource is kept while the breaker is open").isNotNull();
      assertThat(kept.getMetadata().getOwnerReferences()).isEmpty();
    }
  }
}
