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
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.runtime.MockApiServer;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/** The real operator, wired as in production, against fabric8's CRUD mock server on loopback. */
final class MockOperator implements AutoCloseable {

  static final String NS = "om";
  static final String OPERATOR_NS = "om-system";

  final MockApiServer server = new MockApiServer();
  final KubernetesClient client = server.createClient();
  OperatorConfig config;
  OperatorRuntime runtime;

  MockOperator(Map<String, String> extraEnv) {
    config = config(extraEnv);
    runtime = OperatorRuntime.start(config, client);
  }

  private static OperatorConfig config(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("OM_SM_NAMESPACE", NS);
    env.put("OM_SM_HTTP_PORT", "0");
    env.put("OM_SM_RECHECK_SECONDS", "1");
    env.put("SECRET_MANAGER_TAGS", "[team:data]");
    env.put("OM_SM_ALLOW_PLAINTEXT", "true");
    env.put("OM_SM_OPERATOR_NAMESPACE", OPERATOR_NS);
    env.putAll(extraEnv);
    return OperatorConfig.from(env);
  }

  /** Stops the operator and starts a new one against the same API server, as a pod restart would. */
  void restart() {
    restart(config);
  }

  /** A restart with other settings, as a helm upgrade that changes values would do. */
  void restart(Map<String, String> extraEnv) {
    restart(config(extraEnv));
  }

  private void restart(OperatorConfig newConfig) {
    runtime.close();
    config = newConfig;
    runtime = OperatorRuntime.start(config, client);
  }

  MockOperator() {
    this(Map.of());
  }

  OpenMetadataSecret create(OpenMetadataSecret resource) {
    return client.resource(resource).create();
  }

  OpenMetadataSecret get(String name) {
    return client.resources(OpenMetadataSecret.class).inNamespace(NS).withName(name).get();
  }

  Secret secret(String name) {
    return client.secrets().inNamespace(NS).withName(name).get();
  }

  Condition awaitReady(String name, String status, Reason reason) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      OpenMetadataSecret cr = get(name);
      assertThat(cr).isNotNull();
      var ready = StatusBuilder.readyCondition(cr.getStatus());
      assertThat(ready).isPresent();
      assertThat(ready.get().getReason()).isEqualTo(reason.name());
      assertThat(ready.get().getStatus()).isEqualTo(status);
      assertThat(cr.getStatus().getObservedGeneration()).isEqualTo(cr.getMetadata().getGeneration());
    });
    return StatusBuilder.readyCondition(get(name).getStatus()).orElseThrow();
  }

  Condition awaitSynced(String name) {
    return awaitReady(name, "True", Reason.Synced);
  }

  List<Event> events(String resourceName) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> resourceName.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  List<String> eventReasons(String resourceName) {
    return events(resourceName).stream().map(Event::getReason).toList();
  }

  @Override
  public void close() {
    runtime.close();
    client.close();
    server.close();
  }
}
