package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.DeletionPolicy;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.naming.SecretNaming;
import org.openmetadata.secrets.policy.Admission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles an OpenMetadataSecret into OpenMetadata's Secret: validate, name, resolve the value,
 * build the desired Secret, apply it, report status. Runs on every event (deletions included) so
 * the finalizer is only put on resources whose policy is Retain.
 */
@ControllerConfiguration(
    name = OpenMetadataSecretReconciler.NAME,
    triggerReconcilerOnAllEvents = true)
public class OpenMetadataSecretReconciler implements Reconciler<OpenMetadataSecret>, AutoCloseable {

  public static final String NAME = "openmetadatasecret";
  public static final String RETAIN_FINALIZER = "secrets.open-metadata.org/retain";

  /**
   * Informers list in pages of this many objects. A resource or Secret can be 1.3 MB, so an unpaged
   * initial LIST of a few hundred of them would be held whole (response and parsed objects) at
   * start, beyond the heap that the same objects need once cached.
   */
  public static final long LIST_PAGE_SIZE = 50;

  private static final Logger LOG = LoggerFactory.getLogger(OpenMetadataSecretReconciler.class);

  private final OperatorConfig config;
  private final KeyRingStore keys;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final DeletionBreaker breaker;
  private final StatusPublisher publisher;

  /**
   * Set once, by {@link #prepareEventSources}: the framework calls it on registration, before any
   * reconciliation.
   */
  private final AtomicReference<Collaborators> wired = new AtomicReference<>();

  private final Admission admission;

  public OpenMetadataSecretReconciler(
      OperatorConfig config,
      KeyRingStore keys,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock) {
    this.config = config;
    this.keys = keys;
    this.events = events;
    this.metrics = metrics;
    this.admission = new Admission(config.naming(), config.policy());
    this.breaker =
        new DeletionBreaker(
            config.deletionBreakerThreshold(),
            config.deletionBreakerWindow(),
            clock,
            this::exposeBreaker);
    this.publisher = new StatusPublisher(events, breaker, keys::current, clock);
    if (!config.namespaces().all()) {
      config.namespaces().names().forEach(this::exposeBreaker);
      config.namespaces().names().forEach(metrics::watchNamespace);
    }
  }

  /**
   * A breaker's gauge: from the start for each watched namespace; with all namespaces, once it
   * opens.
   */
  private void exposeBreaker(String namespace) {
    metrics.deletionBreaker(namespace, () -> breaker.isOpen(namespace) ? 1 : 0);
  }

  @Override
  public List<EventSource<?, OpenMetadataSecret>> prepareEventSources(
      EventSourceContext<OpenMetadataSecret> context) {
    Collaborators built = Collaborators.build(context, config, keys, events, metrics, breaker);
    if (!wired.compareAndSet(null, built)) {
      built.close();
      throw new IllegalStateException("the reconciler's event sources are prepared once");
    }
    return built.eventSources();
  }

  private Collaborators wired() {
    return Optional.ofNullable(wired.get())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the reconciler runs only once registered with the operator"));
  }

  @Override
  public UpdateControl<OpenMetadataSecret> reconcile(
      OpenMetadataSecret resource, Context<OpenMetadataSecret> context) {
    if (context.isPrimaryResourceDeleted()) {
      metrics.resourceDeleted(); // every deletion ends in exactly one delete event
      recordDeletion(resource);
      wired().readers().requestSync(resource.getMetadata().getNamespace());
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
      recordOutcome(current, outcome.reason());
      if (outcome.ready()) {
        wired().readers().requestSync(current.getMetadata().getNamespace());
      }
      publisher.publish(current, outcome, context);
      UpdateControl<OpenMetadataSecret> control = UpdateControl.noUpdate();
      outcome.recheckAfter().ifPresent(control::rescheduleAfter);
      return control;
    }
  }

  private void recordOutcome(OpenMetadataSecret resource, Reason reason) {
    metrics.reconciled(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getUid(),
        reason,
        notReadySince(resource).orElse(null));
  }

