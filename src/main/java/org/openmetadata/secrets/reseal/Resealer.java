package org.openmetadata.secrets.reseal;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
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
   * @param namespace the request's own namespace, never the item's: a request re-seals only values
   *     sealed for the namespace it was created in
   * @param recipients keys to seal to besides the ring's active key, already checked as trusted
   */
  public static ResealResult reseal(
      KeyRing ring, List<PublicKey> recipients, String namespace, ResealItem item) {
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
      to.addAll(recipients);
      if (sealedTo(sealed).equals(new HashSet<>(to.stream().map(KeyIds::of).toList()))) {
        // Opened, so not tampered with: the caller keeps the ciphertext it has (no Git churn), and
        // the answer does not repeat it (a request's size is bounded).
        return ResealResult.current(item);
      }
      return ResealResult.resealed(item, seal(to, scope, plaintext));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The key ids the value names in its header (it opened, so the header is well formed). */
  private static HashSet<String> sealedTo(String sealed) {
    return new HashSet<>(Sealer.keyIdsOf(sealed));
  }

  private static String seal(List<PublicKey> to, Scope scope, byte[] plaintext) {
    if (to.size() > 1) {
      throw new UnsupportedOperationException("sealing to several recipients needs format v3");
    }
    return Sealer.seal(to.get(0), scope, plaintext);
  }
}
