package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.SecretKeySelector;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.crypto.KeyRingStore;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.crypto.SealingException;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.desired.OpenMetadataValue;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.naming.SecretNaming;

/** Finds the bytes a resource's Secret must hold: inline, sealed, or from a consenting source. */
public class ValueResolver {

  private final SecretStore store;
  private final SecretNaming naming;
  private final KeyRingStore keys;
  private final OperatorMetrics metrics;

  public ValueResolver(SecretStore store, SecretNaming naming, KeyRingStore keys, OperatorMetrics metrics) {
    this.store = store;
    this.naming = naming;
    this.keys = keys;
    this.metrics = metrics;
  }

  /**
   * The value, or the reason it cannot be had: missing, unopenable, or one OpenMetadata could not
   * read back ({@link OpenMetadataValue}). Assumes {@link SpecValidator} passed.
   *
   * @param secretName the resource's Secret, whose value stands in for the sealed value while it
   *     provably is what that opens to
   */
  public Resolution resolve(OpenMetadataSecret resource, String secretName) {
    OpenMetadataSecretSpec spec = resource.getSpec();
    if (spec.getValue() != null) {
      return OpenMetadataValue.problem(spec.getValue())
          .map(p -> Resolution.failed(Reason.InvalidSpec, "spec.value " + p))
          .orElseGet(() -> Resolution.of(spec.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    Resolution resolved = spec.getEncryptedValue() != null
        ? openedBefore(resource, secretName).map(Resolution::of).orElseGet(() -> unseal(resource))
        : fromSource(resource.getMetadata().getNamespace(), spec.getValueFrom().getSecretKeyRef());
    if (!resolved.ok()) {
      return resolved;
    }
    String what = spec.getEncryptedValue() != null ? "the sealed value"
        : "key " + spec.getValueFrom().getSecretKeyRef().getKey() + " of source Secret "
            + spec.getValueFrom().getSecretKeyRef().getName();
    return OpenMetadataValue.problem(resolved.value())
        .map(p -> Resolution.failed(Reason.InvalidSpec, what + " " + p))
        .orElse(resolved);
  }

  /**
   * The value in the resource's own Secret, when it provably is what the sealed value opens to, so
   * an unchanged resource is not opened again (a key agreement or RSA decryption) at every restart or recheck. The
   * status says Synced to this Secret at this very generation, so the ciphertext is the one opened
   * then (any spec edit raises the generation), and the keyed fingerprint recorded then matches the
   * Secret's value now, so the value was not edited since. A fingerprint cannot be forged without the
   * operator's key, and only the operator may write the status (chart RBAC: openmetadatasecrets/status).
   * The ring must still hold the value's key: one removed from it is then reported at once, as opening would.
   */
  private Optional<byte[]> openedBefore(OpenMetadataSecret resource, String secretName) {
    OpenMetadataSecretStatus status = resource.getStatus();
    if (!StatusBuilder.wasSynced(status, resource.getMetadata().getGeneration(), secretName)
        || status.getValueFingerprint() == null
        || keys.current().privateKey(Sealer.keyIdOf(resource.getSpec().getEncryptedValue())).isEmpty()) {
      return Optional.empty();
    }
    String namespace = resource.getMetadata().getNamespace();
    return store.managed(namespace, secretName)
        .filter(secret -> DesiredSecret.isOwnedBy(secret, resource, naming))
        .flatMap(DesiredSecret::value)
        .filter(value -> MessageDigest.isEqual(
            keys.current().fingerprint(namespace, resource.getMetadata().getName(), resource.getMetadata().getUid(), value)
                .getBytes(StandardCharsets.US_ASCII),
            status.getValueFingerprint().getBytes(StandardCharsets.US_ASCII)));
  }

  private Resolution unseal(OpenMetadataSecret resource) {
    metrics.sealedValueOpened();
    Scope scope = new Scope(resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
        resource.getSpec().getPath());
    String sealed = resource.getSpec().getEncryptedValue();
    try {
      return Resolution.of(Sealer.open(keys.forKey(Sealer.keyIdOf(sealed)), scope, sealed));
    } catch (SealingException e) {
      return Resolution.failed(Reason.DecryptionFailed, e.getMessage());
    }
  }

  /**
   * Only Secrets labeled {@value Labels#SOURCE}=true are read: the label is their owner's consent,
   * so a right to create OpenMetadataSecrets is not a right to copy any Secret of the namespace.
   * A missing source and an unlabeled one get the same answer, so a resource is no way to learn
   * which Secret names exist in a namespace its author cannot read.
   */
  private Resolution fromSource(String namespace, SecretKeySelector ref) {
    Optional<Secret> source = store.labeledSource(namespace, ref.getName());
    if (source.isEmpty()) {
      return Resolution.failed(Reason.SourceNotFound, "no Secret " + ref.getName() + " labeled "
          + Labels.SOURCE_SELECTOR + " in this namespace; the operator reads only Secrets labeled for it");
    }
    Map<String, String> data = source.get().getData();
    if (data == null || !data.containsKey(ref.getKey())) {
      return Resolution.failed(
          Reason.SourceNotFound, "key " + ref.getKey() + " not found in source Secret " + ref.getName());
    }
    byte[] value = Base64.getDecoder().decode(data.get(ref.getKey()));
    if (value.length == 0) {
      return Resolution.failed(Reason.InvalidSpec, "key " + ref.getKey() + " of source Secret " + ref.getName()
          + " is empty; OpenMetadata stores no Secret for an empty value");
    }
    return Resolution.of(value);
  }

  /** Either a value or a failure reason with a safe message. */
  public record Resolution(byte[] value, Reason failure, String message) {

    static Resolution of(byte[] value) {
      return new Resolution(value, null, null);
    }

    static Resolution failed(Reason reason, String message) {
      return new Resolution(null, reason, message);
    }

    public boolean ok() {
      return failure == null;
    }
  }
}
