package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * The packaged operator, leader-elected, stops promptly on SIGTERM (as in a pod's grace period) and
 * releases its Lease.
 */
@ExtendWith(ControlPlaneExtension.class)
class ShutdownIT {

  @Test
  void sigtermStopsALeaderWithinTheGracePeriod(ControlPlane cp) throws Exception {
    String ns = cp.createNamespace("shutdown");
    ProcessBuilder builder =
        new ProcessBuilder(
                "java", "-jar", Path.of("target", "om-secrets-operator.jar").toString(), "run")
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "shutdown-it-operator.log").toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "OM_SM_KUBECONFIG_PATH",
                cp.kubeconfig().toString(),
                "OM_SM_NAMESPACE",
                ns,
                "OM_SM_HTTP_PORT",
                "0",
                "OM_SM_HEALTH_PORT",
                "0",
                "OM_SM_LEADER_ELECTION",
                "true",
                "OM_SM_OPERATOR_NAMESPACE",
                ns));
    Process operator = builder.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          cp.admin()
                              .leases()
                              .inNamespace(ns)
                              .withName(OperatorRuntime.LEASE_NAME)
                              .get())
                      .isNotNull());

      long start = System.nanoTime();
      operator.destroy(); // SIGTERM

      assertThat(operator.waitFor(25, TimeUnit.SECONDS))
          .as("exited before a 30 s grace period ends")
          .isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
      // The Lease is given up, so a standby takes over at once rather than when it expires.
      assertThat(
              cp.admin()
                  .leases()
                  .inNamespace(ns)
                  .withName(OperatorRuntime.LEASE_NAME)
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEmpty();
    } finally {
      operator.destroyForcibly();
    }
  }
}
