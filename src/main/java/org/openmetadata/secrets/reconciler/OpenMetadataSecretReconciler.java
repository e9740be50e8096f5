package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openmetadata.secrets.api.DeletionPolicy;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.crypto.KeyRingStore;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.policy.Admission;
import org.slf4j.MDC;

/**
 * Reconciles an OpenMetadataSecret into OpenMetadata's Secret: validate, name, resolve the value,
 * build the desired Secret, apply it, report status. Runs on every event (deletions included) so
 * the finalizer is only put on resources whose policy is Retain.
 */
@ControllerConfiguration(name = OpenMetadataSecretReconciler.NAME, triggerReconcilerOnAllEvents = true)
public class OpenMetadataSecretReconciler implements Reconciler<OpenMetadataSecret>, AutoCloseable {

  public static final String NAME = "openmetadatasecret";
  public static final String RETAIN_FINALIZER = "secrets.open-metadata.org/retain";
  static final String BY_SECRET_NAME = "bySecretName";
  static final String BY_SOURCE = "bySourceSecret";

  /**
   * Informers list in pages of this many objects. A resource or Secret can be 1.3 MB, so an
   * unpaged initial LIST of a few hundred of them would be held whole (response and parsed
   * objects) at start, beyond the heap that the same objects need once cached.
   */
  public static final long LIST_PAGE_SIZE = 50;

  /** Reader Role writes for a namespace are gathered over this long. */
  private static final long READER_ROLE_DELAY_MILLIS = 500;

  private final OperatorConfig config;
  private final KeyRingStore keys;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private volatile SecretStore store;
  private volatile SecretWriter writer;
  private volatile ValueResolver values;
  private volatile ReaderRoles readers;
  private final DeletionBreaker breaker;
  private final Admission admission;
  private volatile BreakerRecord breakerRecord;

  public OpenMetadataSecretReconciler(
      OperatorConfig config, KeyRingStore keys, EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.config = config;
    this.keys = keys;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.admission = new Admission(config.naming(), config.policy());
    this.breaker = new DeletionBreaker(config.deletionBreakerThreshold(), config.deletionBreakerWindow(), clock,
        this::exposeBreaker);
    if (!config.namespaces().all()) {
      config.namespaces().names().forEach(this::exposeBreaker);
    }
  }

  /** A breaker's gauge: from the start for each watched namespace; with all namespaces, once it opens. */
  private void exposeBreaker(String namespace) {
    metrics.deletionBreaker(namespace, () -> breaker.isOpen(namespace) ? 1 : 0);
  }

