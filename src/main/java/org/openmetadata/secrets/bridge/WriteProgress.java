package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.desired.DesiredSecret;

/** How far a write has got: done, still on its way (and why), or failed for good. */
public sealed interface WriteProgress {

  /**
   * @param superseded a later write was synced too, so the Secret may hold a newer value than ours
   */
  record Done(boolean superseded) implements WriteProgress {}

  record Pending(String why) implements WriteProgress {}

  record Failed(Status status) implements WriteProgress {}

  /** Until the operator's status for the write arrives. */
  Pending NOT_SYNCED = new Pending("the operator has not synced it (is the operator running?)");

  /**
   * The outcome of a Secret read by the bridge's own identity: an HTTP code, and the Secret on 200.
   */
  record SecretLookup(int code, Secret secret) {}

  /**
   * How far the operator has got with generation {@code generation} of the resource with UID {@code
   * uid}: Synced at (or after) it is done; a failure it retries by itself is pending; any other
   * failure is final, with the Status OpenMetadata should see.
   */
  static WriteProgress ofResource(
      String name, OpenMetadataSecret current, String uid, long generation) {
    if (current == null
        || !Objects.equals(current.getMetadata().getUid(), uid)
        || current.isMarkedForDeletion()) {
      return new Failed(
          KubeStatus.conflict(
              name,
              "OpenMetadataSecret "
                  + name
                  + " was deleted or replaced while the bridge waited for the operator"));
    }
    OpenMetadataSecretStatus status = current.getStatus();
    Optional<Condition> ready = Conditions.readyCondition(status);
    if (status == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < generation
        || ready.isEmpty()) {
      return NOT_SYNCED;
    }
    Reason reason;
    try {
      reason = Reason.valueOf(ready.get().getReason());
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Pending("the operator reports " + ready.get().getReason());
    }
    return switch (reason) {
      case Synced -> new Done(status.getObservedGeneration() > generation);
      case ApiError -> new Pending("the operator is retrying: " + ready.get().getMessage());
      default -> new Failed(KubeStatus.refusedBy(name, reason, ready.get().getMessage()));
    };
  }

  /**
   * Whether the Secret, read with the bridge's own identity as OpenMetadata's next read will be,
   * holds {@code value} (any value, when null: a later write superseded ours): read-your-writes.
   * The comparison is of base64 text; neither is logged.
   */
  static WriteProgress ofSecret(String name, SecretLookup lookup, byte[] value) {
    return switch (lookup.code()) {
      case 200 ->
          value == null
                  || Objects.equals(
                      data(lookup.secret()), Base64.getEncoder().encodeToString(value))
              ? new Done(value == null)
              : new Pending("Secret " + name + " does not hold the new value");
      case 403 -> new Pending(KubeStatus.notGranted("Secret " + name));
      case 404 -> new Pending("Secret " + name + " does not exist");
      default -> new Pending("reading Secret " + name + " failed with HTTP " + lookup.code());
    };
  }

  private static String data(Secret secret) {
    return secret == null || secret.getData() == null
        ? null
        : secret.getData().get(DesiredSecret.DATA_KEY);
  }
}
