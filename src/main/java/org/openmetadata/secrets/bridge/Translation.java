package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.ReaderRole;
import org.openmetadata.secrets.config.WatchedNamespaces;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.desired.OpenMetadataValue;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.naming.SecretNaming;
import org.openmetadata.secrets.policy.Policy;
import org.openmetadata.secrets.api.Reason;

/**
 * The bridge's decisions, as pure functions: which {@code OpenMetadataSecret} a Secret write
 * becomes, which Secret a read may return, how far a write has got, and the Kubernetes
 * {@code Status} of every refusal. The resource for Secret {@code <name>} is named {@code <name>}
 * (as {@code adopt} names them) with the path {@link SecretNaming#pathFor} gives back.
 */
public final class Translation {

  /** Who last wrote a resource through the bridge: the bridge's Kubernetes identity. */
  public static final String WRITTEN_BY = "secrets.open-metadata.org/written-by";
  /** When, in RFC 3339 UTC to the second. */
  public static final String WRITTEN_AT = "secrets.open-metadata.org/written-at";
  /**
   * Set by whoever owns a resource to say whether OpenMetadata's server may change it through the
   * bridge: {@code "true"} on one the bridge did not write, {@code "false"} on one it wrote that Git
   * has since taken over. Without it, only what the bridge wrote ({@link #WRITTEN_BY}) is the server's.
   */
  public static final String WRITABLE_BY_OPENMETADATA = "secrets.open-metadata.org/writable-by-openmetadata";

  private final SecretNaming naming;
  private final WatchedNamespaces namespaces;
  private final Policy policy;

  public Translation(SecretNaming naming, WatchedNamespaces namespaces, Policy policy) {
    this.naming = naming;
    this.namespaces = namespaces;
    this.policy = policy;
  }

  /** Who writes, and when; becomes two annotations on the resource. */
  public record Authorship(String identity, Instant at) {

