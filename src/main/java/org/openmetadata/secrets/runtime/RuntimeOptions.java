package org.openmetadata.secrets.runtime;

import java.time.Duration;

/**
 * How the process behaves around leadership and shutdown. Production uses {@link #PRODUCTION};
 * tests shorten the lease and keep the JVM alive when an instance loses leadership.
 *
 * @param exitOnLostLeadership exit the process when leadership is lost, so two replicas can never
 *     reconcile at once (the pod restarts as a standby)
 * @param shutdownGrace how long in-flight reconciliations may run on shutdown; below the pod's 30 s
 *     termination grace period
 */
public record RuntimeOptions(
    boolean exitOnLostLeadership,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    Duration shutdownGrace) {

  public static final RuntimeOptions PRODUCTION =
      new RuntimeOptions(
          true,
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          Duration.ofSeconds(20));
}
