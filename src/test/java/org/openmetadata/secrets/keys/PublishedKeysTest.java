package org.openmetadata.secrets.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.LegacyRsaKeys;
import org.openmetadata.secrets.crypto.Pem;

/** The ring as its ConfigMap lists it for users who may not read the private ring. */
class PublishedKeysTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void everyKeyIsListedWithItsAlgorithmCreationAndWhetherActive() {
    KeyRing.SealingKey rsa = LegacyRsaKeys.generate(T0);
    KeyRing.SealingKey x25519 = KeyRing.newKey(T0.plusSeconds(60));
    Map<String, String> data = PublishedKeys.data(new KeyRing(List.of(rsa, x25519), new byte[32]));
    assertThat(data)
        .containsEntry("cert.pem", Pem.publicKey(x25519.pair().getPublic()))
        .containsEntry("active", x25519.id())
        .containsEntry(rsa.id() + ".algorithm", "RSA-4096")
        .containsEntry(x25519.id() + ".created", T0.plusSeconds(60).toString());
    assertThat(String.join("", data.values())).doesNotContain("PRIVATE");
    assertThat(PublishedKeys.read(data))
        .containsExactly(
            new PublishedKeys.Key(rsa.id(), "RSA-4096", T0, false),
            new PublishedKeys.Key(x25519.id(), "X25519", T0.plusSeconds(60), true));
  }

  @Test
  void aConfigMapThatPublishesTheActiveKeyOnlyListsThatKey() {
    KeyRing.SealingKey key = KeyRing.newKey(T0);
    assertThat(PublishedKeys.read(Map.of("cert.pem", Pem.publicKey(key.pair().getPublic()))))
        .containsExactly(new PublishedKeys.Key(key.id(), "X25519", Instant.EPOCH, true));
  }
}
