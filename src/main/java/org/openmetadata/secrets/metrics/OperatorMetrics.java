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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.openmetadata.secrets.api.Reason;

/** The operator's own Prometheus metrics, next to JOSDK's reconciliation metrics. */
public class OperatorMetrics {

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> writes = new ConcurrentHashMap<>();
  private final Map<Reason, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Counter> denials = new ConcurrentHashMap<>();
  private final Counter conflicts;
  private final Counter deletions;
  private final Counter opened;
  private final Counter valueReads;
  private final Map<String, Counter> trips = new ConcurrentHashMap<>();
  private final Set<String> breakerGauges = ConcurrentHashMap.newKeySet();

  /** Gauges whose series follow a set that changes (keys of the ring), refreshed per scrape. */
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  public OperatorMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public OperatorMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
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
    writes
        .computeIfAbsent(
            action,
            a ->
                Counter.builder("oms_secret_writes")
                    .description("Writes the operator made to Secrets, by action")
                    .tag("action", a)
                    .register(registry))
        .increment();
  }

  /** The Ready reason one reconciliation ended with. */
  public void reconciled(Reason reason) {
    outcomes
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("oms_reconcile_outcomes")
                    .description("Reconciliations by the Ready reason they ended with")
                    .tag("reason", r.name())
                    .register(registry))
        .increment();
  }

  /** The number of Secrets in the managed cache, read at scrape time. */
  public void managedSecrets(Supplier<Number> count) {
    Gauge.builder("oms_managed_secrets", count)
        .description("Secrets the operator manages (its label-scoped cache)")
        .register(registry);
  }

  /** A resource refused by central policy, by rule (plaintext, path, prefix, size). */
  public void policyDenied(String rule) {
    denials
        .computeIfAbsent(
            rule,
            r ->
                Counter.builder("oms_policy_denials")
                    .description("Resources refused by central policy, by rule")
                    .tag("rule", r)
                    .register(registry))
        .increment();
  }

  /** A resource seen deleted (or marked for deletion). */
  public void resourceDeleted() {
    deletions.increment();
  }

  /** A namespace's deletion circuit breaker tripped. */
  public void deletionBreakerTripped(String namespace) {
    trips
        .computeIfAbsent(
            namespace,
            n ->
                Counter.builder("oms_deletion_breaker_trips")
                    .description("Times a namespace's deletion circuit breaker tripped")
                    .tag("namespace", n)
                    .register(registry))
        .increment();
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
