package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.desired.DesiredSecret;

/** The objects the bridge sends to the API server and returns to OpenMetadata, as pure builders. */
public final class BridgeResources {

  private BridgeResources() {}

  /** Who writes, and when; becomes two annotations on the resource. */
  public record Authorship(String identity, Instant at) {

    Map<String, String> annotations() {
      return Map.of(
          Translation.WRITTEN_BY,
          identity,
          Translation.WRITTEN_AT,
          at.truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  /**
   * A new resource holding the sealed value; every other spec field keeps the operator's default.
   */
  public static OpenMetadataSecret newResource(
      String namespace,
      String name,
      String path,
      String sealed,
      boolean immutable,
      Authorship who) {
    OpenMetadataSecret resource = new OpenMetadataSecret();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withAnnotations(who.annotations())
            .build());
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(path);
    spec.setEncryptedValue(sealed);
    spec.setImmutable(immutable ? Boolean.TRUE : null);
    resource.setSpec(spec);
    return resource;
  }

  /** {@code existing} holding the new sealed value: path, deletion policy and immutability kept. */
  public static OpenMetadataSecret replaced(
      OpenMetadataSecret existing, String sealed, Authorship who) {
    OpenMetadataSecret updated = new OpenMetadataSecret();
    Map<String, String> annotations =
        new LinkedHashMap<>(
            Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of()));
    annotations.putAll(who.annotations());
    updated.setMetadata(
        new ObjectMetaBuilder(existing.getMetadata()).withAnnotations(annotations).build());
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(existing.getSpec().getPath());
    spec.setEncryptedValue(sealed);
    spec.setDeletionPolicy(existing.getSpec().getDeletionPolicy());
    spec.setImmutable(existing.getSpec().getImmutable());
    updated.setSpec(spec);
    updated.setStatus(existing.getStatus());
    return updated;
  }

  /**
   * Where the API server deletes resource {@code name} (fabric8's DSL cannot send a UID
   * precondition).
   */
  public static String resourcePath(String namespace, String name) {
    return "/apis/"
        + OpenMetadataSecret.API_VERSION
        + "/namespaces/"
        + namespace
        + "/"
        + HasMetadata.getPlural(OpenMetadataSecret.class)
        + "/"
        + name;
  }

  /**
   * A delete of exactly the resource with this UID: the bridge checked that one, and one deleted
   * and created again under its name since (by a GitOps tool, say) must survive. Not a
   * resourceVersion precondition: the operator's status patches move that without changing what
   * would be deleted.
   */
  public static DeleteOptions deleteExactly(String uid) {
    return new DeleteOptionsBuilder()
        .withApiVersion("v1")
        .withKind("DeleteOptions")
        .withNewPreconditions()
        .withUid(uid)
        .endPreconditions()
        .build();
  }

  /**
   * A Secret as the bridge returns it: managedFields are the API server's bookkeeping, left out.
   */
  public static Secret shown(Secret secret) {
    return new SecretBuilder(secret).editMetadata().withManagedFields().endMetadata().build();
  }

  /** The controller ownerReference of a Secret, when it is an OpenMetadataSecret. */
  public static Optional<OwnerReference> resourceController(Secret secret) {
    return DesiredSecret.controllerOf(secret)
        .filter(
            r ->
                OpenMetadataSecret.KIND.equals(r.getKind())
                    && OpenMetadataSecret.API_VERSION.equals(r.getApiVersion()));
  }
}
