package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.net.HttpURLConnection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deletion breakers' record: the ConfigMap {@value #NAME} in the operator's namespace, one key
 * per paused namespace, its value saying why. The operator adds a key when a namespace's breaker
 * trips; removing the key closes it ({@code kubectl om-secrets breaker close NS}), and a key
 * present at start-up reopens it, so a restart neither closes a breaker nor loses one. It lives in
 * the operator's namespace so that the authors of a watched namespace, whose mistakes the breaker
 * guards against, cannot close it. As an event source it asks for the reconciliation of every
 * resource of a namespace whose breaker opened or closed: finalizers and conditions follow at once.
 */
public final class BreakerRecord extends AbstractEventSource<ConfigMap, OpenMetadataSecret> {

  public static final String NAME = "om-secrets-operator-deletion-breaker";
  private static final Logger LOG = LoggerFactory.getLogger(BreakerRecord.class);

  /** A value is shown in conditions and events: one line, bounded. */
  private static final int MAX_REASON = 200;

  private final KubernetesClient client;
  private final String namespace;
  private final DeletionBreaker breaker;
  private final Function<String, Stream<ResourceID>> resourcesIn;
  private volatile SharedIndexInformer<ConfigMap> informer;

  /**
   * The keys of the ConfigMap as last seen; only a change of the record opens or closes a breaker.
   */
  private Set<String> recorded = Set.of();

  /**
   * @param resourcesIn the resources of a namespace, to reconcile when its breaker changes
   */
  public BreakerRecord(
      KubernetesClient client,
      String namespace,
      DeletionBreaker breaker,
      Function<String, Stream<ResourceID>> resourcesIn) {
    super(ConfigMap.class, "deletion-breaker");
    this.client = client;
    this.namespace = namespace;
    this.breaker = breaker;
    this.resourcesIn = resourcesIn;
  }

  @Override
  public void start() {
    informer = configMap().runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap cm) {
            sync();
          }

          @Override
          public void onUpdate(ConfigMap old, ConfigMap cm) {
            sync();
          }

          @Override
          public void onDelete(ConfigMap cm, boolean unknown) {
            sync();
          }
        });
    informer.run(); // returns once the ConfigMap is listed
    // Before any reconciliation: a namespace paused before a restart is still paused.
    sync();
    super.start();
  }

  @Override
  public void stop() {
    if (informer != null) {
      informer.close();
    }
    super.stop();
  }

  @Override
  public Status getStatus() {
    return informer != null && informer.isWatching() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  @Override
  public Set<ConfigMap> getSecondaryResources(OpenMetadataSecret primary) {
    return Set.of();
  }

  /**
   * A namespace's breaker tripped: record it, and reconcile its resources now so they keep their
   * Secrets.
   */
  public void tripped(String pausedNamespace, String reason) {
    reconcileAll(pausedNamespace);
    String patch = Serialization.asJson(Map.of("data", Map.of(pausedNamespace, reason)));
    try {
      try {
        configMap().patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        configMap()
            .create(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(NAME)
                    .withNamespace(namespace)
                    .withLabels(Labels.partOfOperator("deletion-breaker"))
                    .endMetadata()
                    .addToData(pausedNamespace, reason)
                    .build());
      }
    } catch (KubernetesClientException e) {
      // Still open in this process; only a restart closes an unrecorded breaker.
      LOG.warn(
          "deletion breaker of namespace {} is open but could not be recorded in ConfigMap {}/{}: HTTP {}",
          pausedNamespace,
          namespace,
          NAME,
          e.getCode());
    }
  }

  /**
   * Applies a change of the record: keys that appeared open a breaker, keys that went close one.
   */
  private synchronized void sync() {
    Map<String, String> data =
        informer.getStore().list().stream().findFirst().map(ConfigMap::getData).orElse(Map.of());
    Set<String> changed = new HashSet<>();
    data.forEach(
        (ns, reason) -> {
          if (!recorded.contains(ns) && breaker.open(ns, oneLine(reason))) {
            changed.add(ns);
          }
        });
    recorded.stream()
        .filter(ns -> !data.containsKey(ns))
        .forEach(
            ns -> {
              if (breaker.close(ns)) {
                LOG.info(
                    "deletion breaker of namespace {} closed (its key left ConfigMap {}/{})",
                    ns,
                    namespace,
                    NAME);
                changed.add(ns);
              }
            });
    recorded = Set.copyOf(data.keySet());
    changed.forEach(this::reconcileAll);
  }

  private void reconcileAll(String ns) {
    resourcesIn.apply(ns).forEach(id -> getEventHandler().handleEvent(new Event(id)));
  }

  private static String oneLine(String reason) {
    String line = reason == null ? "" : reason.replaceAll("\\s+", " ").strip();
    if (line.isEmpty()) {
      return "opened by an administrator";
    }
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
  }

  private Resource<ConfigMap> configMap() {
    return client.configMaps().inNamespace(namespace).withName(NAME);
  }
}
