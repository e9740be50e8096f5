package org.openmetadata.secrets.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's periodic chores, on two daemon threads so a slow key rotation never delays a
 * standby's Lease reads. A scheduled task that throws never runs again, so each chore's failure is
 * logged here (its class only: a message may quote a value) and the chore runs at its next period.
 */
final class Housekeeping implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final ScheduledExecutorService executor =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "housekeeping");
            t.setDaemon(true);
            return t;
          });

  /**
   * Runs {@code chore} after {@code first}, then every {@code period}; {@code what} names it in the
   * log.
   */
  void every(Duration period, Duration first, String what, Runnable chore) {
    String retry = period.toString().substring(2).toLowerCase(Locale.ROOT);
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            chore.run();
          } catch (RuntimeException e) {
            LOG.warn("{} failed ({}); retrying in {}", what, e.getClass().getSimpleName(), retry);
          }
        },
        first.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
