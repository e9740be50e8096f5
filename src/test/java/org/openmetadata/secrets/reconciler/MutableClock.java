package org.openmetadata.secrets.reconciler;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand ({@code clock.now = clock.now.plusSeconds(61)}), for time windows.
 */
final class MutableClock extends Clock {
  Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  public ZoneOffset getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
