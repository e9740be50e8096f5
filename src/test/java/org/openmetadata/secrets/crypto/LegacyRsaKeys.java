package org.openmetadata.secrets.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Instant;

/**
 * RSA-4096 sealing keys, as rings made before format v2 hold them: what v1 values are sealed to.
 */
public final class LegacyRsaKeys {

  private LegacyRsaKeys() {}

  public static KeyRing.SealingKey generate(Instant created) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(4096);
      return KeyRing.of(generator.generateKeyPair(), created);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
