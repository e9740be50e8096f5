package org.openmetadata.secrets.reconciler;

import java.time.Duration;
import java.util.Optional;
import org.openmetadata.secrets.api.Reason;

/**
 * What one reconciliation concluded: the Ready reason with a message that is safe to publish (no
 * value, no raw exception text), the Secret name and value fingerprint when known, and when to look
 * again.
 */
public record Outcome(
    Reason reason,
    String message,
    String secretName,
    String fingerprint,
    Optional<Duration> recheckAfter) {

  public static Outcome synced(String secretName) {
    return new Outcome(
        Reason.Synced,
        "Secret " + secretName + " is up to date",
        secretName,
        null,
        Optional.empty());
  }

  public static Outcome failed(Reason reason, String message, String secretName) {
    return new Outcome(reason, message, secretName, null, Optional.empty());
  }

  public Outcome recheckAfter(Duration after) {
    return new Outcome(reason, message, secretName, fingerprint, Optional.of(after));
  }

  /** The fingerprint of the value now in the Secret. */
  public Outcome withFingerprint(String valueFingerprint) {
    return new Outcome(reason, message, secretName, valueFingerprint, recheckAfter);
  }

  public boolean ready() {
    return reason.ready();
  }
}
