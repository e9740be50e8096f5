package org.openmetadata.secrets.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a sample of durations in nanoseconds, printed in ms or s. */
final class Percentiles {

  private final long[] sorted;

  Percentiles(Collection<Long> nanos) {
    sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  int count() {
    return sorted.length;
  }

  /** The p-th percentile (0 < p <= 100), nearest rank; -1 for an empty sample. */
  long nanos(double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  long max() {
    return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
  }

  /** "p50 12 ms / p95 40 ms / p99 85 ms / max 120 ms". */
  String summary(double... ps) {
    StringBuilder b = new StringBuilder();
    for (double p : ps) {
      b.append(b.length() == 0 ? "" : " / ")
          .append("p")
          .append(trim(p))
          .append(' ')
          .append(duration(nanos(p)));
    }
    return b.append(" / max ").append(duration(max())).toString();
  }

  static String duration(long nanos) {
    if (nanos < 0) {
      return "n/a";
    }
    double ms = nanos / 1e6;
    if (ms < 1000) {
      return String.format("%.0f ms", ms);
    }
    return String.format("%.2f s", ms / 1000);
  }

  private static String trim(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
  }

  @Override
  public String toString() {
    return Arrays.toString(sorted);
  }
}
