package org.openmetadata.secrets.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.openmetadata.secrets.config.OperatorConfig;

/**
 * Builds the client the way OpenMetadata's seed table says (in-cluster, a path, or the default),
 * with the operator's write budget on it, reading objects without {@code metadata.managedFields},
 * and asking for the TLS cipher that is cheapest under this JVM's JIT ({@link TlsCiphers}).
 */
public final class KubernetesClients {

  private KubernetesClients() {}

  public static KubernetesClient create(OperatorConfig config) {
    return create(config, UnaryOperator.identity());
  }

  /** As {@link #create(OperatorConfig)}, with the client's own settings adjusted by {@code tune}. */
  public static KubernetesClient create(OperatorConfig config, UnaryOperator<Config> tune) {
    Config clientConfig;
    if (config.inCluster()) {
      // Only the pod's ServiceAccount: a stray kubeconfig in the image must not win.
      System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
      clientConfig = Config.autoConfigure(null);
    } else if (config.kubeconfigPath().isPresent()) {
      clientConfig = Config.fromKubeconfig(config.kubeconfigPath().get().toFile());
    } else {
      clientConfig = Config.autoConfigure(null);
    }
    return create(tune.apply(clientConfig), config);
  }

  /** A client on {@code clientConfig} with the operator's write budget and TLS cipher order. */
  public static KubernetesClient create(Config clientConfig, OperatorConfig config) {
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder().withConfig(clientConfig).withKubernetesSerialization(serialization());
    TlsCiphers.forThisJvm(clientConfig.getTlsVersions())
        .ifPresent(parameters -> builder.withHttpClientFactory(new TlsCiphers.Factory(parameters)));
    if (config.writeRate() > 0) {
      WriteBudget budget = new WriteBudget(config.writeRate(), config.writeBurst());
      builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("write-budget", budget));
    }
    return builder.build();
  }

  /**
   * fabric8's serialization, except that {@code metadata.managedFields} is not read: nothing in the
   * operator uses them, yet parsed they are much of what the informer caches hold (heap after GC
   * with 10,000 resources and their Secrets: 106.9 MiB with them, 61.5 without; docs/benchmarks.md).
   * Updates then omit them, and the API server keeps its own when an update omits them. The texts
   * that repeat across objects are read as shared instances ({@link CanonicalText}).
   */
  public static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.addMixIn(ObjectMeta.class, CachedMeta.class);
    mapper.addMixIn(OwnerReference.class, Typed.class);
    mapper.addMixIn(Secret.class, CachedSecret.class);
    mapper.addMixIn(Condition.class, CachedCondition.class);
    return new KubernetesSerialization(mapper, true);
  }

  // The mix-ins below share repeated texts (CanonicalText); a Secret's data and a resource's spec are not among them.

  @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
  private abstract static class CachedMeta {
    @JsonDeserialize(using = CanonicalText.class)
    abstract void setNamespace(String namespace);

    @JsonDeserialize(contentUsing = CanonicalText.class)
    abstract void setLabels(Map<String, String> labels);
  }

  private abstract static class Typed {
    @JsonDeserialize(using = CanonicalText.class)
    abstract void setApiVersion(String apiVersion);

    @JsonDeserialize(using = CanonicalText.class)
    abstract void setKind(String kind);
  }

  private abstract static class CachedSecret extends Typed {
    @JsonDeserialize(using = CanonicalText.class)
    abstract void setType(String type);
  }

  private abstract static class CachedCondition {
    @JsonDeserialize(using = CanonicalText.class)
    abstract void setType(String type);

    @JsonDeserialize(using = CanonicalText.class)
    abstract void setStatus(String status);

    @JsonDeserialize(using = CanonicalText.class)
    abstract void setReason(String reason);
  }
}
