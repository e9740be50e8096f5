package org.openmetadata.secrets.reconciler;

import java.time.Duration;
import java.util.Optional;

/**
 * What one reconciliation concluded: the Ready reason with a message that is safe to publish (no
 * value, no raw exception text), the Secret name when known, and when to look again.
 */
public record Outcome(Reason reason, String message, String secretName, Optional<Duration> recheckAfter) {

  public static Outcome synced(String secretName) {
    return new Outcome(Reason.Synced, "Secret " + secretName + " is up to date", secretName, Optional.empty());
  }

  public static Outcome failed(Reason reason, String message, String secretName) {
    return new Outcome(reason, message, secretName, Optional.empty());
  }

  public Outcome recheckAfter(Duration after) {
    return new Outcome(reason, message, secretName, Optional.of(after));
  }

  public boolean ready() {
    return reason.ready();
  }
}
