package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.api.SecretKeySelector;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.crypto.CachedValue;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.crypto.SealingException;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.keys.KeyUsage;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.naming.SecretNaming;
import org.openmetadata.secrets.policy.Admission;
import org.openmetadata.secrets.policy.Denial;
import org.openmetadata.secrets.policy.Rule;
import org.openmetadata.secrets.policy.SpecValidator;

/** Finds the bytes a resource's Secret must hold: inline, sealed, or from a consenting source. */
public class ValueResolver {

  private final SecretStore store;
  private final SecretNaming naming;
  private final StoredValues stored;
  private final KeyRingStore keys;
  private final OperatorMetrics metrics;

  ValueResolver(
      SecretStore store,
      SecretNaming naming,
      StoredValues stored,
      KeyRingStore keys,
      OperatorMetrics metrics) {
    this.store = store;
    this.naming = naming;
    this.stored = stored;
    this.keys = keys;
    this.metrics = metrics;
  }

  /**
   * The value, or the reason it cannot be had: missing, unopenable, or inline text with no UTF-8
   * form; the value rules of {@link Admission} come after. Assumes {@link SpecValidator} passed. An
   * inline or sealed value is the Secret's, while that provably is this generation's value; else
   * the cached resource's when the cache kept it whole ({@link CachedValue}), else read from the
   * API server.
   *
   * @param secretName the resource's Secret
   */
  public Resolution resolve(OpenMetadataSecret resource, String secretName) {
    OpenMetadataSecretSpec spec = resource.getSpec();
    if (spec.getValueFrom() != null) {
      return fromSource(
          resource.getMetadata().getNamespace(), spec.getValueFrom().getSecretKeyRef());
    }
    Optional<byte[]> applied = appliedBefore(resource, secretName);
    if (applied.isPresent()) {
      return Resolution.of(applied.get());
    }
    OpenMetadataSecretSpec full = keptWhole(spec) ? spec : stored.read(resource);
    if (full.getValue() != null) {
      return inline(full.getValue());
    }
    if (full.getEncryptedValue() == null) {
      // The stored spec has another value source than the cached one at the same generation: not
      // from this API server.
      throw new StoredValues.StaleResourceException();
    }
    return unseal(resource, full.getEncryptedValue());
  }

  /** Whether the cached spec holds its value itself rather than its digest. */
  private static boolean keptWhole(OpenMetadataSecretSpec spec) {
    return spec.getValue() != null
        ? CachedValue.isWhole(spec.getValue())
        : CachedValue.isWholeSealed(spec.getEncryptedValue());
  }

