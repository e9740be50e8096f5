package org.openmetadata.secrets.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's Prometheus metrics: its answers by verb and HTTP code, and how long its writes take
 * (a write returns once the operator has written the Secret). The counters of each verb's success
 * code and of the 5xx codes the bridge answers exist at 0 from the start.
 */
public final class BridgeMetrics {

  /** The calls the bridge serves, and {@code other} for a request it refused before knowing one. */
  public static final List<String> VERBS = List.of("create", "replace", "read", "delete", "other");

  /** The verbs timed by {@code oms_bridge_write_duration_seconds}. */
  public static final List<String> WRITES = List.of("create", "replace", "delete");

  private static final Map<String, Integer> SUCCESS =
      Map.of("create", 201, "replace", 200, "read", 200, "delete", 200);
  private static final List<Integer> SERVER_ERRORS = List.of(500, 503, 504);

  /**
   * Buckets around the write timeout (5 s by default, at most 60): a write waits for the operator,
   * so its latency is the operator's reconcile time plus a few API round trips.
   */
  private static final Duration[] WRITE_BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private record Answered(String verb, int code) {}

  private final PrometheusMeterRegistry registry;
  private final Map<Answered, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> writes = new ConcurrentHashMap<>();

  public BridgeMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics.bindJvm(registry);
    for (String verb : VERBS) {
      if (SUCCESS.containsKey(verb)) {
        requests(verb, SUCCESS.get(verb));
      }
      SERVER_ERRORS.forEach(code -> requests(verb, code));
    }
    WRITES.forEach(this::writes);
  }

  /** One answered request: its verb (one of {@link #VERBS}), code and time taken. */
  public void answered(String verb, int code, Duration took) {
    requests(verb, code).increment();
    if (WRITES.contains(verb)) {
      writes(verb).record(took);
    }
  }

  private Counter requests(String verb, int code) {
    return requests.computeIfAbsent(
        new Answered(verb, code),
        a ->
            OperatorMetrics.counter(
                registry,
                "oms_bridge_requests",
                "Requests the bridge answered, by verb and HTTP code",
                "verb",
                a.verb(),
                "code",
                Integer.toString(a.code())));
  }

  private Timer writes(String verb) {
    return writes.computeIfAbsent(
        verb,
        v ->
            Timer.builder("oms_bridge_write_duration")
                .description(
                    "Time the bridge took to answer a write, waiting for the operator's Secret")
                .tag("verb", v)
                .serviceLevelObjectives(WRITE_BUCKETS)
                .minimumExpectedValue(WRITE_BUCKETS[0])
                .maximumExpectedValue(WRITE_BUCKETS[WRITE_BUCKETS.length - 1])
                .register(registry));
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
