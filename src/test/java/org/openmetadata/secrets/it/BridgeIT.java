package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.Config;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ReaderRole;
import org.openmetadata.secrets.bridge.BridgeServer;
import org.openmetadata.secrets.bridge.Requests;
import org.openmetadata.secrets.bridge.SecretBridge;
import org.openmetadata.secrets.bridge.Translation;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.metrics.BridgeMetrics;
import org.openmetadata.secrets.runtime.OperatorRuntime;
import org.slf4j.LoggerFactory;

/**
 * OpenMetadata's server, as its Kubernetes secrets manager calls the API with the official Java
 * client, talking to the bridge on a real API server: the bridge runs as the server's
 * ServiceAccount with exactly the chart's openmetadataServer RBAC, and OpenMetadata's client reads
 * the kubeconfig the chart renders for it.
 */
@ExtendWith(ControlPlaneExtension.class)
class BridgeIT {

  private static final String SERVER_SA = "openmetadata";
  private static final String INGESTION_SA = "ingestion";
  private static final Map<String, String> TAGS = Map.of("team", "data");

  private static ControlPlane cp;
  private static String ns;

  /**
   * Served by the bridge, but by no operator until a test starts one: the operator is down there.
   */
  private static String downNs;

  private static String operatorNs;
  private static Map<String, String> operatorEnv;
  private static KubernetesClient serverClient;
  private static OperatorRuntime operator;
  private static Translation translation;
  private static int maxBodyBytes;
  private static final BridgeMetrics bridgeMetrics = new BridgeMetrics();
  private static SecretBridge secretBridge;
  private static BridgeServer bridge;
  private static OpenMetadataServerCalls om;
  private static OpenMetadataServerCalls omWhereTheOperatorIsDown;
  private static int port;

  @BeforeAll
  static void installTheChartAndStartTheOperatorAndTheBridge(ControlPlane controlPlane)
      throws Exception {
    cp = controlPlane;
    ns = cp.createNamespace("openmetadata");
    downNs = cp.createNamespace("om-down");
    operatorNs = cp.createNamespace("om-system");
    List<HasMetadata> objects = render();
    cp.applyRbac(objects);

    // The operator with the chart's environment, serving only ns: downNs has no operator yet.
    operatorEnv = new HashMap<>(new Helm.Rendered(objects).env());
    operatorEnv.remove("JAVA_TOOL_OPTIONS");
    operatorEnv.putAll(
        Map.of("OM_SM_IN_CLUSTER", "false", "OM_SM_HTTP_PORT", "0", "OM_SM_HEALTH_PORT", "0"));
    operator = startOperatorFor(ns);

    // The bridge with the environment of the chart's <fullname>-bridge ConfigMap, as the sidecar
    // gets it.
    Map<String, String> bridgeEnv =
        new HashMap<>(configMap(objects, Helm.RELEASE + "-bridge").getData());
    bridgeEnv.remove("JAVA_TOOL_OPTIONS");
    bridgeEnv.put("OM_SM_IN_CLUSTER", "false");
    OperatorConfig config = OperatorConfig.from(bridgeEnv);
    serverClient = cp.clientAs(ns, SERVER_SA);
    translation = new Translation(config.naming(), config.namespaces(), config.policy());
    maxBodyBytes = Requests.maxBodyBytes(config.policy().maxValueBytes());
    secretBridge =
        new SecretBridge(
            serverClient,
            translation,
            config.operatorNamespace(),
            Duration.ofSeconds(5),
            Clock.systemUTC(),
            bridgeMetrics);
    bridge =
        BridgeServer.start(
            new InetSocketAddress("127.0.0.1", 0), secretBridge::answer, 8, maxBodyBytes);
    port = bridge.port();

    // OpenMetadata's client, configured as OpenMetadata configures it: inCluster false,
    // kubeconfigPath.
    Path kubeconfig = Path.of("target", "bridge-it", "kubeconfig");
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(
        kubeconfig,
        configMap(
                render("--set", "openmetadataServer.bridge.port=" + port),
                Helm.RELEASE + "-bridge-kubeconfig")
            .getData()
            .get("kubeconfig"));
    CoreV1Api api = new CoreV1Api(Config.fromConfig(kubeconfig.toString()));
    om = new OpenMetadataServerCalls(api, ns, TAGS);
    omWhereTheOperatorIsDown = new OpenMetadataServerCalls(api, downNs, TAGS);
  }

