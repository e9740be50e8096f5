package org.openmetadata.secrets.reseal;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.api.ResealRequestSpec;
import org.openmetadata.secrets.api.ResealRequestStatus;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each ResealRequest once, in its status, then deletes it after {@link #TTL}. The values
 * are opened within the request's namespace's budget ({@link #VALUES_PER_SECOND}); a request that
 * would exceed it waits, without holding a thread.
 */
@ControllerConfiguration(name = ResealRequestReconciler.NAME)
public class ResealRequestReconciler implements Reconciler<ResealRequest> {

  public static final String NAME = "resealrequest";

  /** How long an answered request stays for its client to read it. */
  public static final Duration TTL = Duration.ofMinutes(10);

  /** Values each namespace may have opened per second, on average. */
  public static final int VALUES_PER_SECOND = 20;

  /** ... and at once: one full request. */
  public static final int VALUES_BURST = ResealRequestSpec.MAX_ITEMS;

  private static final Logger LOG = LoggerFactory.getLogger(ResealRequestReconciler.class);

  private final KeyRingStore keys;
  private final TrustedRecipients trusted;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final ResealBudget budget = new ResealBudget(VALUES_PER_SECOND, VALUES_BURST);

  public ResealRequestReconciler(KeyRingStore keys, TrustedRecipients trusted, Clock clock) {
    this(keys, trusted, clock, System::nanoTime);
  }

  ResealRequestReconciler(
      KeyRingStore keys, TrustedRecipients trusted, Clock clock, LongSupplier nanoTime) {
    this.keys = keys;
    this.trusted = trusted;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  @Override
  public UpdateControl<ResealRequest> reconcile(
      ResealRequest request, Context<ResealRequest> context) {
    Instant now = clock.instant();
    if (ResealAnswer.answered(request)) {
      Duration left = ResealAnswer.keptFor(request, TTL, now);
      if (left.isNegative() || left.isZero()) {
        context.getClient().resource(request).delete();
        return UpdateControl.noUpdate();
      }
      return UpdateControl.<ResealRequest>noUpdate().rescheduleAfter(left);
    }
    Duration wait =
        budget.take(
            request.getMetadata().getNamespace(),
            request.getSpec().getItems().size(),
            nanoTime.getAsLong());
    if (!wait.isZero()) {
      return UpdateControl.<ResealRequest>noUpdate().rescheduleAfter(wait);
    }
    ResealRequestStatus status =
        ResealAnswer.of(request, value -> keys.forKeys(Sealer.keyIdsOf(value)), trusted, now);
    write(request, status, context);
    LOG.info(
        "answered ResealRequest {}/{}: {}",
        request.getMetadata().getNamespace(),
        request.getMetadata().getName(),
        status.getConditions().get(0).getMessage());
    return UpdateControl.<ResealRequest>noUpdate().rescheduleAfter(TTL);
  }

  /**
   * A status-only object at the request's version: the spec is never written back, and a request
   * replaced meanwhile gets a 409 and is answered again.
   */
  private static void write(
      ResealRequest request, ResealRequestStatus status, Context<ResealRequest> context) {
    ResealRequest answer = new ResealRequest();
    answer.setMetadata(
        new ObjectMetaBuilder()
            .withName(request.getMetadata().getName())
            .withNamespace(request.getMetadata().getNamespace())
            .withResourceVersion(request.getMetadata().getResourceVersion())
            .build());
    answer.setStatus(status);
    try {
      context.getClient().resource(answer).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }
}
