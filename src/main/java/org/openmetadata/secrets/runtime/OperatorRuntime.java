package org.openmetadata.secrets.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.config.WatchedNamespaces;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.keys.KeyUsage;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.reconciler.KubernetesEventRecorder;
import org.openmetadata.secrets.reconciler.OpenMetadataSecretReconciler;
import org.openmetadata.secrets.reseal.ResealRequestReconciler;
import org.openmetadata.secrets.reseal.TrustedRecipients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires config, client, reconciler, metrics and HTTP endpoints; the one way the operator starts.
 */
public final class OperatorRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
  public static final String LEASE_NAME = "om-secrets-operator-leader";

  /** Repeated Events are counted in memory and their counts written this often. */
  private static final Duration EVENT_FLUSH = Duration.ofSeconds(30);

  private static final Duration KEY_ROTATION_CHECK = Duration.ofHours(1);

  private final Operator operator;
  private final HttpEndpoints http;
  private final OperatorMetrics metrics;
  private final OpenMetadataSecretReconciler reconciler;
  private final KeyRingStore keys;
  private final Housekeeping housekeeping;

  /** Gives up the Lease once reconciling has stopped; nothing without leader election. */
  private final Runnable releaseLease;

  /** Set once this runtime starts closing: losing leadership is then expected. */
  private final AtomicBoolean stopping;

  private boolean closed;

  private OperatorRuntime(
      Operator operator,
      HttpEndpoints http,
      OperatorMetrics metrics,
      OpenMetadataSecretReconciler reconciler,
      KeyRingStore keys,
      Housekeeping housekeeping,
      Runnable releaseLease,
      AtomicBoolean stopping) {
    this.operator = operator;
    this.http = http;
    this.metrics = metrics;
    this.reconciler = reconciler;
    this.keys = keys;
    this.housekeeping = housekeeping;
    this.releaseLease = releaseLease;
    this.stopping = stopping;
  }

  /** Starts the operator on {@code client}; returns once its caches are synced. */
  public static OperatorRuntime start(OperatorConfig config, KubernetesClient client) {
    return start(config, client, RuntimeOptions.PRODUCTION);
  }

  public static OperatorRuntime start(
      OperatorConfig config, KubernetesClient client, RuntimeOptions options) {
    OperatorMetrics metrics = new OperatorMetrics();
    AtomicBoolean stopping = new AtomicBoolean();
    Optional<Leadership> leadership =
        config.leaderElection()
            ? Optional.of(leadership(config.operatorNamespace(), options))
            : Optional.empty();
    Operator operator =
        operator(
            config,
            client,
            options,
            metrics,
            leadership.map(l -> leaderElection(l, config.operatorNamespace(), options, stopping)));
    KeyRingStore keys =
        KeyRingStore.open(
            client,
            config.operatorNamespace(),
            config.keyRotation(),
            Clock.systemUTC(),
            config.allowNewKeyRing(),
            () -> sealedResource(client, config.namespaces()));
    metrics.sealingKeyAges(() -> KeyUsage.ages(keys.current(), Instant.now()));
    metrics.activeSealingKey(() -> keys.current().active().created());
    var events = new KubernetesEventRecorder(client, Clock.systemUTC());
    var reconciler =
        new OpenMetadataSecretReconciler(config, keys, events, metrics, Clock.systemUTC());
    registerControllers(operator, client, config, reconciler, keys);
    Supplier<Readiness> readiness =
        () ->
            Readiness.of(
                operator.getRuntimeInfo().isStarted(),
                operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                leadership.map(l -> l.readiness(Instant.now())));
    metrics.ready(() -> readiness.get().ready());
    HttpEndpoints http = endpoints(config, operator, metrics, readiness, keys);
    operator.start();
    Housekeeping housekeeping = new Housekeeping();
    housekeeping.every(
        KEY_ROTATION_CHECK, KEY_ROTATION_CHECK, "key rotation check", keys::rotateIfDue);
    housekeeping.every(
        EVENT_FLUSH, EVENT_FLUSH, "writing the counts of repeated events", events::flushRepeats);
    Runnable releaseLease =
        leadership
            .map(l -> watchLease(l, client, config.operatorNamespace(), options, housekeeping))
            .orElse(() -> {});
    LOG.info(
        "om-secrets-operator started: namespaces={}, secret names start with '{}', metrics on port {}, probes on"
            + " port {}",
        config.namespaces(),
        config.naming().namePrefix(),
        http.metricsPort(),
        http.healthPort());
    return new OperatorRuntime(
        operator, http, metrics, reconciler, keys, housekeeping, releaseLease, stopping);
  }

  /**
   * The OpenMetadataSecret controller and, in the same namespaces (a request elsewhere is never
   * answered), the ResealRequest one: helm upgrade installs no new CRD, so an upgrade without it
   * keeps the operator running, without re-sealing.
   */
  private static void registerControllers(
      Operator operator,
      KubernetesClient client,
      OperatorConfig config,
      OpenMetadataSecretReconciler reconciler,
      KeyRingStore keys) {
    operator.register(reconciler, c -> listAndWatch(c, config.namespaces()));
    if (client.supports(ResealRequest.class)) {
      operator.register(
          new ResealRequestReconciler(
              keys, new TrustedRecipients(config.trustedRecipients()), Clock.systemUTC()),
          c -> listAndWatch(c, config.namespaces()));
    } else {
      LOG.warn(
          "the ResealRequest CRD is not installed, so re-sealing is off: apply the chart's crds/"
              + " (helm upgrade does not)");
    }
  }

  private static void listAndWatch(
      ControllerConfigurationOverrider<?> c, WatchedNamespaces namespaces) {
    c.withInformerListLimit(OpenMetadataSecretReconciler.LIST_PAGE_SIZE);
    watch(c, namespaces);
  }

  private static void watch(ControllerConfigurationOverrider<?> c, WatchedNamespaces namespaces) {
    if (namespaces.all()) {
      c.watchingAllNamespaces();
    } else {
      c.settingNamespaces(namespaces.names());
    }
  }

  /**
   * JOSDK on {@code client}. Status is written with a JSON patch rather than server-side apply: the
   * operator owns the whole status, and the same code path then runs on the mock server and on a
   * real one.
   */
  private static Operator operator(
      OperatorConfig config,
      KubernetesClient client,
      RuntimeOptions options,
      OperatorMetrics metrics,
      Optional<LeaderElectionConfiguration> leaderElection) {
    return new Operator(
        o -> {
          o.withKubernetesClient(client)
              .withUseSSAToPatchPrimaryResource(false)
              .withCloseClientOnStop(false)
              .withResourceCloner(cloner(client.getKubernetesSerialization()))
              .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()))
              .withReconciliationTerminationTimeout(options.shutdownGrace())
              .withConcurrentReconciliationThreads(config.reconcileThreads())
              // One namespace's burst of resources must not queue ahead of every other namespace.
              .withExecutorService(FairExecutor.byNamespace(config.reconcileThreads()));
          leaderElection.ifPresent(o::withLeaderElectionConfiguration);
        });
  }

  /**
   * The copy of a cached resource that JOSDK hands each reconciliation: an OpenMetadataSecret's own
   * deep copy, a JSON round trip (JOSDK's default) for anything else.
   */
  static Cloner cloner(KubernetesSerialization json) {
    return new Cloner() {
      @Override
      @SuppressWarnings("unchecked")
      public <R extends HasMetadata> R clone(R resource) {
        return resource instanceof OpenMetadataSecret oms ? (R) oms.copy() : json.clone(resource);
      }
    };
  }

  /** /metrics, /v1/cert.pem and the probes, on the configured ports. */
  private static HttpEndpoints endpoints(
      OperatorConfig config,
      Operator operator,
      OperatorMetrics metrics,
      Supplier<Readiness> readiness,
      KeyRingStore keys) {
    try {
      return new HttpEndpoints(
          config.httpPort(),
          config.healthPort(),
          metrics::scrape,
          () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
          readiness,
          () -> Pem.publicKey(keys.current().active().pair().getPublic()));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Reads the Lease every retry period, so a standby's readiness says who leads; returns what gives
   * it up on close.
   */
  private static Runnable watchLease(
      Leadership leadership,
      KubernetesClient client,
      String namespace,
      RuntimeOptions options,
      Housekeeping housekeeping) {
    var lease = client.leases().inNamespace(namespace).withName(LEASE_NAME);
    housekeeping.every(
        options.retryPeriod(),
        Duration.ZERO,
        "reading the Lease",
        () -> leadership.observe(lease::get, Instant.now()));
    return () -> leadership.release(lease::get, l -> client.resource(l).update());
  }

  /**
   * A watched resource holding a sealed value, if any: proof that some key ring sealed it. Read
   * once, at a start that finds no key ring, page by page until the first one.
   */
  private static Optional<String> sealedResource(
      KubernetesClient client, WatchedNamespaces namespaces) {
    var resources = client.resources(OpenMetadataSecret.class);
    List<Listable<KubernetesResourceList<OpenMetadataSecret>>> scopes =
        namespaces.all()
            ? List.of(resources.inAnyNamespace())
            : namespaces.names().stream()
                .sorted()
                .<Listable<KubernetesResourceList<OpenMetadataSecret>>>map(resources::inNamespace)
                .toList();
    for (var scope : scopes) {
      String page = null;
      do {
        var list = scope.list(new ListOptionsBuilder().withLimit(500L).withContinue(page).build());
        Optional<String> sealed =
            list.getItems().stream()
                .filter(r -> r.getSpec() != null && r.getSpec().getEncryptedValue() != null)
                .map(
                    r ->
                        "OpenMetadataSecret "
                            + r.getMetadata().getNamespace()
                            + "/"
                            + r.getMetadata().getName()
                            + " holds a sealed value")
                .findFirst();
        if (sealed.isPresent()) {
          return sealed;
        }
        page = list.getMetadata() == null ? null : list.getMetadata().getContinue();
      } while (page != null && !page.isEmpty());
    }
    return Optional.empty();
  }

  /**
   * The identity is the pod name (HOSTNAME) plus a random suffix, so two instances in one pod or
   * JVM never share it.
   */
  private static Leadership leadership(String namespace, RuntimeOptions options) {
    String host = System.getenv().getOrDefault("HOSTNAME", "om-secrets-operator");
    String identity = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    return new Leadership(identity, namespace, LEASE_NAME, options.retryPeriod());
  }

  /** The Lease {@value #LEASE_NAME}, with callbacks that keep {@code leadership} current. */
  private static LeaderElectionConfiguration leaderElection(
      Leadership leadership, String namespace, RuntimeOptions options, AtomicBoolean stopping) {
    String identity = leadership.identity();
    // JOSDK's own exit-on-stop calls System.exit from whichever thread cancels the elector, which
    // on shutdown is the shutdown hook: the JVM then hangs until SIGKILL. Exit from a fresh thread,
    // and only when leadership is lost while running.
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> {
              leadership.leading(true);
              LOG.info("leading as {}", identity);
            },
            () -> {
              leadership.leading(false);
              if (stopping.get()) {
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

  /** The port of /metrics and /v1/cert.pem. */
  public int httpPort() {
    return http.metricsPort();
  }

  /** The port of /healthz and /readyz. */
  public int healthPort() {
    return http.healthPort();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Stops reconciling (in-flight reconciliations get the shutdown grace) and the HTTP ports. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping.set(true);
    operator.stop();
    releaseLease.run();
    housekeeping.close();
    keys.close();
    reconciler.close();
    http.close();
  }
}
