package org.openmetadata.secrets.runtime;

import java.util.Optional;

/**
 * What /readyz answers: 200 or 503, and a sentence saying why, for whoever curls it or reads the
 * log (the kubelet records only the status code).
 *
 * <p>A standby that could take over is ready: the chart's PodDisruptionBudget ({@code minAvailable:
 * 1}) counts ready pods, so an unready standby would make the leader's node undrainable. A standby
 * that could not take over is not ready, so the budget keeps the leader and {@code kubectl get
 * pods} shows the problem.
 */
public record Readiness(boolean ready, String explanation) {

  static Readiness ready(String why) {
    return new Readiness(true, "ready: " + why);
  }

  static Readiness notReady(String why) {
    return new Readiness(false, "not ready: " + why);
  }

  /**
   * @param started the operator's caches have synced
   * @param healthy every informer is watching
   * @param leadership the standing in leader election; empty when it is off
   */
  static Readiness of(boolean started, boolean healthy, Optional<Readiness> leadership) {
    if (!started) {
      return notReady("starting, caches not synced yet");
    }
    if (!healthy) {
      return notReady("an informer is not watching the API server (see the log)");
    }
    return leadership.orElseGet(() -> ready("reconciling (leader election off)"));
  }
}
