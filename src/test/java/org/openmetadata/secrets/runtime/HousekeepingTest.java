package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HousekeepingTest {

  @Test
  void aChoreThatFailsIsLoggedWithoutItsMessageAndRunsAgain() {
    Logger log = (Logger) LoggerFactory.getLogger(Housekeeping.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    log.addAppender(captured);
    AtomicInteger runs = new AtomicInteger();
    try (Housekeeping housekeeping = new Housekeeping()) {
      housekeeping.every(
          Duration.ofMillis(10),
          Duration.ZERO,
          "key rotation check",
          () -> {
            if (runs.incrementAndGet() <= 2) {
              throw new IllegalStateException("value hunter2 refused");
            }
          });
      // Runs are serial, so once the third has begun both failures are logged and nothing more is.
      await().untilAsserted(() -> assertThat(runs).hasValueGreaterThan(2));
    } finally {
      log.detachAppender(captured);
    }
    assertThat(captured.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "key rotation check failed (IllegalStateException); retrying in 0.01s",
            "key rotation check failed (IllegalStateException); retrying in 0.01s");
  }
}
