package org.openmetadata.secrets.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.KeyRingStore;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.reconciler.KubernetesEventRecorder;
import org.openmetadata.secrets.reconciler.OpenMetadataSecretReconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires config, client, reconciler, metrics and HTTP endpoints; the one way the operator starts. */
public final class OperatorRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
  public static final String LEASE_NAME = "om-secrets-operator-leader";
  /** Repeated Events are counted in memory and their counts written this often. */
  private static final long EVENT_FLUSH_SECONDS = 30;
  /** Set once this process starts shutting down: losing leadership is then expected. */
  private static final java.util.concurrent.atomic.AtomicBoolean STOPPING =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final Operator operator;
  private final HttpEndpoints http;
  private final OperatorMetrics metrics;
  private final OpenMetadataSecretReconciler reconciler;
  private final ScheduledExecutorService rotation;
  private boolean closed;

  private OperatorRuntime(Operator operator, HttpEndpoints http, OperatorMetrics metrics,
      OpenMetadataSecretReconciler reconciler, ScheduledExecutorService rotation) {
    this.operator = operator;
    this.http = http;
    this.metrics = metrics;
    this.reconciler = reconciler;
    this.rotation = rotation;
  }

  /** Starts the operator on {@code client}; returns once its caches are synced. */
  public static OperatorRuntime start(OperatorConfig config, KubernetesClient client) {
    return start(config, client, RuntimeOptions.PRODUCTION);
  }

  public static OperatorRuntime start(OperatorConfig config, KubernetesClient client, RuntimeOptions options) {
    OperatorMetrics metrics = new OperatorMetrics();
    // Status is written with a JSON patch rather than server-side apply: the operator owns the
    // whole status, and the same code path then runs on the mock server and on a real one.
    Operator operator =
        new Operator(
            o ->
                {
                  o.withKubernetesClient(client)
                      .withUseSSAToPatchPrimaryResource(false)
                      .withCloseClientOnStop(false)
                      .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()))
                      .withReconciliationTerminationTimeout(options.shutdownGrace())
                      .withConcurrentReconciliationThreads(config.reconcileThreads())
                      // One namespace's burst of resources must not queue ahead of every other namespace.
                      .withExecutorService(FairExecutor.byNamespace(config.reconcileThreads()));
                  if (config.leaderElection()) {
                    o.withLeaderElectionConfiguration(leaderElection(config.operatorNamespace(), options));
                  }
                });
    KeyRingStore keys = KeyRingStore.open(client, config.operatorNamespace(), config.keyRotation(), Clock.systemUTC());
    var events = new KubernetesEventRecorder(client, Clock.systemUTC());
    var reconciler = new OpenMetadataSecretReconciler(config, keys, events, metrics, Clock.systemUTC());
    operator.register(
        reconciler,
        c -> {
          if (config.namespaces().all()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(config.namespaces().names());
          }
        });
    HttpEndpoints http;
    try {
      http =
          new HttpEndpoints(
              config.httpPort(),
              metrics::scrape,
              () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
              () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
              () -> Pem.publicKey(keys.current().active().pair().getPublic()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not open HTTP port " + config.httpPort(), e);
    }
    operator.start();
    ScheduledExecutorService rotation = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "housekeeping"); // key rotation and Event counts
      t.setDaemon(true);
      return t;
    });
    rotation.scheduleWithFixedDelay(() -> {
      try {
        keys.rotateIfDue();
      } catch (RuntimeException e) {
        LOG.warn("key rotation check failed ({}); retrying in an hour", e.getClass().getSimpleName());
      }
    }, 1, 1, TimeUnit.HOURS);
    rotation.scheduleWithFixedDelay(() -> {
      try {
        events.flushRepeats();
      } catch (RuntimeException e) {
        LOG.warn("writing the counts of repeated events failed ({}); retrying", e.getClass().getSimpleName());
      }
    }, EVENT_FLUSH_SECONDS, EVENT_FLUSH_SECONDS, TimeUnit.SECONDS);
    LOG.info(
        "om-secrets-operator started: namespaces={}, secret names start with '{}', metrics on port {}",
        config.namespaces(),
        config.naming().namePrefix(),
        http.port());
    return new OperatorRuntime(operator, http, metrics, reconciler, rotation);
  }

  /**
   * The Lease {@value #LEASE_NAME}; the identity is the pod name (HOSTNAME) plus a random suffix,
   * so two instances in one pod or JVM never share it.
   */
  private static LeaderElectionConfiguration leaderElection(String namespace, RuntimeOptions options) {
    String host = System.getenv().getOrDefault("HOSTNAME", "om-secrets-operator");
    String identity = host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    // JOSDK's own exit-on-stop calls System.exit from whichever thread cancels the elector, which
    // on shutdown is the shutdown hook: the JVM then hangs until SIGKILL. Exit from a fresh thread,
    // and only when leadership is lost while running.
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> LOG.info("leading as {}", identity),
            () -> {
              if (STOPPING.get()) {
                return;
              }
              LOG.error("lost leadership as {}", identity);
              if (options.exitOnLostLeadership()) {
                new Thread(() -> System.exit(1), "exit-on-lost-leadership").start();
              }
            },
            leader -> LOG.info("leader is {}", leader));
    return new LeaderElectionConfiguration(
        LEASE_NAME,
        namespace,
        options.leaseDuration(),
        options.renewDeadline(),
        options.retryPeriod(),
        identity,
        callbacks,
        false);
  }

  /** Marks the process as shutting down, so the leadership it gives up is not a failure. */
  public static void shuttingDown() {
    STOPPING.set(true);
  }

  public int httpPort() {
    return http.port();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Stops reconciling (in-flight reconciliations get the shutdown grace) and the HTTP port. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    operator.stop();
    rotation.shutdownNow();
    reconciler.close();
    http.close();
  }
}
