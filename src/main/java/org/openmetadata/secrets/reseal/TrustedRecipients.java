package org.openmetadata.secrets.reseal;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.Pem;

/**
 * The extra recipients a ResealRequest may name: only keys the administrator trusts
 * (OM_SM_TRUSTED_RECIPIENTS). Anyone who holds a sealed value may ask to re-seal it, so an
 * arbitrary key would let them have it sealed to a key of their own and read it.
 */
public final class TrustedRecipients {

  /** The keys accepted, or why the request is refused (naming the key id, never more). */
  public record Check(List<PublicKey> accepted, String refusal) {
    public boolean ok() {
      return refusal == null;
    }
  }

  private final Map<String, PublicKey> trusted;

  public TrustedRecipients(List<PublicKey> trusted) {
    this.trusted =
        trusted.stream().collect(Collectors.toMap(KeyIds::of, Function.identity(), (a, b) -> a));
  }

  /** The trusted key of this id, if any. */
  public Optional<PublicKey> find(String keyId) {
    return Optional.ofNullable(trusted.get(keyId));
  }

  /** Each PEM of {@code pems} as a trusted key, or the first that is not one. */
  public Check check(List<String> pems) {
    List<PublicKey> accepted = new ArrayList<>();
    for (int i = 0; i < pems.size(); i++) {
      String keyId;
      try {
        keyId = KeyIds.of(Pem.parsePublicKey(pems.get(i)));
      } catch (IllegalArgumentException e) {
        return new Check(
            List.of(), "addRecipients[" + i + "] is not a PEM public key or certificate");
      }
      PublicKey key = trusted.get(keyId);
      if (key == null) {
        return new Check(
            List.of(),
            "recipient key "
                + keyId
                + " is not trusted by the operator (OM_SM_TRUSTED_RECIPIENTS, chart value"
                + " sealing.trustedRecipients); nothing was re-sealed");
      }
      if (!accepted.contains(key)) {
        accepted.add(key);
      }
    }
    return new Check(accepted, null);
  }
}
