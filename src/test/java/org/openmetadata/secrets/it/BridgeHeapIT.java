package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.Config;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.bench.ForkedOperator;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * The bridge sidecar as the chart ships it (its own JVM with the chart's {@code javaOptions}, 64
 * MiB of heap) in a namespace holding more OpenMetadataSecrets at the policy's size limit than that
 * heap could hold whole: it must still start and serve OpenMetadata's reads and writes.
 */
@ExtendWith(ControlPlaneExtension.class)
class BridgeHeapIT {

  /** Past the ~90 at which a bridge that cached values whole ran out of heap. */
  private static final int RESOURCES = 120;

  private static final String SERVER_SA = "openmetadata";
  private static final String NOTE = "example.com/note";
  private static final Path JAR = Path.of("target", "om-secrets-operator.jar");

  @Test
  void theBridgeServesANamespaceFullOfLargeSealedValuesWithTheShippedHeap(ControlPlane cp)
      throws Exception {
    String ns = cp.createNamespace("om-heap");
    String operatorNs = cp.createNamespace("om-heap-system");
    int port = BridgeChart.freePort();
    List<HasMetadata> objects = BridgeChart.render(operatorNs, ns, SERVER_SA, port);
    cp.applyRbac(objects);
    BridgeChart.Sidecar sidecar = BridgeChart.sidecar(objects, cp.kubeconfigAs(ns, SERVER_SA));
    List<String> shippedJvmOptions = sidecar.jvmOptions();
    Map<String, String> bridgeEnv = sidecar.env();
    assertThat(shippedJvmOptions).contains("-Xmx64m");
    int maxValueBytes = OperatorConfig.from(bridgeEnv).policy().maxValueBytes();
    Path log = Path.of("target", "bridge-heap-it", "bridge.log");
    try (OperatorRuntime operator =
        OperatorRuntime.start(
            OperatorConfig.from(BridgeChart.operatorEnv(objects)),
            cp.clientAs(operatorNs, "om-secrets-operator"))) {
      // Someone else's resources, each sealed at the size limit (to a key the operator lacks: it
      // leaves them be).
      PublicKey elsewhere = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
      for (int i = 0; i < RESOURCES; i++) {
        String name = "openmetadata-bulk-" + i + "-password";
        byte[] value = new byte[maxValueBytes];
        Arrays.fill(
            value, (byte) 'x'); // sealed, it is as large and as random as any value of that size
        String path = "bulk/" + i + "/password";
        cp.admin()
            .resource(
                TestResources.withEncryptedValue(
                    ns, name, path, Sealer.seal(elsewhere, new Scope(ns, name, path), value)))
            .create();
      }

      try (ForkedOperator bridge =
          new ForkedOperator(
              JAR,
              shippedJvmOptions,
              List.of("bridge", "--listen", "127.0.0.1:" + port, "--metrics-port", "0"),
              bridgeEnv,
              log)) {
        bridge.awaitServing(port);
        OpenMetadataServerCalls om =
            new OpenMetadataServerCalls(
                new CoreV1Api(Config.fromUrl("http://127.0.0.1:" + port)), ns, Map.of());

        // A write waits on the bridge's view of the namespace, so it lists all of them first.
        om.upsert("openmetadata-database-heap-password", "still-served");
        assertThat(om.get("openmetadata-database-heap-password")).isEqualTo("still-served");
        // A replace keeps what it does not change, though the bridge's view of it holds only what
        // it checks.
        cp.admin()
            .resources(OpenMetadataSecret.class)
            .inNamespace(ns)
            .withName("openmetadata-database-heap-password")
            .edit(
                r -> {
                  r.getMetadata().getAnnotations().put(NOTE, "kept");
                  return r;
                });
        om.upsert("openmetadata-database-heap-password", "and-replaced");
        assertThat(om.get("openmetadata-database-heap-password")).isEqualTo("and-replaced");
        assertThat(
                cp.admin()
                    .resources(OpenMetadataSecret.class)
                    .inNamespace(ns)
                    .withName("openmetadata-database-heap-password")
                    .get()
                    .getMetadata()
                    .getAnnotations())
            .containsEntry(NOTE, "kept");
        assertThat(bridge.alive()).as("the bridge process, see " + log).isTrue();
        System.out.printf(
            "bridge with %d resources of %d-byte values: heap after a full GC %.1f MiB, RSS %.1f MiB%n",
            RESOURCES,
            maxValueBytes,
            bridge.heapAfterGc() / 1048576.0,
            bridge.procStatus("VmRSS") / 1048576.0);
      }
    }
  }
}