  /** The chart as this test installs it: the server's RBAC and the bridge's ConfigMaps. */
  private static List<HasMetadata> render(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--namespace",
                operatorNs,
                "--set",
                "watchNamespaces={" + ns + "," + downNs + "}",
                "--set",
                "tags.team=data",
                "--set",
                "readers.enabled=true",
                "--set",
                "readers.subjects[0].kind=ServiceAccount",
                "--set",
                "readers.subjects[0].name=" + INGESTION_SA,
                "--set",
                "readers.subjects[0].namespace=" + ns,
                "--set",
                "openmetadataServer.enabled=true",
                "--set",
                "openmetadataServer.subjects[0].kind=ServiceAccount",
                "--set",
                "openmetadataServer.subjects[0].name=" + SERVER_SA,
                "--set",
                "openmetadataServer.subjects[0].namespace=" + ns,
                // One server writing in two namespaces: a choice the chart wants written down.
                "--set",
                "openmetadataServer.subjects[0].namespaces={" + ns + "," + downNs + "}",
                "--set",
                "openmetadataServer.bridge.configMaps=true"));
    args.addAll(List.of(more));
    Helm.Result rendered = Helm.renderChart(Helm.RELEASE, args.toArray(String[]::new));
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    return Helm.parse(rendered.stdout());
  }

  private static OperatorRuntime startOperatorFor(String namespace) {
    Map<String, String> env = new HashMap<>(operatorEnv);
    env.put("OM_SM_NAMESPACE", namespace);
    return OperatorRuntime.start(
        OperatorConfig.from(env), cp.clientAs(operatorNs, "om-secrets-operator"));
  }

  private static ConfigMap configMap(List<HasMetadata> objects, String name) {
    return new Helm.Rendered(objects).get(ConfigMap.class, ns, name);
  }

  @AfterAll
  static void stop() {
    if (bridge != null) {
      bridge.close();
      secretBridge.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (serverClient != null) {
      serverClient.close();
    }
  }

  private static OpenMetadataSecret resource(String namespace, String name) {
    return cp.admin()
        .resources(OpenMetadataSecret.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private static Secret secret(String namespace, String name) {
    return cp.admin().secrets().inNamespace(namespace).withName(name).get();
  }

  private static String value(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
  }

  private static ApiException refused(ApiCall call) {
    ApiException e = catchThrowableOfType(ApiException.class, call::run);
    assertThat(e).as("the bridge refused the call").isNotNull();
    return e;
  }

  interface ApiCall {
    void run() throws Exception;
  }

  @Test
  void aCredentialGoesInSealedAndComesBackThroughEveryCallTheServerMakes() throws Exception {
    String name = "openmetadata-database-mysql-prod-password";
    String first = "pl41n-first-Ünïcode-" + System.nanoTime();
    Instant before = Instant.now().minusSeconds(1);

    om.upsert(name, first); // a read (404: it does not exist), then a create

    assertThat(om.get(name)).as("the next read sees the write").isEqualTo(first);
    Secret secret = secret(ns, name);
    assertThat(value(secret)).isEqualTo(first);
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getMetadata().getLabels())
        .containsOnly(
            Map.entry("app", "openmetadata"),
            Map.entry("managed-by", "openmetadata-secrets-manager"),
            Map.entry("team", "data"),
            Map.entry("app.kubernetes.io/managed-by", "om-secrets-operator"));
    OpenMetadataSecret resource = resource(ns, name);
    assertThat(resource.getSpec().getPath()).isEqualTo("database/mysql/prod/password");
    assertThat(resource.getSpec().getEncryptedValue()).startsWith("oms:v2:");
    assertThat(resource.getSpec().getValue()).isNull();
    String stored = Serialization.asJson(resource);
    assertThat(stored)
        .as("no plain text anywhere in the resource")
        .doesNotContain(first)
        .doesNotContain(Base64.getEncoder().encodeToString(first.getBytes(StandardCharsets.UTF_8)));
    assertThat(resource.getMetadata().getAnnotations())
        .containsEntry(Translation.WRITTEN_BY, "system:serviceaccount:" + ns + ":" + SERVER_SA);
    assertThat(Instant.parse(resource.getMetadata().getAnnotations().get(Translation.WRITTEN_AT)))
        .isBetween(before, Instant.now().plusSeconds(1));
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(resource.getMetadata().getUid()));

    String second = "pl41n-second-" + System.nanoTime();
    om.upsert(name, second); // a read (it exists), then read-then-replace
    assertThat(om.get(name)).isEqualTo(second);
    assertThat(value(secret(ns, name))).isEqualTo(second);
    assertThat(resource(ns, name).getMetadata().getUid())
        .as("the same resource, replaced")
        .isEqualTo(resource.getMetadata().getUid());
    assertThat(Serialization.asJson(resource(ns, name))).doesNotContain(second);

    om.delete(name);
    assertThat(resource(ns, name)).isNull();
    assertThat(om.get(name)).as("a read after the delete finds nothing").isNull();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(secret(ns, name)).isNull());
    assertThat(refused(() -> om.api().deleteNamespacedSecret(name, ns).execute()).getCode())
        .as("deleting it again: 404, which the server ignores")
        .isEqualTo(404);
  }

  @Test
  void aReplaceOfAMissingSecretCreatesItAndAReadOfAMissingOneIsNotFound() throws Exception {
    String name = "openmetadata-bot-ingestion-bot-config-jwttoken";
    assertThat(om.get(name)).isNull();
    assertThat(refused(() -> om.api().readNamespacedSecret(name, ns).execute()).getCode())
        .isEqualTo(404);

    om.update(name, "eyJhbGciOi.jwt"); // read 404 → create
    assertThat(om.get(name)).isEqualTo("eyJhbGciOi.jwt");
    assertThat(resource(ns, name).getSpec().getPath())
        .isEqualTo("bot/ingestion/bot/config/jwttoken");
  }

  @Test
  void aSecondCreateIsAlreadyExists() throws Exception {
    String name = "openmetadata-database-twice-password";
    om.store(name, "once");
    ApiException again = refused(() -> om.store(name, "second-value"));
    assertThat(again.getCode()).isEqualTo(409);
    assertThat(again.getResponseBody())
        .contains("\"reason\":\"AlreadyExists\"")
        .doesNotContain("second-value");
    assertThat(om.get(name)).isEqualTo("once");
  }

  @Test
  void anAppsPrivateConfigurationKeepsItsOwnFamilyOfNames() throws Exception {
    String name = "external-app-private-config-dataquality";
    om.upsert(name, "{\"token\":\"abc\"}");
    assertThat(om.get(name)).isEqualTo("{\"token\":\"abc\"}");
    assertThat(resource(ns, name).getSpec().getPath())
        .isEqualTo("external-app/private-config/dataquality");
  }

  @Test
  void refusalsCarryTheirCodeAndWriteNothing() throws Exception {
    List<String> before = resourceNames();
    // A name the operator would never produce (another cluster name), a value OpenMetadata could
    // not read back, a second data key, a value over the size limit.
    assertThat(refused(() -> om.store("othercluster-database-x-password", "v")).getCode())
        .isEqualTo(422);
    assertThat(
            refused(() -> om.store("openmetadata-database-ref-password", "secret:another"))
                .getCode())
        .isEqualTo(422);
    var twoKeys =
        new V1Secret()
            .metadata(new V1ObjectMeta().name("openmetadata-database-two-password"))
            .data(Map.of("value", new byte[] {1}, "password", new byte[] {2}));
    ApiException second = refused(() -> om.api().createNamespacedSecret(ns, twoKeys).execute());
    assertThat(second.getCode()).isEqualTo(422);
    assertThat(second.getResponseBody()).contains("data[password]");
    assertThat(
            refused(() -> om.store("openmetadata-database-huge-password", "x".repeat(262_145)))
                .getCode())
        .isEqualTo(413);
    assertThat(
            refused(() -> om.store("openmetadata-database-over-password", "x".repeat(2_000_000)))
                .getCode())
        .as("a body over the bound is not even read")
        .isEqualTo(413);
    // Everything that is not one of the server's four calls.
    assertThat(refused(() -> om.api().listNamespacedSecret(ns).execute()).getCode()).isEqualTo(405);
    assertThat(
            refused(
                    () ->
                        om.api()
                            .readNamespacedConfigMap("om-secrets-operator-cert", operatorNs)
                            .execute())
                .getCode())
        .isEqualTo(404);
    assertThat(refused(() -> om.api().listNamespace().execute()).getCode()).isEqualTo(404);
    HttpResponse<String> malformed =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + port + "/api/v1/namespaces/" + ns + "/secrets"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"metadata\": {\"name\": \"openmetadata-x\"}, \"data\": {"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("\"kind\":\"Status\"", "\"reason\":\"BadRequest\"");
    // A namespace the operator does not serve.
    assertThat(
            refused(
                    () ->
                        new OpenMetadataServerCalls(om.api(), "kube-system", TAGS)
                            .store("openmetadata-database-x-password", "v"))
                .getCode())
        .isEqualTo(403);

    assertThat(resourceNames()).as("nothing written on a refusal").isEqualTo(before);
  }

  private static List<String> resourceNames() {
    return cp.admin().resources(OpenMetadataSecret.class).inNamespace(ns).list().getItems().stream()
        .map(r -> r.getMetadata().getName())
        .sorted()
        .toList();
  }

  /**
   * A resource as a Git author commits it: sealed with the operator's published key, Retain,
   * immutable.
   */
  private static OpenMetadataSecret fromGit(String name, String path, String value) {
    ConfigMap published =
        cp.admin()
            .configMaps()
            .inNamespace(operatorNs)
            .withName(KeyRingStore.CONFIG_MAP_NAME)
            .get();
    String sealed =
        Sealer.seal(
            Pem.parsePublicKey(published.getData().get(KeyRingStore.CERT_KEY)),
            new Scope(ns, name, path),
            value.getBytes(StandardCharsets.UTF_8));
    OpenMetadataSecret resource =
        TestResources.retained(TestResources.withEncryptedValue(ns, name, path, sealed));
    resource.getSpec().setImmutable(true);
    return resource;
  }

  /**
   * What the server reads, once the operator has written the Secret and granted the read (404 and
   * 403 till then).
   */
  private static void awaitRead(String name, String value) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .untilAsserted(() -> assertThat(om.get(name)).isEqualTo(value));
  }

  @Test
  void theServerCannotChangeOrDeleteACredentialGitOwnsAndItsCallsFailInsteadOfSeemingToSucceed()
      throws Exception {
    String name = "openmetadata-database-gitops-password";
    cp.admin().resource(fromGit(name, "database/gitops/password", "from-git")).create();
    awaitRead(name, "from-git");
    OpenMetadataSecret applied = resource(ns, name);
    String secretUid = secret(ns, name).getMetadata().getUid();

    // OpenMetadata's update: the read answers, the replace is refused; its delete ignores only 404.
    ApiException replace = refused(() -> om.upsert(name, "typed-in-the-ui"));
    ApiException delete = refused(() -> om.delete(name));

    for (ApiException e : List.of(replace, delete)) {
      assertThat(e.getCode()).isEqualTo(409);
      assertThat(e.getResponseBody())
          .contains(
              "\"reason\":\"Conflict\"",
              "is managed elsewhere",
              "annotate it " + Translation.WRITABLE_BY_OPENMETADATA)
          .doesNotContain("typed-in-the-ui");
    }
    OpenMetadataSecret after = resource(ns, name);
    assertThat(after.getMetadata().getUid()).isEqualTo(applied.getMetadata().getUid());
    assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(after.getMetadata().getAnnotations())
        .as("not stamped")
        .doesNotContainKey(Translation.WRITTEN_BY);
    assertThat(after.getMetadata().getGeneration())
        .as("spec unchanged")
        .isEqualTo(applied.getMetadata().getGeneration());
    assertThat(after.getSpec().getEncryptedValue())
        .isEqualTo(applied.getSpec().getEncryptedValue());
    assertThat(secret(ns, name).getMetadata().getUid())
        .as("its immutable Secret not re-created")
        .isEqualTo(secretUid);
    assertThat(om.get(name)).isEqualTo("from-git");

    // The Git author lets OpenMetadata change it: the same call then goes through (once the bridge
    // has seen it).
    cp.admin()
        .resources(OpenMetadataSecret.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            r -> {
              r.setMetadata(
                  new ObjectMetaBuilder(r.getMetadata())
                      .addToAnnotations(Translation.WRITABLE_BY_OPENMETADATA, "true")
                      .build());
              return r;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .untilAsserted(() -> om.upsert(name, "typed-in-the-ui"));
    assertThat(om.get(name)).isEqualTo("typed-in-the-ui");
    assertThat(resource(ns, name).getMetadata().getAnnotations())
        .containsKey(Translation.WRITTEN_BY);
  }

  @Test
  void aReplaceOrDeleteFromAStaleViewLeavesTheResourceCreatedMeanwhileAndAnswersConflict()
      throws Exception {
    String name = "openmetadata-database-recreated-password";
    om.upsert(name, "first");
    String first = resource(ns, name).getMetadata().getUid();
    StaleWatch stale = new StaleWatch();
    try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(serverClient.getConfiguration())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("stale", stale))
                .build();
        SecretBridge behind =
            new SecretBridge(
                client,
                translation,
                operatorNs,
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                new BridgeMetrics());
        BridgeServer server =
            BridgeServer.start(
                new InetSocketAddress("127.0.0.1", 0), behind::answer, 2, maxBodyBytes)) {
      OpenMetadataServerCalls omBehind =
          new OpenMetadataServerCalls(
              new CoreV1Api(Config.fromUrl("http://127.0.0.1:" + server.port())), ns, TAGS);
      assertThat(omBehind.get(name))
          .as("a read finds the Secret's resource in the bridge's cache")
          .isEqualTo("first");
      stale.freeze();
      await().atMost(Duration.ofSeconds(30)).until(() -> stale.held() > 0);

      // Behind its back the resource is deleted and created again, as a GitOps tool restoring it
      // would.
      cp.admin().resources(OpenMetadataSecret.class).inNamespace(ns).withName(name).delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(secret(ns, name)).isNull());
      String second =
          cp.admin()
              .resource(fromGit(name, "database/recreated/password", "second"))
              .create()
              .getMetadata()
              .getUid();
      awaitRead(name, "second");

      // A replace decided on that view: the API server refuses the resourceVersion the bridge read,
      // and the
      // bridge, reading the new resource, finds it is not OpenMetadata's.
      var fromTheUi =
          new V1Secret()
              .metadata(new V1ObjectMeta().name(name).namespace(ns))
              .data(Map.of("value", "from-the-ui".getBytes(StandardCharsets.UTF_8)));
      ApiException replaced =
          refused(() -> omBehind.api().replaceNamespacedSecret(name, ns, fromTheUi).execute());
      assertThat(replaced.getCode()).isEqualTo(409);
      assertThat(replaced.getResponseBody()).contains("is managed elsewhere");

      ApiException raced = refused(() -> omBehind.delete(name));

      assertThat(raced.getCode()).isEqualTo(409);
      assertThat(raced.getResponseBody())
          .contains(
              "\"reason\":\"Conflict\"",
              "was deleted and created again since the bridge checked it (UID "
                  + first
                  + "); the new one was not deleted");
      assertThat(resource(ns, name).getMetadata().getUid()).isEqualTo(second);
      assertThat(resource(ns, name).getMetadata().getDeletionTimestamp()).isNull();
      assertThat(om.get(name)).isEqualTo("second");
    }
  }

  @Test
  void theBridgeNeverHandsOutASecretTheOperatorDoesNotManage() throws Exception {
    String foreignName = "openmetadata-database-legacy-password";
    Secret foreign =
        cp.admin()
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(foreignName)
                    .withNamespace(ns)
                    .addToLabels("app", "openmetadata")
                    .addToLabels("managed-by", "openmetadata-secrets-manager")
                    .endMetadata()
                    .withData(
                        Map.of(
                            "value",
                            Base64.getEncoder()
                                .encodeToString("legacy".getBytes(StandardCharsets.UTF_8))))
                    .build())
            .create();
    cp.admin()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("postgres-admin")
                .withNamespace(ns)
                .endMetadata()
                .withData(Map.of("password", "aHVudGVyMg=="))
                .build())
        .create();

    assertThat(om.get(foreignName)).as("a Secret OpenMetadata wrote before the migration").isNull();
    assertThat(om.get("postgres-admin")).as("any other Secret").isNull();
    assertThat(om.get("om-secrets-operator-keys")).isNull();

    // Creating over the foreign Secret: the operator reports Conflict, the bridge answers 409 and
    // takes its resource back; the foreign Secret is untouched.
    ApiException conflict = refused(() -> om.upsert(foreignName, "new"));
    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getResponseBody()).contains("AlreadyExists");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(resource(ns, foreignName)).isNull());
    Secret after = secret(ns, foreignName);
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(foreign.getMetadata().getResourceVersion());
    assertThat(value(after)).isEqualTo("legacy");
  }

  @Test
  void theServersIdentityCannotTouchSecretsBeyondReadingItsOwn() throws Exception {
    String managed = "openmetadata-database-rbac-password";
    om.upsert(managed, "r");
    String user = "system:serviceaccount:" + ns + ":" + SERVER_SA;
    assertThat(cp.canI(user, "create", "secrets", ns)).isFalse();
    assertThat(cp.canI(user, "update", "secrets", ns)).isFalse();
    assertThat(cp.canI(user, "delete", "secrets", ns)).isFalse();
    assertThat(cp.canI(user, "list", "secrets", ns)).isFalse();
    assertThat(cp.canI(user, "get", "secrets", ns)).as("get on every Secret").isFalse();
    assertThat(cp.canI(user, "get", "secrets/" + managed, ns))
        .as("get on its own, by name")
        .isTrue();
    assertThat(cp.canI(user, "get", "secrets/om-secrets-operator-keys", operatorNs)).isFalse();
    assertThat(cp.canI(user, "create", "openmetadatasecrets.secrets.open-metadata.org", ns))
        .isTrue();
    assertThat(cp.canI(user, "watch", "openmetadatasecrets.secrets.open-metadata.org", ns))
        .isTrue();
    assertThat(cp.canI(user, "patch", "openmetadatasecrets.secrets.open-metadata.org", ns))
        .isFalse();
    assertThat(cp.canI(user, "get", "configmaps/om-secrets-operator-cert", operatorNs)).isTrue();
    assertThat(cp.canI(user, "get", "configmaps", operatorNs)).isFalse();
    // And in practice: the API server itself answers 403.
    KubernetesClientException denied =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                serverClient
                    .secrets()
                    .inNamespace(ns)
                    .resource(
                        new SecretBuilder().withNewMetadata().withName("x").endMetadata().build())
                    .create());
    assertThat(denied.getCode()).isEqualTo(403);
  }

  @Test
  void whileTheOperatorIsDownAWriteFailsInBoundedTimeAndLandsOnceItIsBack() throws Exception {
    String name = "openmetadata-database-later-password";
    assertThat(omWhereTheOperatorIsDown.exists(name)).isFalse();
    long start = System.nanoTime();
    ApiException timeout = refused(() -> omWhereTheOperatorIsDown.store(name, "eventually"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(timeout.getCode()).isEqualTo(504);
    assertThat(timeout.getResponseBody())
        .contains(
            "\"reason\":\"Timeout\"", "was written, but after 5s", "is the operator running?");
    assertThat(took)
        .as("the write timeout, plus the calls around it")
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertThat(resource(downNs, name).getSpec().getEncryptedValue())
        .as("nothing is lost")
        .startsWith("oms:v2:");
    assertThat(omWhereTheOperatorIsDown.get(name)).isNull();

    try (OperatorRuntime back = startOperatorFor(downNs)) {
      // Until the restarted operator has written the Secret and its reader Role, a read is 404 or
      // 403.
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(ApiException.class)
          .untilAsserted(
              () -> assertThat(omWhereTheOperatorIsDown.get(name)).isEqualTo("eventually"));
      omWhereTheOperatorIsDown.upsert(name, "and then some");
      assertThat(omWhereTheOperatorIsDown.get(name)).isEqualTo("and then some");
    }
  }

  @Test
  void openMetadatasOwnReaderReadsWhatItsServerStoredThroughTheBridge() throws Exception {
    OpenMetadataReader reader = OpenMetadataReader.install();
    Map<String, byte[]> expected = new LinkedHashMap<>();
    for (var shape : OpenMetadataReaderIT.SHAPES.entrySet()) {
      String name = "openmetadata-database-bridged-" + shape.getKey() + "-password";
      om.upsert(name, new String(shape.getValue(), StandardCharsets.UTF_8));
      expected.put(name, shape.getValue());
    }
    String appConfig = "external-app-private-config-myapp";
    om.upsert(appConfig, "{\"token\": \"ü-🔑\"}");
    expected.put(appConfig, "{\"token\": \"ü-🔑\"}".getBytes(StandardCharsets.UTF_8));
    // Every write returned once its Secret was readable; the ingestion ServiceAccount is a reader
    // too.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        cp.admin()
                            .rbac()
                            .roles()
                            .inNamespace(ns)
                            .withName(ReaderRole.NAME)
                            .get()
                            .getRules()
                            .get(0)
                            .getResourceNames())
                    .containsAll(expected.keySet()));

    var result = reader.read(ns, cp.kubeconfigAs(ns, INGESTION_SA), List.copyOf(expected.keySet()));

    assertThat(result.version()).isEqualTo(OpenMetadataReaderIT.OM_VERSION);
    OpenMetadataReaderIT.assertReadsBack(result, expected);
  }

  @Test
  void theBridgeNeverLogsAValue() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    ch.qos.logback.classic.Logger root =
        context.getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger bridgeLog = context.getLogger("org.openmetadata.secrets.bridge");
    Level was = bridgeLog.getLevel();
    bridgeLog.setLevel(Level.TRACE);
    root.addAppender(captured);
    String canary = "canary-bridge-" + System.nanoTime();
    String name = "openmetadata-database-canary-password";
    try {
      om.upsert(name, canary);
      om.upsert(name, canary + "-2");
      om.get(name);
      refused(() -> om.store(name, canary + "-3"));
      refused(() -> om.store("openmetadata-database-ref2-password", "secret:" + canary));
      om.delete(name);
    } finally {
      root.detachAppender(captured);
      bridgeLog.setLevel(was);
    }
    List<String> lines = new ArrayList<>();
    captured.list.forEach(e -> lines.add(e.getFormattedMessage() + " " + e.getThrowableProxy()));
    assertThat(lines).as("the bridge logged its calls").anyMatch(l -> l.contains(name));
    String b64 = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
    assertThat(lines).noneMatch(l -> l.contains(canary) || l.contains(b64.substring(0, 16)));
  }
}
