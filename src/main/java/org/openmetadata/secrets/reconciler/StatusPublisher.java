package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.keys.KeyUsage;

/**
 * The one way an outcome reaches a resource's status, whether reconcile returned it or the
 * framework handed over a failure: the events its transitions mark, then one cached write.
 */
final class StatusPublisher {

  private final EventRecorder events;
  private final DeletionBreaker breaker;
  private final Supplier<KeyRing> ring;
  private final Clock clock;

  StatusPublisher(
      EventRecorder events, DeletionBreaker breaker, Supplier<KeyRing> ring, Clock clock) {
    this.events = events;
    this.breaker = breaker;
    this.ring = ring;
    this.clock = clock;
  }

  /**
   * Writes the status {@code outcome} gives {@code resource}, unless it is the one it has. A
   * failure is an event only when the Ready condition's reason or message changes: retries of the
   * same failure, and a new generation failing the same way, record nothing again.
   */
  void publish(OpenMetadataSecret resource, Outcome outcome, Context<OpenMetadataSecret> context) {
    OpenMetadataSecretStatus status =
        StatusBuilder.build(
            resource.getStatus(),
            resource.getMetadata().getGeneration(),
            outcome,
            clock.instant(),
            breaker.describe(resource.getMetadata().getNamespace()));
    // From the header the cached resource keeps: no read, no open, and unchanged while the value
    // is.
    status.setSealingKeyId(
        KeyUsage.sealedTo(
                resource.getSpec() == null ? null : resource.getSpec().getEncryptedValue(),
                ring.get())
            .orElse(null));
    if (status.equals(resource.getStatus())) {
      return;
    }
    recordBreakerTransition(resource, status);
    if (!outcome.ready() && !readyCause(status).equals(readyCause(resource.getStatus()))) {
      events.record(resource, EventReason.of(outcome.reason()), outcome.message());
    }
    write(resource, status, context);
  }

  private static Optional<String> readyCause(OpenMetadataSecretStatus status) {
    return Conditions.readyCondition(status).map(c -> c.getReason() + c.getMessage());
  }

  /** One event per change of the DeletionsPaused condition, whichever reconciliation makes it. */
  private void recordBreakerTransition(
      OpenMetadataSecret resource, OpenMetadataSecretStatus status) {
    boolean before =
        Conditions.condition(resource.getStatus(), Conditions.DELETIONS_PAUSED).isPresent();
    Optional<String> now =
        Conditions.condition(status, Conditions.DELETIONS_PAUSED).map(c -> c.getMessage());
    if (!before && now.isPresent()) {
      events.record(resource, EventReason.DeletionsPaused, now.get());
    } else if (before && now.isEmpty()) {
      events.record(
          resource,
          EventReason.DeletionsResumed,
          "deletion circuit breaker closed: deleting this resource "
              + "deletes its Secret again as its deletion policy says");
    }
  }

  /**
   * Patches the status and puts the result in the framework's cache, so the next reconciliation
   * compares against this status rather than a stale one and records no transition twice. A
   * resource deleted meanwhile has no status left to write.
   */
  private static void write(
      OpenMetadataSecret resource,
      OpenMetadataSecretStatus status,
      Context<OpenMetadataSecret> context) {
    try {
      var client = context.getClient();
      PrimaryUpdateAndCacheUtils.updateAndCacheResource(
          resource,
          context,
          r -> r,
          r ->
              client
                  .resource(addressOf(r))
                  .subresource("status")
                  .patch(
                      PatchContext.of(PatchType.JSON),
                      StatusPatch.of(
                          r.getMetadata().getResourceVersion(),
                          status,
                          client.getKubernetesSerialization())));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  /**
   * Only what a patch's URL needs: fabric8 copies the resource it patches through JSON, and the
   * patch itself names the resource version and the whole status.
   */
  private static OpenMetadataSecret addressOf(OpenMetadataSecret resource) {
    OpenMetadataSecret address = new OpenMetadataSecret();
    address.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(resource.getMetadata().getNamespace())
            .withName(resource.getMetadata().getName())
            .build());
    return address;
  }
}
