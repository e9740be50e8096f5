package org.openmetadata.secrets.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.CachedValue;

/**
 * Builds the client the way OpenMetadata's seed table says (in-cluster, a path, or the default),
 * with the operator's write budget on it, reading objects without {@code metadata.managedFields},
 * and asking for the TLS cipher that is cheapest under this JVM's JIT ({@link TlsCiphers}).
 */
public final class KubernetesClients {

  private KubernetesClients() {}

  /**
   * A client that reads values whole (the bridge's), with the client's own settings adjusted by
   * {@code tune}.
   */
  public static KubernetesClient create(OperatorConfig config, UnaryOperator<Config> tune) {
    return create(tune.apply(clientConfig(config)), config);
  }

  private static Config clientConfig(OperatorConfig config) {
    if (config.inCluster()) {
      // Only the pod's ServiceAccount: a stray kubeconfig in the image must not win.
      System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
      return Config.autoConfigure(null);
    }
    return config
        .kubeconfigPath()
        .map(path -> Config.fromKubeconfig(path.toFile()))
        .orElseGet(() -> Config.autoConfigure(null));
  }

  /** A client on {@code clientConfig} with the operator's write budget and TLS cipher order. */
  public static KubernetesClient create(Config clientConfig, OperatorConfig config) {
    return create(clientConfig, config, serialization());
  }

  /** The operator's client, which reads resources as {@link #operatorSerialization()} says. */
  public static KubernetesClient forOperator(OperatorConfig config) {
    return create(clientConfig(config), config, operatorSerialization());
  }

  /** As {@link #forOperator(OperatorConfig)}, on {@code clientConfig}. */
  public static KubernetesClient forOperator(Config clientConfig, OperatorConfig config) {
    return create(clientConfig, config, operatorSerialization());
  }

  private static KubernetesClient create(
      Config clientConfig, OperatorConfig config, KubernetesSerialization json) {
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder().withConfig(clientConfig).withKubernetesSerialization(json);
    TlsCiphers.forThisJvm(clientConfig.getTlsVersions())
        .ifPresent(parameters -> builder.withHttpClientFactory(new TlsCiphers.Factory(parameters)));
    if (config.writeRate() > 0) {
      WriteBudget budget = new WriteBudget(config.writeRate(), config.writeBurst());
      builder.withHttpClientBuilderConsumer(
          http -> http.addOrReplaceInterceptor("write-budget", budget));
    }
    return builder.build();
  }

  /**
   * fabric8's serialization, except that {@code metadata.managedFields} is not read: nothing in the
   * operator uses them, yet parsed they are much of what the informer caches hold (heap after GC
   * with 10,000 resources and their Secrets: 106.9 MiB with them, 61.5 without; hack/bench.sh).
   * Updates then omit them, and the API server keeps its own when an update omits them. The texts
   * that repeat across objects are read as shared instances ({@link CanonicalText}).
   */
  public static KubernetesSerialization serialization() {
    return new KubernetesSerialization(mapper(), true);
  }

  /**
   * {@link #serialization()}, and an OpenMetadataSecret's value fields read as digests, or whole up
   * to {@link CachedValue#KEPT_WHOLE_UP_TO} characters ({@link CachedValue}), and its annotations
   * not read (the operator uses none, and a client-side {@code kubectl apply} copies the whole
   * resource, value included, into one). For the operator alone, whose informers would otherwise
   * hold every value whole; the bridge and the CLI read values.
   */
  public static KubernetesSerialization operatorSerialization() {
    return cachingSerialization(ShortValuesKeptSpec.class, Set.of());
  }

  /**
   * {@link #serialization()}, and an OpenMetadataSecret read as a watch cache should hold it: its
   * value fields as digests ({@link ValueDigest}) and of its annotations only {@code kept}, each
   * value longer than {@link #MAX_KEPT_ANNOTATION} as its digest too, so that no field an author
   * controls holds more than a digest's length. Whoever writes such a resource back reads it whole
   * first.
   */
  public static KubernetesSerialization digestingSerialization(Set<String> kept) {
    return cachingSerialization(DigestedSpec.class, kept);
  }

  private static KubernetesSerialization cachingSerialization(
      Class<?> specMixIn, Set<String> kept) {
    ObjectMapper mapper = mapper();
    mapper.addMixIn(OpenMetadataSecretSpec.class, specMixIn);
    mapper.registerModule(
        new SimpleModule()
            .setDeserializerModifier(
                new BeanDeserializerModifier() {
                  @Override
                  public JsonDeserializer<?> modifyDeserializer(
                      DeserializationConfig config,
                      BeanDescription bean,
                      JsonDeserializer<?> deserializer) {
                    return bean.getBeanClass() == OpenMetadataSecret.class
                        ? new KeptAnnotations(deserializer, kept)
                        : deserializer;
                  }
                }));
    return new KubernetesSerialization(mapper, true);
  }

  /**
   * A client that reads as {@code json} and otherwise is {@code client}: the same connections,
   * interceptors and write budget. It is closed with {@code client}; closing it would close both.
   */
  public static KubernetesClient readingAs(KubernetesClient client, KubernetesSerialization json) {
    return new KubernetesClientImpl(
        client.getHttpClient(),
        client.getConfiguration(),
        BaseClient.DEFAULT_EXECUTOR_SUPPLIER,
        json);
  }

  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.addMixIn(ObjectMeta.class, CachedMeta.class);
    mapper.addMixIn(OwnerReference.class, Typed.class);
    mapper.addMixIn(Secret.class, CachedSecret.class);
    mapper.addMixIn(Condition.class, CachedCondition.class);
    return mapper;
  }

  private abstract static class DigestedSpec {
    @JsonDeserialize(using = ValueDigest.Inline.class)
    abstract void setValue(String value);

    @JsonDeserialize(using = ValueDigest.Sealed.class)
    abstract void setEncryptedValue(String encryptedValue);
  }

  private abstract static class ShortValuesKeptSpec {
    @JsonDeserialize(using = ValueDigest.ShortInline.class)
    abstract void setValue(String value);

    @JsonDeserialize(using = ValueDigest.ShortSealed.class)
    abstract void setEncryptedValue(String encryptedValue);
  }

  /**
   * Longer than any Kubernetes user name (the bridge's written-by); longer annotation values are
   * kept as digests.
   */
  static final int MAX_KEPT_ANNOTATION = 512;

  private static final class KeptAnnotations extends DelegatingDeserializer {
    private final Set<String> kept;

    KeptAnnotations(JsonDeserializer<?> resource, Set<String> kept) {
      super(resource);
      this.kept = kept;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> resource) {
      return new KeptAnnotations(resource, kept);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      OpenMetadataSecret resource = (OpenMetadataSecret) super.deserialize(p, ctx);
      ObjectMeta metadata = resource.getMetadata();
      if (metadata != null && metadata.getAnnotations() != null) {
        Map<String, String> annotations = new LinkedHashMap<>();
        metadata
            .getAnnotations()
            .forEach(
                (key, value) -> {
                  if (kept.contains(key)) {
                    annotations.put(
                        key,
                        value != null && value.length() > MAX_KEPT_ANNOTATION
                            ? CachedValue.digest(value)
                            : value);
                  }
                });
        metadata.setAnnotations(annotations.isEmpty() ? null : annotations);
      }
      return resource;
    }
  }

  // The mix-ins below share repeated texts (CanonicalText); a Secret's data and a resource's spec
  // are not among them.

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
