package org.openmetadata.secrets.reseal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How many sealed values each namespace may have opened for re-sealing: a token bucket per
 * namespace ({@code rate} per second, {@code burst} at once), so one namespace's requests cannot
 * take the operator's time from the others or from reconciling. A request takes its items' tokens
 * all at once or waits, without holding a thread: the caller is told how long to wait. Thread-safe.
 */
final class ResealBudget {

  private record Bucket(double tokens, long last) {}

  private final double ratePerNano;
  private final int burst;
  private final Map<String, Bucket> buckets = new HashMap<>();

  ResealBudget(double ratePerSecond, int burst) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
  }

  /**
   * Takes {@code values} tokens of {@code namespace}'s bucket if it holds them (ZERO), else takes
   * none and says how long until it will. {@code values} is at most the burst.
   */
  synchronized Duration take(String namespace, int values, long now) {
    Bucket bucket = buckets.getOrDefault(namespace, new Bucket(burst, now));
    double tokens = Math.min(burst, bucket.tokens() + (now - bucket.last()) * ratePerNano);
    if (tokens >= values) {
      buckets.put(namespace, new Bucket(tokens - values, now));
      return Duration.ZERO;
    }
    buckets.put(namespace, new Bucket(tokens, now));
    return Duration.ofNanos((long) Math.ceil((values - tokens) / ratePerNano));
  }
}
