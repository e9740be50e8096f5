package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.bridge.BridgeServer;
import org.openmetadata.secrets.bridge.Requests;
import org.openmetadata.secrets.bridge.SecretBridge;
import org.openmetadata.secrets.bridge.Translation;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.metrics.BridgeMetrics;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * Two OpenMetadata installations, in namespaces A and B, served by one operator installed with the
 * chart's defaults for them: each server's ServiceAccount, its bridge (with the ConfigMap the chart
 * renders in its namespace) and each installation's ingestion reader hold exactly the chart's RBAC.
 * Neither reaches the other's credentials, through its bridge or with its own token.
 */
@ExtendWith(ControlPlaneExtension.class)
class TenantIsolationIT {

  private static final String SERVER_SA = "openmetadata";
  private static final String INGESTION_SA = "ingestion";
  private static final String CREDENTIAL = "openmetadata-database-warehouse-password";

  private static ControlPlane cp;
  private static String omA;
  private static String omB;
  private static OperatorRuntime operator;
  private static final List<AutoCloseable> closing = new ArrayList<>();
  private static CoreV1Api bridgeOfA;
  private static CoreV1Api bridgeOfB;

  @BeforeAll
  static void installTheChartForTwoInstallations(ControlPlane controlPlane) throws Exception {
    cp = controlPlane;
    omA = cp.createNamespace("om-a");
    omB = cp.createNamespace("om-b");
    String operatorNs = cp.createNamespace("om-system");
    List<HasMetadata> objects = render(operatorNs);
    cp.applyRbac(objects);

    Map<String, String> env = new HashMap<>(new Helm.Rendered(objects).env());
    env.remove("JAVA_TOOL_OPTIONS");
    env.putAll(Map.of("OM_SM_IN_CLUSTER", "false", "OM_SM_HTTP_PORT", "0"));
    operator =
        OperatorRuntime.start(OperatorConfig.from(env), cp.clientAs(operatorNs, Helm.RELEASE));

    bridgeOfA = bridge(objects, omA);
    bridgeOfB = bridge(objects, omB);
    new OpenMetadataServerCalls(bridgeOfA, omA, Map.of()).upsert(CREDENTIAL, "secret-of-a");
    new OpenMetadataServerCalls(bridgeOfB, omB, Map.of()).upsert(CREDENTIAL, "secret-of-b");
  }

  /**
   * The chart with its defaults for two servers: each ServiceAccount named once, in its own
   * namespace.
   */
  private static List<HasMetadata> render(String operatorNs) {
    Helm.Result rendered =
        Helm.renderChart(
            Helm.RELEASE,
            "--namespace",
            operatorNs,
            "--set",
            "watchNamespaces={" + omA + "," + omB + "}",
            "--set",
            "readers.enabled=true",
            "--set",
            "readers.subjects[0].kind=ServiceAccount,readers.subjects[0].name="
                + INGESTION_SA
                + ",readers.subjects[0].namespace="
                + omA,
            "--set",
            "readers.subjects[1].kind=ServiceAccount,readers.subjects[1].name="
                + INGESTION_SA
                + ",readers.subjects[1].namespace="
                + omB,
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            "openmetadataServer.subjects[0].kind=ServiceAccount,openmetadataServer.subjects[0].name="
                + SERVER_SA
                + ",openmetadataServer.subjects[0].namespace="
                + omA,
            "--set",
            "openmetadataServer.subjects[1].kind=ServiceAccount,openmetadataServer.subjects[1].name="
                + SERVER_SA
                + ",openmetadataServer.subjects[1].namespace="
                + omB,
            "--set",
            "openmetadataServer.bridge.configMaps=true");
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    return Helm.parse(rendered.stdout());
  }