    Map<String, String> annotations() {
      return Map.of(WRITTEN_BY, identity, WRITTEN_AT, at.truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  /** The outcome of a Secret read by the bridge's own identity: an HTTP code, and the Secret on 200. */
  public record SecretLookup(int code, Secret secret) {}

  /** How far a write has got: done, still on its way (and why), or failed for good. */
  public sealed interface Progress {
    /** @param superseded a later write was synced too, so the Secret may hold a newer value than ours */
    record Done(boolean superseded) implements Progress {}

    record Pending(String why) implements Progress {}

    record Failed(Status status) implements Progress {}
  }

  /**
   * The path a write of {@code value} to Secret {@code name} gets, once every rule the operator
   * would apply passed: a watched namespace, a name the operator produces, a value OpenMetadata
   * can read back, the size limit and the path policy.
   */
  public String checkWrite(String namespace, String name, byte[] value) throws Refusal {
    if (!namespaces.contains(namespace)) {
      throw new Refusal(KubeStatus.forbidden(name, "the operator does not watch namespace " + namespace
          + " (OM_SM_NAMESPACE: " + namespaces + ")"));
    }
    String path = naming.pathFor(name).orElseThrow(() -> new Refusal(KubeStatus.invalid(name, "metadata.name",
        "the operator never writes this name: its names start with " + String.join(" or ", naming.namePrefixes())
            + " and are canonical (are SECRET_MANAGER_PREFIX and CLUSTER_NAME the server's?)")));
    String field = "data[" + DesiredSecret.DATA_KEY + "]";
    if (value.length == 0) {
      throw new Refusal(KubeStatus.invalid(name, field, "Required value: OpenMetadata stores no Secret for an empty value"));
    }
    Optional<String> unreadable = OpenMetadataValue.problem(value);
    if (unreadable.isPresent()) {
      throw new Refusal(KubeStatus.invalid(name, field, "the value " + unreadable.get()));
    }
    Optional<Policy.Denial> tooLarge = policy.checkSize(value.length);
    if (tooLarge.isPresent()) {
      throw new Refusal(KubeStatus.tooLarge(tooLarge.get().message() + " (OM_SM_MAX_VALUE_BYTES)"));
    }
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(path);
    Optional<Policy.Denial> denied = policy.check(spec, name);
    if (denied.isPresent()) {
      throw new Refusal(KubeStatus.forbidden(name, denied.get().message()));
    }
    return path;
  }

  /** Reads and deletes outside the watched namespaces find nothing: no resource there is served. */
  public void checkServed(String namespace, String name) throws Refusal {
    if (!namespaces.contains(namespace)) {
      throw new Refusal(KubeStatus.notFound(name));
    }
  }

  /** A new resource holding the sealed value; every other spec field keeps the operator's default. */
  public static OpenMetadataSecret newResource(
      String namespace, String name, String path, String sealed, boolean immutable, Authorship who) {
    OpenMetadataSecret resource = new OpenMetadataSecret();
    resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
        .withAnnotations(who.annotations()).build());
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(path);
    spec.setEncryptedValue(sealed);
    spec.setImmutable(immutable ? Boolean.TRUE : null);
    resource.setSpec(spec);
    return resource;
  }

  /**
   * The path a replace of Secret {@code name} seals for: the existing resource's own. Refused when
   * there is none (404, so OpenMetadata creates it), when it maps to another Secret, or when it
   * takes its value from a source Secret: that value is someone else's to change.
   */
  public String checkReplace(String name, OpenMetadataSecret existing) throws Refusal {
    if (existing == null || existing.getSpec() == null) {
      throw new Refusal(KubeStatus.notFound(name));
    }
    String path = existing.getSpec().getPath();
    if (!name.equals(secretName(path))) {
      throw new Refusal(KubeStatus.conflict(name, "OpenMetadataSecret " + name + " has path " + path
          + ", which does not give this Secret name"));
    }
    if (existing.getSpec().getValueFrom() != null) {
      throw new Refusal(KubeStatus.conflict(name, "OpenMetadataSecret " + name
          + " takes its value from Secret " + existing.getSpec().getValueFrom().getSecretKeyRef().getName()
          + " (valueFrom); change the value there"));
    }
    checkOpenMetadatas(name, existing);
    return path;
  }

  /**
   * Refuses a replace or delete of a resource that is not OpenMetadata's server's to change: one it
   * did not write through the bridge (applied from Git or by kubectl) unless annotated {@link
   * #WRITABLE_BY_OPENMETADATA}{@code ="true"}, or one annotated with anything else. Changed here, a
   * GitOps tool would put it back and the value typed in OpenMetadata would be silently lost; 409
   * makes the server's call fail instead (it falls back to a create only on a replace's 404, and
   * ignores only a delete's 404).
   */
  private static void checkOpenMetadatas(String name, OpenMetadataSecret existing) throws Refusal {
    Map<String, String> annotations = Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of());
    String says = annotations.get(WRITABLE_BY_OPENMETADATA);
    if (says == null ? annotations.containsKey(WRITTEN_BY) : "true".equals(says)) {
      return;
    }
    String why = says == null ? "it was not written through the bridge (no annotation " + WRITTEN_BY + ")"
        : "it is annotated " + WRITABLE_BY_OPENMETADATA + "=\"" + says + "\"";
    throw new Refusal(KubeStatus.conflict(name, "OpenMetadataSecret " + name + " is managed elsewhere: " + why
        + ", so OpenMetadata may not change it. Change it where it is managed (Git, kubectl), or let OpenMetadata"
        + " change it: annotate it " + WRITABLE_BY_OPENMETADATA + "=\"true\""));
  }

  /** {@code existing} holding the new sealed value: path, deletion policy and immutability kept. */
  public static OpenMetadataSecret replaced(OpenMetadataSecret existing, String sealed, Authorship who) {
    OpenMetadataSecret updated = new OpenMetadataSecret();
    Map<String, String> annotations = new LinkedHashMap<>(
        Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of()));
    annotations.putAll(who.annotations());
    updated.setMetadata(new ObjectMetaBuilder(existing.getMetadata()).withAnnotations(annotations).build());
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
   * A delete removes the resource named after the Secret, only when it maps to that Secret and is
   * OpenMetadata's to change; gives the UID it must still have when the API server deletes it.
   */
  public String checkDelete(String name, OpenMetadataSecret existing) throws Refusal {
    if (existing == null || existing.getSpec() == null) {
      throw new Refusal(KubeStatus.notFound(name));
    }
    if (!name.equals(secretName(existing.getSpec().getPath()))) {
      throw new Refusal(KubeStatus.conflict(name, "OpenMetadataSecret " + name + " has path "
          + existing.getSpec().getPath() + ", which does not give this Secret name"));
    }
    checkOpenMetadatas(name, existing);
    return existing.getMetadata().getUid();
  }

