package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class CachedValueTest {

  private static final int KEPT = CachedValue.KEPT_WHOLE_UP_TO;

  @Test
  void aShortValueIsKeptWholeAndALongerOneAsItsDigest() {
    String shortValue = "p".repeat(KEPT);
    String longValue = "p".repeat(KEPT + 1);

    assertThat(CachedValue.of(shortValue, KEPT)).isEqualTo(shortValue);
    assertThat(CachedValue.isWhole(CachedValue.of(shortValue, KEPT))).isTrue();
    assertThat(CachedValue.of(longValue, KEPT)).isEqualTo(CachedValue.digest(longValue));
    assertThat(CachedValue.isWhole(CachedValue.of(longValue, KEPT))).isFalse();
    assertThat(CachedValue.digest(shortValue)).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void aSealedValueKeepsItsHeaderWhenDigestedAndIsWholeWhenShort() throws Exception {
    var key = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
    Scope scope = new Scope("om", "s", "p/s");
    String shortSealed = Sealer.seal(key, scope, "pw".getBytes(StandardCharsets.UTF_8));
    String longSealed = Sealer.seal(key, scope, "pw".repeat(KEPT).getBytes(StandardCharsets.UTF_8));

    assertThat(CachedValue.ofSealed(shortSealed, KEPT)).isEqualTo(shortSealed);
    assertThat(CachedValue.isWholeSealed(shortSealed)).isTrue();
    String digested = CachedValue.ofSealed(longSealed, KEPT);
    assertThat(digested).startsWith(Sealer.headerOf(longSealed) + "sha256:");
    assertThat(CachedValue.isWholeSealed(digested)).isFalse();
    assertThat(CachedValue.ofSealed(digested, 0))
        .as("a digest reads back as itself")
        .isEqualTo(digested);
  }

  @Test
  void aValueWrittenInDigestFormIsNeverTakenForTheValueItself() {
    // An author may choose this very text: the cache cannot tell it from a digest, so the
    // reconciler reads it from the API server like any digested value.
    String lookalike = "sha256:" + "a".repeat(64);

    assertThat(CachedValue.of(lookalike, KEPT)).isEqualTo(lookalike);
    assertThat(CachedValue.isWhole(lookalike)).isFalse();
    assertThat(CachedValue.isWholeSealed("oms:v2:0123456789abcdef:" + lookalike)).isFalse();
    assertThat(CachedValue.isWhole(null)).isFalse();
    assertThat(CachedValue.of("", KEPT)).isEmpty();
  }
}