  /**
   * The bridge sidecar of the server in {@code namespace}: its ConfigMap's environment, its
   * ServiceAccount's token.
   */
  private static CoreV1Api bridge(List<HasMetadata> objects, String namespace) throws IOException {
    Map<String, String> env =
        new HashMap<>(
            new Helm.Rendered(objects)
                .get(ConfigMap.class, namespace, Helm.RELEASE + "-bridge")
                .getData());
    env.remove("JAVA_TOOL_OPTIONS");
    env.put("OM_SM_IN_CLUSTER", "false");
    OperatorConfig config = OperatorConfig.from(env);
    KubernetesClient client = cp.clientAs(namespace, SERVER_SA);
    SecretBridge secretBridge =
        new SecretBridge(
            client,
            new Translation(config.naming(), config.namespaces(), config.policy()),
            config.operatorNamespace(),
            Duration.ofSeconds(10),
            Clock.systemUTC(),
            new BridgeMetrics());
    BridgeServer server =
        BridgeServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            secretBridge::answer,
            8,
            Requests.maxBodyBytes(config.policy().maxValueBytes()));
    closing.addAll(List.of(server, secretBridge, client));
    return new CoreV1Api(Config.fromUrl("http://127.0.0.1:" + server.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void eachServerReadsItsOwnCredentialThroughItsBridge() throws ApiException {
    assertThat(new OpenMetadataServerCalls(bridgeOfA, omA, Map.of()).get(CREDENTIAL))
        .isEqualTo("secret-of-a");
    assertThat(new OpenMetadataServerCalls(bridgeOfB, omB, Map.of()).get(CREDENTIAL))
        .isEqualTo("secret-of-b");
  }

  @Test
  void throughItsBridgeAServerCannotReadReplaceOrDeleteTheOtherInstallationsCredential()
      throws ApiException {
    OpenMetadataServerCalls aIntoB = new OpenMetadataServerCalls(bridgeOfA, omB, Map.of());
    assertThat(aIntoB.get(CREDENTIAL))
        .as("a read outside its namespaces finds nothing (404): no value, no existence")
        .isNull();
    V1Secret replacement =
        new V1Secret()
            .metadata(new V1ObjectMeta().name(CREDENTIAL).namespace(omB))
            .data(Map.of("value", "from-a".getBytes(StandardCharsets.UTF_8)));
    assertThat(
            refused(() -> bridgeOfA.replaceNamespacedSecret(CREDENTIAL, omB, replacement).execute())
                .getCode())
        .as("replace")
        .isEqualTo(403);
    assertThat(refused(() -> bridgeOfA.deleteNamespacedSecret(CREDENTIAL, omB).execute()).getCode())
        .as("a delete finds nothing there either")
        .isEqualTo(404);
    assertThat(
            refused(() -> aIntoB.store("openmetadata-database-planted-password", "from-a"))
                .getCode())
        .as("create")
        .isEqualTo(403);

    assertThat(valueOf(omB)).as("B's credential is untouched").isEqualTo("secret-of-b");
    assertThat(cp.admin().resources(OpenMetadataSecret.class).inNamespace(omB).list().getItems())
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(CREDENTIAL);
  }

  @Test
  void withItsOwnTokenAServerCannotReachTheOtherNamespace() {
    try (KubernetesClient a = cp.clientAs(omA, SERVER_SA)) {
      await()
          .untilAsserted(
              () ->
                  assertThat(a.secrets().inNamespace(omA).withName(CREDENTIAL).get())
                      .as("its own credential, through the reader Role")
                      .isNotNull());
      assertForbidden(() -> a.secrets().inNamespace(omB).withName(CREDENTIAL).get());
      var theirs = a.resources(OpenMetadataSecret.class).inNamespace(omB);
      assertForbidden(() -> theirs.withName(CREDENTIAL).get());
      assertForbidden(() -> theirs.list());
      assertForbidden(() -> theirs.withName(CREDENTIAL).delete());
      OpenMetadataSecret copy =
          cp.admin()
              .resources(OpenMetadataSecret.class)
              .inNamespace(omB)
              .withName(CREDENTIAL)
              .get();
      copy.getMetadata().setManagedFields(null);
      assertForbidden(() -> a.resource(copy).update());
    }
    assertThat(valueOf(omB)).isEqualTo("secret-of-b");
  }

  @Test
  void eachInstallationsIngestionReadsOnlyItsOwnNamespace() {
    try (KubernetesClient ingestionOfA = cp.clientAs(omA, INGESTION_SA)) {
      await()
          .untilAsserted(
              () ->
                  assertThat(ingestionOfA.secrets().inNamespace(omA).withName(CREDENTIAL).get())
                      .isNotNull());
      assertForbidden(() -> ingestionOfA.secrets().inNamespace(omB).withName(CREDENTIAL).get());
    }
    assertThat(
            cp.admin()
                .rbac()
                .roleBindings()
                .inNamespace(omB)
                .withName("om-secrets-readers")
                .get()
                .getSubjects())
        .extracting(s -> s.getNamespace() + "/" + s.getName())
        .containsExactlyInAnyOrder(omB + "/" + INGESTION_SA, omB + "/" + SERVER_SA);
  }

  private static String valueOf(String namespace) {
    return new String(
        Base64.getDecoder()
            .decode(
                cp.admin()
                    .secrets()
                    .inNamespace(namespace)
                    .withName(CREDENTIAL)
                    .get()
                    .getData()
                    .get("value")),
        StandardCharsets.UTF_8);
  }

  private static ApiException refused(ApiCall call) {
    ApiException e = catchThrowableOfType(ApiException.class, call::run);
    assertThat(e).as("the bridge refused the call").isNotNull();
    return e;
  }

  private static void assertForbidden(Runnable call) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call::run);
    assertThat(e).as("the API server refused the call").isNotNull();
    assertThat(e.getCode()).isEqualTo(403);
  }

  interface ApiCall {
    void run() throws Exception;
  }
}