  /** Where the API server deletes resource {@code name} (fabric8's DSL cannot send a UID precondition). */
  public static String resourcePath(String namespace, String name) {
    return "/apis/" + OpenMetadataSecret.API_VERSION + "/namespaces/" + namespace + "/"
        + HasMetadata.getPlural(OpenMetadataSecret.class) + "/" + name;
  }

  /**
   * A delete of exactly the resource with this UID: the bridge checked that one, and one deleted and
   * created again under its name since (by a GitOps tool, say) must survive. Not a resourceVersion
   * precondition: the operator's status patches move that without changing what would be deleted.
   */
  public static DeleteOptions deleteExactly(String uid) {
    return new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions")
        .withNewPreconditions().withUid(uid).endPreconditions().build();
  }

  /** The answer to a delete of the resource with UID {@code uid} that the API server refused with {@code code}. */
  public static Status notDeleted(String namespace, String name, String uid, int code) {
    return switch (code) {
      case 404 -> KubeStatus.notFound(name);
      case 409 -> KubeStatus.conflict(name, "OpenMetadataSecret " + namespace + "/" + name + " was deleted and"
          + " created again since the bridge checked it (UID " + uid + "); the new one was not deleted. Try again"
          + " if OpenMetadata should delete the new one too");
      default -> apiFailure(name, code);
    };
  }

  /**
   * What a read returns: the Secret, when it is the Secret of the live {@code OpenMetadataSecret}
   * its controller ownerReference names ({@link DesiredSecret#isOwnedBy}); anything else is not
   * found, so the bridge never hands out a Secret the operator does not manage.
   */
  public Secret readable(String name, SecretLookup lookup, OpenMetadataSecret controller) throws Refusal {
    if (lookup.code() != 200 || controller == null || !DesiredSecret.isOwnedBy(lookup.secret(), controller, naming)) {
      throw new Refusal(KubeStatus.notFound(name));
    }
    return shown(lookup.secret());
  }

  /** A Secret as the bridge returns it: managedFields are the API server's bookkeeping, left out. */
  public static Secret shown(Secret secret) {
    return new SecretBuilder(secret).editMetadata().withManagedFields().endMetadata().build();
  }

  /**
   * A read the API server refused (RBAC answers 403 before it looks for the Secret): not found,
   * unless the resource of that name says the operator has written the Secret; then this identity
   * is not among the readers, and the answer says how to grant it.
   */
  public static Status unreadable(String name, OpenMetadataSecret resource) {
    boolean written = resource != null && resource.getStatus() != null
        && name.equals(resource.getStatus().getSecretName())
        && Conditions.readyCondition(resource.getStatus()).map(c -> "True".equals(c.getStatus())).orElse(false);
    return written ? KubeStatus.forbidden(name, notGranted("it")) : KubeStatus.notFound(name);
  }

  private static String notGranted(String what) {
    return "this identity may not read " + what + ": the operator grants get on the Secrets it manages through Role "
        + ReaderRole.NAME + " to its readers (OM_SM_READER_SUBJECTS, chart value readers.subjects), which must"
        + " include the OpenMetadata server's ServiceAccount";
  }

  /** The controller ownerReference of a Secret, when it is an OpenMetadataSecret. */
  public static Optional<OwnerReference> resourceController(Secret secret) {
    return DesiredSecret.controllerOf(secret)
        .filter(r -> OpenMetadataSecret.KIND.equals(r.getKind()) && OpenMetadataSecret.API_VERSION.equals(r.getApiVersion()));
  }

