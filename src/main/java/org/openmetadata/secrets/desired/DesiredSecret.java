package org.openmetadata.secrets.desired;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.naming.SecretNaming;

/**
 * The Secret OpenMetadata would have written for a custom resource, and how an existing Secret is
 * brought to it. Pure functions: no client, no clock.
 */
public final class DesiredSecret {

  public static final String TYPE = "Opaque";
  public static final String DATA_KEY = "value";

  /**
   * Put on a foreign Secret by an admin to hand it to the resource of that name. A one-time
   * hand-over: the adoption removes it (the controller ownerReference, by UID, binds the Secret
   * from then on) and so does a release, so no later resource that reuses the name can take it.
   */
  public static final String ADOPT_ANNOTATION = "secrets.open-metadata.org/adopt";

  private DesiredSecret() {}

  /** OpenMetadata's two labels, the configured tags, and the operator's own selector label. */
  public static Map<String, String> labels(Map<String, String> tags) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.APP, Labels.APP_VALUE);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.putAll(tags);
    labels.put(Labels.OPERATOR_MANAGED_BY, Labels.OPERATOR_MANAGED_BY_VALUE);
    return labels;
  }

  public static OwnerReference ownerReference(OpenMetadataSecret owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(OpenMetadataSecret.API_VERSION)
        .withKind(OpenMetadataSecret.KIND)
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** The complete Secret for {@code owner}; the CR's own labels and annotations are not copied. */
  public static Secret build(
      OpenMetadataSecret owner, String name, byte[] value, Map<String, String> tags) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels(tags))
        .withOwnerReferences(ownerReference(owner))
        .endMetadata()
        .withType(TYPE)
        .withImmutable(owner.getSpec().effectiveImmutable() ? Boolean.TRUE : null)
        .withData(Map.of(DATA_KEY, Base64.getEncoder().encodeToString(value)))
        .build();
  }

  /**
   * The bytes a Secret holds under {@link #DATA_KEY}; empty when it holds none or no valid base64.
   */
  public static Optional<byte[]> value(Secret secret) {
    String data = secret.getData() == null ? null : secret.getData().get(DATA_KEY);
    try {
      return Optional.ofNullable(data).map(Base64.getDecoder()::decode);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code secret} is {@code owner}'s Secret as the operator writes it: in the owner's
   * namespace, with the operator's label, a controller ownerReference to the owner (kind, group,
   * UID), and named what the owner's path maps to. The label and the ownerReference can be copied
   * onto any Secret by whoever may create or patch Secrets (the owner's name and UID are readable
   * wherever it is); only the name is bound to the owner's spec. The operator grants reads on,
   * repairs, reads back and releases no other Secret.
   */
  public static boolean isOwnedBy(Secret secret, OpenMetadataSecret owner, SecretNaming naming) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    if (!Objects.equals(secret.getMetadata().getNamespace(), owner.getMetadata().getNamespace())
        || labels == null
        || !Labels.OPERATOR_MANAGED_BY_VALUE.equals(labels.get(Labels.OPERATOR_MANAGED_BY))
        || controllerOf(secret)
            .filter(
                ref ->
                    OpenMetadataSecret.KIND.equals(ref.getKind())
                        && ref.getApiVersion() != null
                        && ref.getApiVersion().startsWith(OpenMetadataSecret.GROUP + "/")
                        && Objects.equals(ref.getUid(), owner.getMetadata().getUid()))
            .isEmpty()
        || owner.getSpec() == null
        || owner.getSpec().getPath() == null) {
      return false;
    }
    try {
      return secret.getMetadata().getName().equals(naming.secretName(owner.getSpec().getPath()));
    } catch (InvalidSecretNameException e) {
      return false;
    }
  }

  /**
   * True when the Secret's controller ownerReference points at this very resource (same UID): the
   * garbage collector's view, which says nothing about who wrote the Secret (see {@link
   * #isOwnedBy}).
   */
  public static boolean isControlledBy(Secret secret, OpenMetadataSecret owner) {
    return controllerOf(secret)
        .map(ref -> Objects.equals(ref.getUid(), owner.getMetadata().getUid()))
        .orElse(false);
  }

  public static Optional<OwnerReference> controllerOf(Secret secret) {
    List<OwnerReference> refs = secret.getMetadata().getOwnerReferences();
    return refs == null
        ? Optional.empty()
        : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  /** Whether {@code actual} differs from {@code desired} in anything the operator owns. */
  public static boolean differs(Secret actual, Secret desired) {
    return !Objects.equals(actual.getType(), desired.getType())
        || !Objects.equals(actual.getData(), desired.getData())
        || (actual.getStringData() != null && !actual.getStringData().isEmpty())
        || !Objects.equals(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())
        || Boolean.TRUE.equals(actual.getImmutable()) != Boolean.TRUE.equals(desired.getImmutable())
        || !hasOwner(actual, desired.getMetadata().getOwnerReferences().get(0));
  }

  /**
   * Kubernetes forbids editing the data of an immutable Secret and making it mutable again, so such
   * changes need a delete and a create.
   */
  public static boolean needsReplacement(Secret actual, Secret desired) {
    return Boolean.TRUE.equals(actual.getImmutable())
        && (!Objects.equals(actual.getData(), desired.getData())
            || !Boolean.TRUE.equals(desired.getImmutable()));
  }

  /**
   * {@code actual} with the owned parts taken from {@code desired}; other metadata (annotations,
   * other owners, finalizers) and the resourceVersion for optimistic locking are kept, except the
   * adopt annotation: a hand-over is spent once the Secret is ours.
   */
  public static Secret mergeInto(Secret actual, Secret desired) {
    List<OwnerReference> owners = new ArrayList<>();
    OwnerReference ours = desired.getMetadata().getOwnerReferences().get(0);
    owners.add(ours);
    if (actual.getMetadata().getOwnerReferences() != null) {
      actual.getMetadata().getOwnerReferences().stream()
          .filter(
              r ->
                  !Boolean.TRUE.equals(r.getController())
                      && !Objects.equals(r.getUid(), ours.getUid()))
          .forEach(owners::add);
    }
    return new SecretBuilder(actual)
        .editMetadata()
        .withLabels(desired.getMetadata().getLabels())
        .withOwnerReferences(owners)
        .removeFromAnnotations(ADOPT_ANNOTATION)
        .endMetadata()
        .withType(desired.getType())
        .withImmutable(desired.getImmutable())
        .withData(desired.getData())
        .withStringData(null)
        .build();
  }

  /**
   * {@code secret} without {@code owner}'s ownerReference, the operator's selector label and any
   * adopt annotation: released, it is again exactly what OpenMetadata itself would have written, no
   * longer ours, and handed to no one. The operator (Retain, deletion breaker) and {@code kubectl
   * om-secrets release} both release through this.
   */
  public static Secret release(Secret secret, OpenMetadataSecret owner) {
    List<OwnerReference> others =
        secret.getMetadata().getOwnerReferences() == null
            ? List.of()
            : secret.getMetadata().getOwnerReferences().stream()
                .filter(r -> !Objects.equals(r.getUid(), owner.getMetadata().getUid()))
                .toList();
    Map<String, String> labels = new LinkedHashMap<>(secret.getMetadata().getLabels());
    labels.remove(Labels.OPERATOR_MANAGED_BY);
    return new SecretBuilder(secret)
        .editMetadata()
        .withOwnerReferences(others)
        .withLabels(labels)
        .removeFromAnnotations(ADOPT_ANNOTATION)
        .endMetadata()
        .build();
  }

  private static boolean hasOwner(Secret secret, OwnerReference wanted) {
    return controllerOf(secret)
        .map(
            ref ->
                Objects.equals(ref.getUid(), wanted.getUid())
                    && Objects.equals(ref.getKind(), wanted.getKind())
                    && Objects.equals(ref.getApiVersion(), wanted.getApiVersion())
                    && Objects.equals(ref.getName(), wanted.getName())
                    && Boolean.TRUE.equals(ref.getBlockOwnerDeletion()))
        .orElse(false);
  }
}
