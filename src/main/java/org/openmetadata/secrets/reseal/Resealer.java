package org.openmetadata.secrets.reseal;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openmetadata.secrets.api.ResealItem;
import org.openmetadata.secrets.api.ResealResult;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.crypto.SealingException;

/**
 * What becomes of one item of a ResealRequest: opened for its scope with the ring, then sealed
 * again to the ring's active key (and the accepted extra recipients), returned unchanged when it is
 * sealed so already, or refused with the reason it does not open. The plaintext exists only between
 * the open and the seal, and is zeroed before this returns.
 */
public final class Resealer {

  private Resealer() {}

  /**
   * @param trusted the keys that may be recipients besides the ring's: a value that names one keeps
   *     it, so re-sealing a value for several clusters keeps it opening in each of them
   * @param added keys to seal to as well, already checked as trusted
   * @param namespace the request's own namespace, never the item's: a request re-seals only values
   *     sealed for the namespace it was created in
   */
  public static ResealResult reseal(
      KeyRing ring,
      TrustedRecipients trusted,
      List<PublicKey> added,
      String namespace,
      ResealItem item) {
    Scope scope = new Scope(namespace, item.getName(), item.getPath());
    String sealed = item.getEncryptedValue().strip();
    byte[] plaintext;
    try {
      plaintext = Sealer.open(ring, scope, sealed);
    } catch (SealingException e) {
      return ResealResult.refused(item, e.getMessage());
    }
    try {
      List<PublicKey> to = new ArrayList<>();
      to.add(ring.active().pair().getPublic());
      to.addAll(added);
      Set<String> named = new HashSet<>(Sealer.keyIdsOf(sealed));
      for (String keyId : named) {
        if (ring.find(keyId).isPresent()) {
          continue; // this cluster's own key: replaced by the active one
        }
        Optional<PublicKey> other = trusted.find(keyId);
        if (other.isEmpty()) {
          return ResealResult.refused(
              item,
              "sealed also to key "
                  + keyId
                  + ", which this operator neither holds nor trusts (OM_SM_TRUSTED_RECIPIENTS):"
                  + " re-sealing it here would drop that recipient");
        }
        if (!to.contains(other.get())) {
          to.add(other.get());
        }
      }
      if (named.equals(new HashSet<>(to.stream().map(KeyIds::of).toList()))) {
        // Opened, so not tampered with: the caller keeps the ciphertext it has (no Git churn), and
        // the answer does not repeat it (a request's size is bounded).
        return ResealResult.current(item);
      }
      try {
        return ResealResult.resealed(item, Sealer.seal(to, scope, plaintext));
      } catch (IllegalArgumentException e) {
        // Too many keys, or a trusted RSA key among several: the message names the rule broken.
        return ResealResult.refused(item, e.getMessage());
      }
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }
}