  /**
   * When the resource's status says it stopped being Ready: a restarted operator still knows how
   * long it has waited.
   */
  static Optional<Instant> notReadySince(OpenMetadataSecret resource) {
    return Conditions.readyCondition(resource.getStatus())
        .filter(ready -> "False".equals(ready.getStatus()))
        .map(Condition::getLastTransitionTime)
        .flatMap(
            time -> {
              try {
                return Optional.of(Instant.parse(time));
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            });
  }

  /** Nothing to stop if the reconciler was never registered. */
  @Override
  public void close() {
    Collaborators collaborators = wired.get();
    if (collaborators != null) {
      collaborators.close();
    }
  }

  /**
   * API failures: a safe ApiError status and event, published as reconcile's outcomes are, while
   * the framework retries with backoff.
   */
  @Override
  public ErrorStatusUpdateControl<OpenMetadataSecret> updateErrorStatus(
      OpenMetadataSecret resource, Context<OpenMetadataSecret> context, Exception e) {
    Optional<String> message =
        resource.isMarkedForDeletion() ? Optional.empty() : apiErrorMessage(e);
    if (message.isPresent()) {
      recordOutcome(resource, Reason.ApiError);
      Outcome failed =
          Outcome.failed(
              Reason.ApiError, message.get(), secretName(config.naming(), resource).orElse(null));
      try {
        publisher.publish(resource, failed, context);
      } catch (RuntimeException notWritten) {
        // Thrown here it would escape the framework's retry; the next attempt publishes again.
        LOG.warn(
            "could not write the ApiError status of {} ({}); retrying",
            ResourceID.fromResource(resource),
            notWritten.getClass().getSimpleName());
      }
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * What a failure says in status and event; empty for an optimistic-lock conflict, which is only
   * retried. Only a SecretApiException's message is safe to show: others may quote a value. The
   * framework hands over what reconcile threw wrapped in an OperatorException.
   */
  static Optional<String> apiErrorMessage(Exception e) {
    Throwable thrown = e;
    while (thrown instanceof OperatorException && thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    if (thrown instanceof StoredValues.StaleResourceException
        || (thrown instanceof SecretApiException api
            && api.code() == HttpURLConnection.HTTP_CONFLICT)
        || (thrown instanceof KubernetesClientException k
            && k.getCode() == HttpURLConnection.HTTP_CONFLICT)) {
      return Optional.empty();
    }
    return Optional.of(
        thrown instanceof SecretApiException
            ? thrown.getMessage()
            : "internal error (" + thrown.getClass().getSimpleName() + "); retrying");
  }

  private Outcome sync(OpenMetadataSecret resource, Context<OpenMetadataSecret> context) {
    AdmissionStep.Verdict verdict =
        AdmissionStep.run(
            admission,
            resource.getSpec(),
            name -> olderOwner(resource, name, context),
            name -> wired().values().resolve(resource, name),
            config.recheckInterval());
    if (!verdict.admitted()) {
      verdict
          .denied()
          .filter(rule -> rule.reason() == Reason.PolicyDenied)
          .ifPresent(rule -> metrics.policyDenied(rule.label()));
      return verdict.failure();
    }
    String name = verdict.secretName();
    Secret desired = DesiredSecret.build(resource, name, verdict.value(), config.tags());
    boolean wasSynced =
        StatusBuilder.wasSynced(resource.getStatus(), resource.getMetadata().getGeneration(), name);
    Outcome outcome = wired().writer().apply(resource, desired, wasSynced);
    return outcome.ready()
        ? outcome.withFingerprint(
            keys.current()
                .fingerprint(
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    resource.getMetadata().getUid(),
                    verdict.value()))
        : outcome;
  }

  /**
   * The oldest resource (creation time, then name) that maps to a Secret name keeps it: another
   * one's name.
   */
  private static Optional<String> olderOwner(
      OpenMetadataSecret resource, String name, Context<OpenMetadataSecret> context) {
    return context
        .getPrimaryCache()
        .byIndex(Collaborators.BY_SECRET_NAME, Collaborators.key(resource, name))
        .stream()
        .filter(
            cr ->
                !cr.isMarkedForDeletion()
                    || cr.getMetadata().getUid().equals(resource.getMetadata().getUid()))
        .min(
            Comparator.comparing(
                    (OpenMetadataSecret cr) -> cr.getMetadata().getCreationTimestamp(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(cr -> cr.getMetadata().getName()))
        .filter(
            winner ->
                !Objects.equals(winner.getMetadata().getUid(), resource.getMetadata().getUid()))
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
      return PrimaryUpdateAndCacheUtils.addFinalizer(
          context.getClient(), resource, RETAIN_FINALIZER);
    }
    if (!retain && resource.hasFinalizer(RETAIN_FINALIZER)) {
      return PrimaryUpdateAndCacheUtils.removeFinalizer(
          context.getClient(), resource, RETAIN_FINALIZER);
    }
    return resource;
  }

  private void finishDeletion(OpenMetadataSecret resource, Context<OpenMetadataSecret> context) {
    if (!resource.hasFinalizer(RETAIN_FINALIZER)) {
      return;
    }
    if (keepsSecret(resource)) {
      secretName(config.naming(), resource)
          .ifPresent(name -> wired().writer().release(resource, name));
    }
    PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), resource, RETAIN_FINALIZER);
  }

  /** Retain, or any resource of a namespace whose deletion breaker is open. */
  private boolean keepsSecret(OpenMetadataSecret resource) {
    return breaker.isOpen(resource.getMetadata().getNamespace())
        || (resource.getSpec() != null
            && resource.getSpec().effectiveDeletionPolicy() == DeletionPolicy.Retain);
  }

  /**
   * Counts a deletion against its namespace's breaker; a trip is recorded and protects the
   * namespace's resources.
   */
  private void recordDeletion(OpenMetadataSecret resource) {
    metrics.resourceGone(resource.getMetadata().getUid());
    String namespace = resource.getMetadata().getNamespace();
    if (breaker.recordDeletion(namespace, resource.getMetadata().getUid())) {
      metrics.deletionBreakerTripped(namespace);
      wired().breakerRecord().tripped(namespace, breaker.tripReason());
    }
  }

  /** The Secret a resource's path maps to; empty while its path is missing or invalid. */
  static Optional<String> secretName(SecretNaming naming, OpenMetadataSecret resource) {
    if (resource.getSpec() == null || resource.getSpec().getPath() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(naming.secretName(resource.getSpec().getPath()));
    } catch (InvalidSecretNameException e) {
      return Optional.empty();
    }
  }
}
