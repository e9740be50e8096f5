package org.openmetadata.secrets.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.policy.Rule;

/**
 * The operator's own Prometheus metrics, next to JOSDK's reconciliation metrics. Every counter
 * exists at 0 from the start for each label value it can take (reasons, rules, write actions; a
 * namespace's from when it is watched or first seen), so {@code rate()} and {@code absent()} work
 * before the first failure.
 */
public class OperatorMetrics {

  /** The actions {@link #secretWritten} counts. */
  public static final List<String> WRITE_ACTIONS =
      List.of("created", "updated", "replaced", "adopted", "drift-repaired", "released");

  private record Outcome(String namespace, Reason reason) {}

  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final ResourceStates states = new ResourceStates(this::exposeNamespace);
  private final CounterFamily writes;
  private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
  private final CounterFamily denials;
  private final Counter conflicts;
  private final Counter deletions;
  private final Counter opened;
  private final Counter valueReads;
  private final CounterFamily trips;
  private final Set<String> breakerGauges = ConcurrentHashMap.newKeySet();

  /** Gauges whose series follow a set that changes (keys of the ring), refreshed per scrape. */
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  public OperatorMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
  }

  public OperatorMetrics(PrometheusMeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    bindJvm(registry);
    this.conflicts =
        Counter.builder("oms_conflicts")
            .description("Times a foreign Secret held the name a resource maps to")
            .register(registry);
    this.deletions =
        Counter.builder("oms_resource_deletions")
            .description("OpenMetadataSecrets seen deleted")
            .register(registry);
    this.valueReads =
        Counter.builder("oms_resource_value_reads")
            .description(
                "OpenMetadataSecrets read from the API server for their value (an in-sync Secret spares it)")
            .register(registry);
    this.opened =
        Counter.builder("oms_sealed_values_opened")
            .description(
                "Sealed values decrypted with the operator's private key (an in-sync Secret spares it)")
            .register(registry);
    this.writes =
        new CounterFamily(
            registry,
            "oms_secret_writes",
            "Writes the operator made to Secrets, by action",
            "action");
    this.denials =
        new CounterFamily(
            registry, "oms_policy_denials", "Resources refused by central policy, by rule", "rule");
    this.trips =
        new CounterFamily(
            registry,
            "oms_deletion_breaker_trips",
            "Times a namespace's deletion circuit breaker tripped",
            "namespace");
    WRITE_ACTIONS.forEach(writes::get);
    for (Rule rule : Rule.values()) {
      if (rule.reason() == Reason.PolicyDenied) {
        denials.get(rule.label());
      }
    }
  }

  /**
   * The counter with this name and tags ({@code key, value, ...}) in {@code registry}: registering
   * an existing one returns it.
   */
  static Counter counter(MeterRegistry registry, String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /** A counter per value of one label, each registered (at 0) the first time it is asked for. */
  private static final class CounterFamily {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String label;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CounterFamily(MeterRegistry registry, String name, String description, String label) {
      this.registry = registry;
      this.name = name;
      this.description = description;
      this.label = label;
    }

    Counter get(String value) {
      return counters.computeIfAbsent(value, v -> counter(registry, name, description, label, v));
    }
  }

  /** JVM memory, GC, threads, class loading, CPU and uptime: what every process of ours exports. */
  static void bindJvm(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** One resource read from the API server for its value: the informers hold only its digest. */
  public void resourceValueRead() {
    valueReads.increment();
  }

  /**
   * One sealed value opened: an X25519 agreement (format v2) or an RSA private-key operation (v1).
   */
  public void sealedValueOpened() {
    opened.increment();
  }

  /**
   * A write to a Secret, by action: created, updated, replaced, adopted, drift-repaired, released.
   */
  public void secretWritten(String action) {
    writes.get(action).increment();
  }

  /**
   * The Ready reason a reconciliation of the resource {@code uid} ended with.
   *
   * @param notReadySince when the resource stopped being Ready, if its status says so already
   */
  public void reconciled(String namespace, String uid, Reason reason, Instant notReadySince) {
    states.record(namespace, uid, reason, notReadySince == null ? clock.instant() : notReadySince);
    outcomes(namespace, reason).increment();
  }

  private Counter outcomes(String namespace, Reason reason) {
    return outcomes.computeIfAbsent(
        new Outcome(namespace, reason),
        o ->
            counter(
                registry,
                "oms_reconcile_outcomes",
                "Reconciliations by namespace and the Ready reason they ended with",
                "namespace",
                o.namespace(),
                "reason",
                o.reason().name()));
  }

  /** The number of Secrets in the managed cache, read at scrape time. */
  public void managedSecrets(Supplier<Number> count) {
    Gauge.builder("oms_managed_secrets", count)
        .description("Secrets the operator manages (its label-scoped cache)")
        .register(registry);
  }

  /** A resource refused by central policy, by rule (plaintext, path, prefix, size). */
  public void policyDenied(String rule) {
    denials.get(rule).increment();
  }

  /** A resource seen deleted. */
  public void resourceDeleted() {
    deletions.increment();
  }

  /** A resource deleted or marked for deletion: it no longer counts in {@code oms_resources}. */
  public void resourceGone(String uid) {
    states.forget(uid);
  }

  /**
   * A watched namespace: its resource gauges (and its breaker trip counter) exist at 0 from the
   * start.
   */
  public void watchNamespace(String namespace) {
    states.watch(namespace);
  }

  /**
   * {@code oms_resources} and {@code oms_reconcile_outcomes} for each Ready reason, and {@code
   * oms_oldest_not_ready_seconds} for each failure reason, of a namespace seen for the first time.
   */
  private void exposeNamespace(String namespace) {
    trips.get(namespace);
    for (Reason reason : Reason.values()) {
      outcomes(namespace, reason);
      Gauge.builder("oms_resources", () -> states.count(namespace, reason))
          .description("OpenMetadataSecrets by namespace and the reason of their Ready condition")
          .tag("namespace", namespace)
          .tag("reason", reason.name())
          .register(registry);
      if (!reason.ready()) {
        Gauge.builder(
                "oms_oldest_not_ready_seconds",
                () -> states.oldestNotReady(namespace, reason, clock.instant()).toSeconds())
            .description(
                "How long the namespace's oldest OpenMetadataSecret with this reason has not been"
                    + " Ready; 0 when none")
            .tag("namespace", namespace)
            .tag("reason", reason.name())
            .register(registry);
      }
    }
  }

  /** 1 while /readyz answers 200, read at scrape time: an alert sees a pod that cannot serve. */
  public void ready(BooleanSupplier ready) {
    Gauge.builder("oms_ready", () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 while the operator is ready (its /readyz answers 200), else 0")
        .register(registry);
  }

  /** The age of the key ring's active sealing key, read at scrape time. */
  public void activeSealingKey(Supplier<Instant> created) {
    Gauge.builder(
            "oms_sealing_active_key_age_seconds",
            () -> Duration.between(created.get(), clock.instant()).toSeconds())
        .description("Age of the active sealing key: a new one is added every rotation period")
        .register(registry);
  }

  /** A namespace's deletion circuit breaker tripped. */
  public void deletionBreakerTripped(String namespace) {
    trips.get(namespace).increment();
  }

  /**
   * 1 while Secret deletions in {@code namespace} are paused by its deletion circuit breaker; once
   * per namespace.
   */
  public void deletionBreaker(String namespace, Supplier<Number> open) {
    if (!breakerGauges.add(namespace)) {
      return;
    }
    Gauge.builder("oms_deletion_breaker_open", open)
        .description(
            "1 while Secret deletions in the namespace are paused by its deletion circuit breaker")
        .tag("namespace", namespace)
        .register(registry);
  }

  /**
   * Resources per key id their sealed value depends on, counted at scrape time; a key id that
   * leaves the map loses its series.
   */
  public void sealedValues(Supplier<Map<String, Long>> perKey) {
    byKeyId(
        "oms_sealed_values",
        "OpenMetadataSecrets in the watched namespaces whose spec.encryptedValue is sealed to the key",
        null,
        perKey);
  }

  /** Each ring key's age, read at scrape time; a key that leaves the ring loses its series. */
  public void sealingKeyAges(Supplier<Map<String, Long>> secondsPerKey) {
    byKeyId(
        "oms_sealing_key_age",
        "Age of each key in the operator's key ring",
        "seconds",
        secondsPerKey);
  }

  private void byKeyId(
      String name, String description, String unit, Supplier<Map<String, Long>> rows) {
    MultiGauge gauge =
        MultiGauge.builder(name).description(description).baseUnit(unit).register(registry);
    beforeScrape.add(
        () ->
            gauge.register(
                rows.get().entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("key_id", e.getKey()), e.getValue()))
                    .toList(),
                true));
  }

  public void conflict() {
    conflicts.increment();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    beforeScrape.forEach(Runnable::run);
    return registry.scrape();
  }
}
