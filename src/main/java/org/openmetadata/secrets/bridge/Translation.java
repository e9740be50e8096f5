package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import java.util.Map;
import java.util.Optional;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.bridge.WriteProgress.SecretLookup;
import org.openmetadata.secrets.config.WatchedNamespaces;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.naming.SecretNaming;
import org.openmetadata.secrets.policy.Admission;
import org.openmetadata.secrets.policy.Denial;
import org.openmetadata.secrets.policy.Policy;

/**
 * The bridge's rules, as pure functions: which Secret calls it serves, which {@code
 * OpenMetadataSecret} a write becomes and whether the operator would admit it, which resources
 * OpenMetadata may change, which Secret a read may return. The resource for Secret {@code <name>}
 * is named {@code <name>} (as {@code adopt} names them) with the path {@link SecretNaming#pathFor}
 * gives back.
 */
public final class Translation {

  /** Who last wrote a resource through the bridge: the bridge's Kubernetes identity. */
  public static final String WRITTEN_BY = "secrets.open-metadata.org/written-by";

  /** When, in RFC 3339 UTC to the second. */
  public static final String WRITTEN_AT = "secrets.open-metadata.org/written-at";

  /**
   * Set by whoever owns a resource to say whether OpenMetadata's server may change it through the
   * bridge: {@code "true"} on one the bridge did not write, {@code "false"} on one it wrote that
   * Git has since taken over. Without it, only what the bridge wrote ({@link #WRITTEN_BY}) is the
   * server's.
   */
  public static final String WRITABLE_BY_OPENMETADATA =
      "secrets.open-metadata.org/writable-by-openmetadata";

  /** How admission messages name the value of a write: its one data key. */
  private static final String VALUE = "the value";

  private final SecretNaming naming;
  private final WatchedNamespaces namespaces;
  private final Admission admission;

  public Translation(SecretNaming naming, WatchedNamespaces namespaces, Policy policy) {
    this.naming = naming;
    this.namespaces = namespaces;
    this.admission = new Admission(naming, policy);
  }

  /**
   * The path a write of {@code value} to Secret {@code name} gets: in a watched namespace, of a
   * name the operator produces, and admitted by the rules the operator applies ({@link Admission});
   * the resource holds a sealed value, never plain text.
   */
  public String checkWrite(String namespace, String name, byte[] value) throws Refusal {
    if (!namespaces.contains(namespace)) {
      throw new Refusal(
          KubeStatus.forbidden(
              name,
              "the operator does not watch namespace "
                  + namespace
                  + " (OM_SM_NAMESPACE: "
                  + namespaces
                  + ")"));
    }
    String path =
        naming
            .pathFor(name)
            .orElseThrow(
                () ->
                    new Refusal(
                        KubeStatus.invalid(
                            name,
                            "metadata.name",
                            "the operator never writes this name: its names start with "
                                + String.join(" or ", naming.namePrefixes())
                                + " and are canonical (are SECRET_MANAGER_PREFIX and CLUSTER_NAME the server's?)")));
    Optional<Denial> denied =
        admission.target(path, false).denial().or(() -> admission.value(VALUE, value));
    if (denied.isPresent()) {
      throw new Refusal(KubeStatus.denied(name, denied.get()));
    }
    return path;
  }

  /** Reads and deletes outside the watched namespaces find nothing: no resource there is served. */
  public void checkServed(String namespace, String name) throws Refusal {
    if (!namespaces.contains(namespace)) {
      throw new Refusal(KubeStatus.notFound(name));
    }
  }

  /**
   * The path a replace of Secret {@code name} seals for: the existing resource's own. Refused when
   * there is none (404, so OpenMetadata creates it), when it maps to another Secret, when it takes
   * its value from a source Secret (that value is someone else's to change), or when it is not
   * OpenMetadata's ({@link #checkOpenMetadatas}).
   */
  public String checkReplace(String name, OpenMetadataSecret existing) throws Refusal {
    checkMapsTo(name, existing);
    if (existing.getSpec().getValueFrom() != null) {
      throw new Refusal(
          KubeStatus.conflict(
              name,
              "OpenMetadataSecret "
                  + name
                  + " takes its value from Secret "
                  + existing.getSpec().getValueFrom().getSecretKeyRef().getName()
                  + " (valueFrom); change the value there"));
    }
    checkOpenMetadatas(name, existing);
    return existing.getSpec().getPath();
  }

  /**
   * A delete removes the resource named after the Secret, only when it maps to that Secret and is
   * OpenMetadata's to change; gives the UID it must still have when the API server deletes it.
   */
  public String checkDelete(String name, OpenMetadataSecret existing) throws Refusal {
    checkMapsTo(name, existing);
    checkOpenMetadatas(name, existing);
    return existing.getMetadata().getUid();
  }

  /** Only a resource that gives back Secret {@code name} is that Secret's to replace or delete. */
  private void checkMapsTo(String name, OpenMetadataSecret existing) throws Refusal {
    if (existing == null || existing.getSpec() == null) {
      throw new Refusal(KubeStatus.notFound(name));
    }
    if (!name.equals(secretName(existing.getSpec().getPath()))) {
      throw new Refusal(
          KubeStatus.conflict(
              name,
              "OpenMetadataSecret "
                  + name
                  + " has path "
                  + existing.getSpec().getPath()
                  + ", which does not give this Secret name"));
    }
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
    Map<String, String> annotations =
        Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of());
    String says = annotations.get(WRITABLE_BY_OPENMETADATA);
    if (says == null ? annotations.containsKey(WRITTEN_BY) : "true".equals(says)) {
      return;
    }
    String why =
        says == null
            ? "it was not written through the bridge (no annotation " + WRITTEN_BY + ")"
            : "it is annotated " + WRITABLE_BY_OPENMETADATA + "=\"" + says + "\"";
    throw new Refusal(
        KubeStatus.conflict(
            name,
            "OpenMetadataSecret "
                + name
                + " is managed elsewhere: "
                + why
                + ", so OpenMetadata may not change it. Change it where it is managed (Git, kubectl), or let OpenMetadata"
                + " change it: annotate it "
                + WRITABLE_BY_OPENMETADATA
                + "=\"true\""));
  }

  /**
   * What a read returns: the Secret, when it is the Secret of the live {@code OpenMetadataSecret}
   * its controller ownerReference names ({@link DesiredSecret#isOwnedBy}); anything else is not
   * found, so the bridge never hands out a Secret the operator does not manage.
   */
  public Secret readable(String name, SecretLookup lookup, OpenMetadataSecret controller)
      throws Refusal {
    if (lookup.code() != 200
        || controller == null
        || !DesiredSecret.isOwnedBy(lookup.secret(), controller, naming)) {
      throw new Refusal(KubeStatus.notFound(name));
    }
    return BridgeResources.shown(lookup.secret());
  }

  /**
   * A read the API server refused (RBAC answers 403 before it looks for the Secret): not found,
   * unless the resource of that name says the operator has written the Secret; then this identity
   * is not among the readers, and the answer says how to grant it.
   */
  public static Status unreadable(String name, OpenMetadataSecret resource) {
    boolean written =
        resource != null
            && resource.getStatus() != null
            && name.equals(resource.getStatus().getSecretName())
            && Conditions.readyCondition(resource.getStatus())
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false);
    return written
        ? KubeStatus.forbidden(name, KubeStatus.notGranted("it"))
        : KubeStatus.notFound(name);
  }

  private String secretName(String path) {
    try {
      return naming.secretName(path);
    } catch (InvalidSecretNameException e) {
      return null;
    }
  }
}