  /**
   * How far the operator has got with generation {@code generation} of the resource with UID
   * {@code uid}: Synced at (or after) it is done; a failure it retries by itself is pending; any
   * other failure is final, with the Status OpenMetadata should see.
   */
  public static Progress ofResource(String name, OpenMetadataSecret current, String uid, long generation) {
    if (current == null || !Objects.equals(current.getMetadata().getUid(), uid) || current.isMarkedForDeletion()) {
      return new Progress.Failed(KubeStatus.conflict(name,
          "OpenMetadataSecret " + name + " was deleted or replaced while the bridge waited for the operator"));
    }
    OpenMetadataSecretStatus status = current.getStatus();
    Optional<Condition> ready = Conditions.readyCondition(status);
    if (status == null || status.getObservedGeneration() == null || status.getObservedGeneration() < generation
        || ready.isEmpty()) {
      return new Progress.Pending("the operator has not synced it (is the operator running?)");
    }
    String message = ready.get().getMessage();
    Reason reason;
    try {
      reason = Reason.valueOf(ready.get().getReason());
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Progress.Pending("the operator reports " + ready.get().getReason());
    }
    return switch (reason) {
      case Synced -> new Progress.Done(status.getObservedGeneration() > generation);
      case ApiError -> new Progress.Pending("the operator is retrying: " + message);
      case Conflict -> new Progress.Failed(KubeStatus.alreadyExists(name, message));
      case NameCollision -> new Progress.Failed(KubeStatus.conflict(name, message));
      case PolicyDenied -> new Progress.Failed(KubeStatus.forbidden(name, message));
      case InvalidSpec -> new Progress.Failed(KubeStatus.invalid(name, "data[" + DesiredSecret.DATA_KEY + "]", message));
      case DecryptionFailed, SourceNotFound -> new Progress.Failed(KubeStatus.internalError(name, message));
    };
  }

  /**
   * Whether the Secret, read with the bridge's own identity as OpenMetadata's next read will be,
   * holds {@code value} (any value, when null: a later write superseded ours): read-your-writes.
   * The comparison is of base64 text; neither is logged.
   */
  public static Progress ofSecret(String name, SecretLookup lookup, byte[] value) {
    return switch (lookup.code()) {
      case 200 -> value == null || Objects.equals(data(lookup.secret()), Base64.getEncoder().encodeToString(value))
          ? new Progress.Done(value == null)
          : new Progress.Pending("Secret " + name + " does not hold the new value");
      case 403 -> new Progress.Pending(notGranted("Secret " + name));
      case 404 -> new Progress.Pending("Secret " + name + " does not exist");
      default -> new Progress.Pending("reading Secret " + name + " failed with HTTP " + lookup.code());
    };
  }

  /** The Status of a write that did not finish in time; the resource stays and takes effect later. */
  public static Status timedOut(String namespace, String name, String why, long seconds) {
    return KubeStatus.timeout(name, "OpenMetadataSecret " + namespace + "/" + name + " was written, but after "
        + seconds + "s " + why + "; the operator applies it when it can, and a read returns the Secret once it"
        + " holds the value");
  }

  /**
   * A failed call of the bridge to the API server, as the Status OpenMetadata gets: the HTTP code
   * only, since the API server's message could quote a field of what was sent.
   */
  public static Status apiFailure(String name, int code) {
    if (code <= 0 || code >= 500 || code == 429) {
      return KubeStatus.unavailable("the Kubernetes API server did not answer the bridge"
          + (code <= 0 ? " (could not connect)" : " (HTTP " + code + ")"));
    }
    if (code == 403) {
      return KubeStatus.forbidden(name, "the API server refused the bridge's identity (HTTP 403): it needs the"
          + " chart's openmetadataServer Role (create, get, list, watch, update, delete on openmetadatasecrets)");
    }
    if (code == 409) {
      return KubeStatus.conflict(name, "the OpenMetadataSecret changed concurrently; try again");
    }
    return KubeStatus.internalError(name, "the API server answered the bridge with HTTP " + code);
  }

  private static String data(Secret secret) {
    return secret == null || secret.getData() == null ? null : secret.getData().get(DesiredSecret.DATA_KEY);
  }

  private String secretName(String path) {
    try {
      return naming.secretName(path);
    } catch (InvalidSecretNameException e) {
      return null;
    }
  }
}