  @Override
  public List<EventSource<?, OpenMetadataSecret>> prepareEventSources(
      EventSourceContext<OpenMetadataSecret> context) {
    var primaries = context.getPrimaryCache();
    primaries.addIndexer(BY_SECRET_NAME, cr -> secretName(cr).map(n -> key(cr, n)).stream().toList());
    primaries.addIndexer(
        BY_SOURCE,
        cr ->
            Optional.ofNullable(cr.getSpec())
                .map(s -> s.getValueFrom())
                .map(v -> v.getSecretKeyRef())
                .map(ref -> key(cr, ref.getName()))
                .stream()
                .toList());
    // A managed Secret's event concerns every resource that maps to its name: the owner, and
    // the losers of a name collision that take over when it goes away. Additions and updates that
    // only echo what a reconciliation did or saw are dropped; deletions always count.
    KnownVersions known = new KnownVersions();
    var managed =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, OpenMetadataSecret.class)
                .withName("managed-secrets")
                .withInformerListLimit(LIST_PAGE_SIZE)
                .withLabelSelector(Labels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(s -> resourcesByIndex(primaries, BY_SECRET_NAME, s))
                .withOnAddFilter(s -> known.isNews(s, null))
                .withOnUpdateFilter(known::isNews)
                .withOnDeleteFilter((s, unknown) -> {
                  known.forget(ResourceID.fromResource(s));
                  return true;
                })
                .build(),
            context);
    var sources =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, OpenMetadataSecret.class)
                .withName("source-secrets")
                .withInformerListLimit(LIST_PAGE_SIZE)
                .withLabelSelector(Labels.SOURCE_SELECTOR)
                .withSecondaryToPrimaryMapper(s -> resourcesByIndex(primaries, BY_SOURCE, s))
                .build(),
            context);
    store = new SecretStore(context.getClient(), managed, sources, known);
    metrics.managedSecrets(store::managedCount);
    writer = new SecretWriter(store, config.naming(), primaries::get, events, metrics, config.recheckInterval());
    values = new ValueResolver(store, config.naming(), new StoredValues(context.getClient(), metrics), keys, metrics);
    breakerRecord = new BreakerRecord(context.getClient(), config.operatorNamespace(), breaker,
        ns -> primaries.list(ns).map(ResourceID::fromResource));
    readers = new ReaderRoles(context.getClient(), config.readerSubjects(),
        ns -> readableNames(ns, primaries, managed), READER_ROLE_DELAY_MILLIS);
    return List.of(managed, sources, breakerRecord);
  }

  @Override
  public UpdateControl<OpenMetadataSecret> reconcile(
      OpenMetadataSecret resource, Context<OpenMetadataSecret> context) {
    if (context.isPrimaryResourceDeleted()) {
      metrics.resourceDeleted(); // every deletion ends in exactly one delete event
      recordDeletion(resource);
      readers.requestSync(resource.getMetadata().getNamespace());
      return UpdateControl.noUpdate();
    }
    try (var ignored = MDC.putCloseable("resource", ResourceID.fromResource(resource).toString())) {
      if (resource.isMarkedForDeletion()) {
        recordDeletion(resource);
        finishDeletion(resource, context);
        return UpdateControl.noUpdate();
      }
      OpenMetadataSecret current = matchFinalizerToPolicy(resource, context);
      Outcome outcome = sync(current, context);
      metrics.reconciled(outcome.reason());
      if (outcome.ready()) {
        readers.requestSync(current.getMetadata().getNamespace());
      }
      UpdateControl<OpenMetadataSecret> control = statusUpdate(current, outcome, context);
      outcome.recheckAfter().ifPresent(control::rescheduleAfter);
      return control;
    }
  }

  @Override
  public void close() {
    if (readers != null) {
      readers.close();
    }
  }

  /** API failures: a safe ApiError status and event, while the framework retries with backoff. */
  @Override
  public ErrorStatusUpdateControl<OpenMetadataSecret> updateErrorStatus(
      OpenMetadataSecret resource, Context<OpenMetadataSecret> context, Exception e) {
    if (resource.isMarkedForDeletion() || isConflict(e)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message =
        e instanceof SecretApiException ? e.getMessage() : "internal error (" + e.getClass().getSimpleName() + "); retrying";
    Outcome outcome =
        Outcome.failed(Reason.ApiError, message, secretName(resource).orElse(null));
    metrics.reconciled(Reason.ApiError);
    OpenMetadataSecretStatus status = statusFor(resource, outcome);
    if (status.equals(resource.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    events.record(resource, EventReason.ApiError, message);
    recordBreakerTransition(resource, status);
    resource.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private Outcome sync(OpenMetadataSecret resource, Context<OpenMetadataSecret> context) {
    AdmissionStep.Verdict verdict = AdmissionStep.run(admission, resource.getSpec(),
        name -> olderOwner(resource, name, context), name -> values.resolve(resource, name), config.recheckInterval());
    if (!verdict.admitted()) {
      verdict.denied().filter(rule -> rule.reason() == Reason.PolicyDenied)
          .ifPresent(rule -> metrics.policyDenied(rule.label()));
      return verdict.failure();
    }
    String name = verdict.secretName();
    Secret desired = DesiredSecret.build(resource, name, verdict.value(), config.tags());
    boolean wasSynced = StatusBuilder.wasSynced(resource.getStatus(), resource.getMetadata().getGeneration(), name);
    Outcome outcome = writer.apply(resource, desired, wasSynced);
    return outcome.ready() ? outcome.withFingerprint(keys.current().fingerprint(resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(), resource.getMetadata().getUid(), verdict.value())) : outcome;
  }

  /** Secrets in a namespace that a live resource owns ({@link DesiredSecret#isOwnedBy}): the ones readers may get. */
  private Set<String> readableNames(
      String namespace,
      IndexerResourceCache<OpenMetadataSecret> primaries,
      InformerEventSource<Secret, OpenMetadataSecret> managed) {
    Map<String, OpenMetadataSecret> live =
        primaries.list(namespace).collect(Collectors.toMap(cr -> cr.getMetadata().getUid(), cr -> cr, (a, b) -> a));
    return managed.list(namespace, s -> DesiredSecret.controllerOf(s).map(r -> live.get(r.getUid()))
            .map(owner -> DesiredSecret.isOwnedBy(s, owner, config.naming())).orElse(false))
        .map(s -> s.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  /** The oldest resource (creation time, then name) that maps to a Secret name keeps it: another one's name. */
  private static Optional<String> olderOwner(
      OpenMetadataSecret resource, String name, Context<OpenMetadataSecret> context) {
    return context.getPrimaryCache().byIndex(BY_SECRET_NAME, key(resource, name)).stream()
        .filter(cr -> !cr.isMarkedForDeletion() || cr.getMetadata().getUid().equals(resource.getMetadata().getUid()))
        .min(
            Comparator.comparing((OpenMetadataSecret cr) -> cr.getMetadata().getCreationTimestamp(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(cr -> cr.getMetadata().getName()))
        .filter(winner -> !Objects.equals(winner.getMetadata().getUid(), resource.getMetadata().getUid()))
        .map(winner -> winner.getMetadata().getName());
  }

  /**
   * Retain needs the finalizer to release the Secret before the resource goes; Delete does not,
   * unless its namespace's deletion breaker is open: then every resource there keeps its Secret.
   */
  private OpenMetadataSecret matchFinalizerToPolicy(
      OpenMetadataSecret resource, Context<OpenMetadataSecret> context) {
    boolean retain = keepsSecret(resource);
    if (retain && !resource.hasFinalizer(RETAIN_FINALIZER)) {
      return PrimaryUpdateAndCacheUtils.addFinalizer(context.getClient(), resource, RETAIN_FINALIZER);
    }
    if (!retain && resource.hasFinalizer(RETAIN_FINALIZER)) {
      return PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), resource, RETAIN_FINALIZER);
    }
    return resource;
  }

  private void finishDeletion(OpenMetadataSecret resource, Context<OpenMetadataSecret> context) {
    if (!resource.hasFinalizer(RETAIN_FINALIZER)) {
      return;
    }
    if (keepsSecret(resource)) {
      secretName(resource).ifPresent(name -> writer.release(resource, name));
    }
    PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), resource, RETAIN_FINALIZER);
  }

  /** Retain, or any resource of a namespace whose deletion breaker is open. */
  private boolean keepsSecret(OpenMetadataSecret resource) {
    return breaker.isOpen(resource.getMetadata().getNamespace())
        || (resource.getSpec() != null && resource.getSpec().effectiveDeletionPolicy() == DeletionPolicy.Retain);
  }

  /** Counts a deletion against its namespace's breaker; a trip is recorded and protects the namespace's resources. */
  private void recordDeletion(OpenMetadataSecret resource) {
    String namespace = resource.getMetadata().getNamespace();
    if (breaker.recordDeletion(namespace, resource.getMetadata().getUid())) {
      metrics.deletionBreakerTripped(namespace);
      breakerRecord.tripped(namespace, breaker.tripReason());
    }
  }

  /** One event per change of the DeletionsPaused condition, whichever reconciliation makes it. */
  private void recordBreakerTransition(OpenMetadataSecret resource, OpenMetadataSecretStatus status) {
    boolean before = StatusBuilder.condition(resource.getStatus(), StatusBuilder.DELETIONS_PAUSED).isPresent();
    Optional<String> now = StatusBuilder.condition(status, StatusBuilder.DELETIONS_PAUSED).map(c -> c.getMessage());
    if (!before && now.isPresent()) {
      events.record(resource, EventReason.DeletionsPaused, now.get());
    } else if (before && now.isEmpty()) {
      events.record(resource, EventReason.DeletionsResumed, "deletion circuit breaker closed: deleting this resource "
          + "deletes its Secret again as its deletion policy says");
    }
  }

  private UpdateControl<OpenMetadataSecret> statusUpdate(
      OpenMetadataSecret resource, Outcome outcome, Context<OpenMetadataSecret> context) {
    OpenMetadataSecretStatus status = statusFor(resource, outcome);
    if (status.equals(resource.getStatus())) {
      return UpdateControl.noUpdate();
    }
    recordBreakerTransition(resource, status);
    boolean conditionChanged =
        !StatusBuilder.readyCondition(status).map(c -> c.getReason() + c.getMessage())
            .equals(StatusBuilder.readyCondition(resource.getStatus()).map(c -> c.getReason() + c.getMessage()));
    if (!outcome.ready() && conditionChanged) {
      events.record(resource, EventReason.of(outcome.reason()), outcome.message());
    }
    writeStatus(resource, status, context);
    return UpdateControl.noUpdate();
  }

  /**
   * Patches the status and puts the result in the framework's cache, so the next reconciliation
   * compares against this status rather than a stale one and records no transition twice. A
   * resource deleted meanwhile has no status left to write.
   */
  private static void writeStatus(
      OpenMetadataSecret resource, OpenMetadataSecretStatus status, Context<OpenMetadataSecret> context) {
    try {
      var client = context.getClient();
      PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource, context, r -> r, r -> client.resource(r)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON),
              StatusPatch.of(r.getMetadata().getResourceVersion(), status, client.getKubernetesSerialization())));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  private OpenMetadataSecretStatus statusFor(OpenMetadataSecret resource, Outcome outcome) {
    return StatusBuilder.build(resource.getStatus(), resource.getMetadata().getGeneration(), outcome,
        clock.instant(), breaker.describe(resource.getMetadata().getNamespace()));
  }

  private Optional<String> secretName(OpenMetadataSecret resource) {
    if (resource.getSpec() == null || resource.getSpec().getPath() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(config.naming().secretName(resource.getSpec().getPath()));
    } catch (InvalidSecretNameException e) {
      return Optional.empty();
    }
  }

  private static boolean isConflict(Exception e) {
    // JOSDK hands over what reconcile threw wrapped in an OperatorException.
    return e instanceof StoredValues.StaleResourceException || e.getCause() instanceof StoredValues.StaleResourceException
        || (e instanceof SecretApiException api && api.code() == 409)
        || (e instanceof KubernetesClientException k && k.getCode() == 409);
  }

  private static String key(OpenMetadataSecret resource, String name) {
    return resource.getMetadata().getNamespace() + "/" + name;
  }

  private static Set<ResourceID> resourcesByIndex(
      IndexerResourceCache<OpenMetadataSecret> cache,
      String index,
      Secret secret) {
    String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    return cache.byIndex(index, key).stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
