package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.reconciler.OpenMetadataSecretReconciler;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * The operator lists resources and Secrets in pages (a LIST of hundreds of 1.3 MB resources at once
 * ran it out of heap at start); the real API server's continue tokens must still give it every
 * object.
 */
@ExtendWith(ControlPlaneExtension.class)
class ListPagingIT {

  @Test
  void aRestartOverMoreThanTwoListPagesSeesEveryResourceAndSecretAndWritesNothing(ControlPlane cp) {
    String ns = cp.createNamespace("paging");
    OperatorConfig config = ControlPlane.operatorConfig(ns, ns, "OM_SM_ALLOW_PLAINTEXT", "true");
    int n = (int) OpenMetadataSecretReconciler.LIST_PAGE_SIZE * 2 + 1;
    try (OperatorRuntime operator = OperatorRuntime.start(config, cp.admin())) {
      IntStream.range(0, n)
          .forEach(
              i ->
                  cp.admin()
                      .resource(
                          TestResources.withValue(
                              ns, "r" + i, "database/r" + i + "/password", "v" + i))
                      .create());
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> assertThat(synced(operator)).isGreaterThanOrEqualTo(n));
    }

    try (OperatorRuntime restarted = OperatorRuntime.start(config, cp.admin())) {
      assertThat(restarted.metrics().registry().find("oms_managed_secrets").gauge().value())
          .as("managed Secrets in the cache after a paged LIST")
          .isEqualTo(n);
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> assertThat(synced(restarted)).isGreaterThanOrEqualTo(n));
      assertThat(restarted.metrics().registry().find("oms_secret_writes").counters())
          .as("a restart writes nothing")
          .isNotEmpty()
          .allSatisfy(c -> assertThat(c.count()).as(c.getId().getTag("action")).isZero());
    }
  }

  private static double synced(OperatorRuntime operator) {
    Counter c =
        operator
            .metrics()
            .registry()
            .find("oms_reconcile_outcomes")
            .tag("reason", "Synced")
            .counter();
    return c == null ? 0 : c.count();
  }
}