  /** An inline value's bytes: none for text without a UTF-8 form. */
  public static Resolution inline(String text) {
    return Admission.inlineText(text)
        .map(Resolution::denied)
        .orElseGet(() -> Resolution.of(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The value in the resource's own Secret, when it provably is this generation's value, so an
   * unchanged resource is neither read from the API server nor opened again (a key agreement or RSA
   * decryption) at every restart or recheck. The status says Synced to this Secret at this very
   * generation, so the value is the one written then (any spec edit raises the generation), and the
   * keyed fingerprint recorded then matches the Secret's value now, so the value was not edited
   * since. A fingerprint cannot be forged without the operator's key, and only the operator may
   * write the status (chart RBAC: openmetadatasecrets/status). A sealed value's key must still be
   * in the ring: one removed from it is then reported at once, as opening would.
   */
  private Optional<byte[]> appliedBefore(OpenMetadataSecret resource, String secretName) {
    OpenMetadataSecretStatus status = resource.getStatus();
    String sealed = resource.getSpec().getEncryptedValue();
    if (!StatusBuilder.wasSynced(status, resource.getMetadata().getGeneration(), secretName)
        || status.getValueFingerprint() == null
        || (sealed != null && keys.current().findAny(Sealer.keyIdsOf(sealed)).isEmpty())) {
      return Optional.empty();
    }
    String namespace = resource.getMetadata().getNamespace();
    return store
        .managed(namespace, secretName)
        .filter(secret -> DesiredSecret.isOwnedBy(secret, resource, naming))
        .flatMap(DesiredSecret::value)
        .filter(
            value ->
                MessageDigest.isEqual(
                    keys.current()
                        .fingerprint(
                            namespace,
                            resource.getMetadata().getName(),
                            resource.getMetadata().getUid(),
                            value)
                        .getBytes(StandardCharsets.US_ASCII),
                    status.getValueFingerprint().getBytes(StandardCharsets.US_ASCII)));
  }

  private Resolution unseal(OpenMetadataSecret resource, String sealed) {
    Optional<Resolution> retired = retiredKey(sealed);
    if (retired.isPresent()) {
      return retired.get();
    }
    Scope scope =
        new Scope(
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(),
            resource.getSpec().getPath());
    List<String> keyIds = Sealer.keyIdsOf(sealed);
    KeyRing ring = keys.forKeys(keyIds);
    boolean keyMissing = !keyIds.isEmpty() && ring.findAny(keyIds).isEmpty();
    if (!keyMissing) {
      metrics.sealedValueOpened();
    }
    try {
      return Resolution.of(Sealer.open(ring, scope, sealed));
    } catch (SealingException e) {
      Resolution failed = Resolution.failed(Reason.DecryptionFailed, e.getMessage());
      // The key may come back (a ring backup applied, a peer's rotation seen late): nothing is
      // opened until it does, so looking again costs a header read.
      return keyMissing ? failed.healingAlone() : failed;
    }
  }

  /**
   * A value whose key was retired from the ring (and not restored): refused without an open, saying
   * so, since an unknown key would not say what to do about it.
   */
  private Optional<Resolution> retiredKey(String sealed) {
    return KeyUsage.sealedTo(sealed, keys.current())
        .filter(id -> keys.current().find(id).isEmpty())
        .flatMap(
            id ->
                keys.tombstones()
                    .retiredAt(id)
                    .map(
                        at ->
                            Resolution.failed(
                                    Reason.DecryptionFailed,
                                    "sealed with key "
                                        + id
                                        + ", retired from the operator's key ring at "
                                        + at
                                        + ": seal the value again with the current key, or put"
                                        + " the key back with `kubectl om-secrets keys restore"
                                        + " BACKUP-FILE`")
                                .healingAlone()));
  }

  /**
   * Only Secrets labeled {@value Labels#SOURCE}=true are read: the label is their owner's consent,
   * so a right to create OpenMetadataSecrets is not a right to copy any Secret of the namespace. A
   * missing source and an unlabeled one get the same answer, so a resource is no way to learn which
   * Secret names exist in a namespace its author cannot read.
   */
  private Resolution fromSource(String namespace, SecretKeySelector ref) {
    Optional<Secret> source = store.labeledSource(namespace, ref.getName());
    if (source.isEmpty()) {
      return Resolution.failed(
              Reason.SourceNotFound,
              "no Secret "
                  + ref.getName()
                  + " labeled "
                  + Labels.SOURCE_SELECTOR
                  + " in this namespace; the operator reads only Secrets labeled for it")
          .healingAlone();
    }
    Map<String, String> data = source.get().getData();
    if (data == null || !data.containsKey(ref.getKey())) {
      return Resolution.failed(
              Reason.SourceNotFound,
              "key " + ref.getKey() + " not found in source Secret " + ref.getName())
          .healingAlone();
    }
    return Resolution.of(Base64.getDecoder().decode(data.get(ref.getKey())));
  }

  /**
   * Either a value or a failure reason with a safe message.
   *
   * @param denied the admission rule the value broke, when it is one
   */
  /**
   * @param healsAlone the failure may end with no change to the resource (a source Secret appears
   *     or gains its label, a missing key comes back to the ring), so it is looked at again
   */
  public record Resolution(
      byte[] value, Reason failure, String message, Optional<Rule> denied, boolean healsAlone) {

    public static Resolution of(byte[] value) {
      return new Resolution(value, null, null, Optional.empty(), false);
    }

    static Resolution failed(Reason reason, String message) {
      return new Resolution(null, reason, message, Optional.empty(), false);
    }

    static Resolution denied(Denial denial) {
      return new Resolution(
          null, denial.reason(), denial.message(), Optional.of(denial.rule()), false);
    }

    Resolution healingAlone() {
      return new Resolution(value, failure, message, denied, true);
    }

    public boolean ok() {
      return failure == null;
    }
  }
}
