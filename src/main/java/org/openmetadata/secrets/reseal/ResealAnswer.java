package org.openmetadata.secrets.reseal;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.ResealItem;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.api.ResealRequestStatus;
import org.openmetadata.secrets.api.ResealResult;
import org.openmetadata.secrets.crypto.KeyRing;

/** The status that answers a ResealRequest: a pure function of the request, the keys and a time. */
public final class ResealAnswer {

  /**
   * The most characters of sealed values a request may hold, its items' and its answers' together:
   * the API server stores an object of at most 1.5 MiB (etcd's default request limit), so an answer
   * beyond this could not be written. The CLI sends at most {@link #REQUEST_CHARS} per request.
   */
  static final int OBJECT_CHARS = 1_400_000;

  /** What the CLI puts in one request, so that the answer fits beside it. */
  public static final int REQUEST_CHARS = OBJECT_CHARS / 2 - 50_000;

  public static final String COMPLETED = "Completed";
  public static final String UNTRUSTED_RECIPIENT = "UntrustedRecipient";

  private ResealAnswer() {}

  /**
   * Every item's answer, in order.
   *
   * @param ringFor the ring to open a value with, by the key id it names (a ring that a peer
   *     rotated is re-read); its active key is the one sealed to
   */
  public static ResealRequestStatus of(
      ResealRequest request,
      Function<String, KeyRing> ringFor,
      TrustedRecipients trusted,
      Instant now) {
    String namespace = request.getMetadata().getNamespace();
    List<ResealItem> items = request.getSpec().getItems();
    TrustedRecipients.Check recipients = trusted.check(request.getSpec().recipients());
    List<ResealResult> results = new ArrayList<>();
    String activeKeyId = null;
    long size = items.stream().mapToLong(i -> i.getEncryptedValue().length()).sum();
    for (ResealItem item : items) {
      if (!recipients.ok()) {
        results.add(ResealResult.refused(item, recipients.refusal()));
        continue;
      }
      KeyRing ring = ringFor.apply(item.getEncryptedValue().strip());
      activeKeyId = ring.active().id();
      ResealResult result = Resealer.reseal(ring, trusted, recipients.accepted(), namespace, item);
      long added = result.getEncryptedValue() == null ? 0 : result.getEncryptedValue().length();
      if (size + added > OBJECT_CHARS) {
        result =
            ResealResult.refused(
                item,
                "the answer would make this request larger than the API server stores; send this"
                    + " value in a request of its own, or seal it again from its plaintext if it is"
                    + " alone");
      } else {
        size += added;
      }
      results.add(result);
    }
    ResealRequestStatus status = new ResealRequestStatus();
    status.setObservedGeneration(request.getMetadata().getGeneration());
    status.setActiveKeyId(activeKeyId);
    status.setCompletionTime(now.toString());
    status.setItems(results);
    status.setConditions(List.of(ready(request, recipients, results, now)));
    return status;
  }

  private static Condition ready(
      ResealRequest request,
      TrustedRecipients.Check recipients,
      List<ResealResult> results,
      Instant now) {
    ConditionBuilder ready =
        new ConditionBuilder()
            .withType(Conditions.READY)
            .withObservedGeneration(request.getMetadata().getGeneration())
            .withLastTransitionTime(now.toString());
    if (!recipients.ok()) {
      return ready
          .withStatus("False")
          .withReason(UNTRUSTED_RECIPIENT)
          .withMessage(recipients.refusal())
          .build();
    }
    return ready.withStatus("True").withReason(COMPLETED).withMessage(summary(results)).build();
  }

  /** "2 re-sealed, 1 current, 0 refused". */
  static String summary(List<ResealResult> results) {
    return count(results, ResealResult.Outcome.Resealed)
        + " re-sealed, "
        + count(results, ResealResult.Outcome.Current)
        + " current, "
        + count(results, ResealResult.Outcome.Refused)
        + " refused";
  }

  private static long count(List<ResealResult> results, ResealResult.Outcome outcome) {
    return results.stream().filter(r -> r.getOutcome() == outcome).count();
  }

  /**
   * How long an answered request is kept for its client to read, from {@code now}: zero or less
   * once it may be deleted.
   */
  public static Duration keptFor(ResealRequest request, Duration ttl, Instant now) {
    return Duration.between(now, Instant.parse(request.getStatus().getCompletionTime()).plus(ttl));
  }

  /** Whether {@code request} holds the answer to its current spec. */
  public static boolean answered(ResealRequest request) {
    ResealRequestStatus status = request.getStatus();
    return status != null
        && status.getCompletionTime() != null
        && request.getMetadata().getGeneration() != null
        && request.getMetadata().getGeneration().equals(status.getObservedGeneration());
  }
}
