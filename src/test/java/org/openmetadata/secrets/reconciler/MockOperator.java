package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.demo.MockApiServer;
import org.openmetadata.secrets.runtime.KubernetesClients;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/** The real operator, wired as in production, against fabric8's CRUD mock server on loopback. */
final class MockOperator implements AutoCloseable {

  static final String NS = "om";
  static final String OPERATOR_NS = "om-system";

  static {
    // A reconcile that takes a second on a quiet box took over 10 s (Awaitility's default) on a
    // 2-core box loaded
    // with other builds: wait longer for a state that must come, assert the same state.
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
  }

  final MockApiServer server = new MockApiServer();
  final KubernetesClient client = server.createClient();
  OperatorConfig config;

  /** The operator's own client, built as in production (write budget included). */
  private KubernetesClient operatorClient;

  OperatorRuntime runtime;

  MockOperator(Map<String, String> extraEnv) {
    config = config(extraEnv);
    start();
  }

  private static OperatorConfig config(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("OM_SM_NAMESPACE", NS);
    env.put("OM_SM_HTTP_PORT", "0");
    env.put("OM_SM_HEALTH_PORT", "0");
    env.put("OM_SM_RECHECK_SECONDS", "1");
    env.put("SECRET_MANAGER_TAGS", "[team:data]");
    env.put("OM_SM_ALLOW_PLAINTEXT", "true");
    env.put("OM_SM_OPERATOR_NAMESPACE", OPERATOR_NS);
    env.putAll(extraEnv);
    return OperatorConfig.from(env);
  }

  /**
   * Stops the operator and starts a new one against the same API server, as a pod restart would.
   */
  void restart() {
    stop();
    start();
  }

  /** A restart with other settings, as a helm upgrade that changes values would do. */
  void restart(Map<String, String> extraEnv) {
    stop();
    config = config(extraEnv);
    start();
  }

  void stop() {
    runtime.close();
    operatorClient.close();
  }

  void start() {
    operatorClient = KubernetesClients.forOperator(client.getConfiguration(), config);
    runtime = OperatorRuntime.start(config, operatorClient);
  }

  MockOperator() {
    this(Map.of());
  }

  /** The client the operator's informers are built on. */
  KubernetesClient operatorClient() {
    return operatorClient;
  }

  OpenMetadataSecret create(OpenMetadataSecret resource) {
    return client.resource(resource).create();
  }

  OpenMetadataSecret get(String name) {
    return get(NS, name);
  }

  OpenMetadataSecret get(String namespace, String name) {
    return client.resources(OpenMetadataSecret.class).inNamespace(namespace).withName(name).get();
  }

  Secret secret(String name) {
    return secret(NS, name);
  }

  Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  void delete(String namespace, String name) {
    client.resources(OpenMetadataSecret.class).inNamespace(namespace).withName(name).delete();
  }

  Condition awaitReady(String name, String status, Reason reason) {
    return awaitReady(NS, name, status, reason);
  }

  Condition awaitReady(String namespace, String name, String status, Reason reason) {
    await()
        .untilAsserted(
            () -> {
              OpenMetadataSecret cr = get(namespace, name);
              assertThat(cr).isNotNull();
              var ready = Conditions.readyCondition(cr.getStatus());
              assertThat(ready).isPresent();
              assertThat(ready.get().getReason()).isEqualTo(reason.name());
              assertThat(ready.get().getStatus()).isEqualTo(status);
              assertThat(cr.getStatus().getObservedGeneration())
                  .isEqualTo(cr.getMetadata().getGeneration());
            });
    return Conditions.readyCondition(get(namespace, name).getStatus()).orElseThrow();
  }

  Condition awaitSynced(String name) {
    return awaitReady(name, "True", Reason.Synced);
  }

  Condition awaitSynced(String namespace, String name) {
    return awaitReady(namespace, name, "True", Reason.Synced);
  }

  List<Event> events(String resourceName) {
    return events(NS, resourceName);
  }

  List<Event> events(String namespace, String resourceName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> resourceName.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /**
   * How often an event with this reason was recorded for the resource, counting repeats folded into
   * one Event.
   */
  int eventCount(String namespace, String resourceName, String reason) {
    return events(namespace, resourceName).stream()
        .filter(e -> reason.equals(e.getReason()))
        .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
        .sum();
  }

  List<String> eventReasons(String resourceName) {
    return eventReasons(NS, resourceName);
  }

  List<String> eventReasons(String namespace, String resourceName) {
    return events(namespace, resourceName).stream().map(Event::getReason).toList();
  }

  @Override
  public void close() {
    runtime.close();
    operatorClient.close();
    client.close();
    server.close();
  }
}
