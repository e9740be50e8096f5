package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;

class SealerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Scope SCOPE = new Scope("openmetadata", "mysql-password", "database/mysql/password");
  private static KeyRing ring;

  @BeforeAll
  static void keys() {
    ring = KeyRing.generate(T0);
  }

  private static String seal(String value) {
    return Sealer.seal(ring.active().pair().getPublic(), SCOPE, value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTripsUnderTheSameScope() throws Exception {
    String sealed = seal("s3cr3t-ü");
    assertThat(sealed).startsWith("oms:v1:" + ring.active().id() + ":").doesNotContain("s3cr3t");
    assertThat(new String(Sealer.open(ring, SCOPE, sealed), StandardCharsets.UTF_8)).isEqualTo("s3cr3t-ü");
  }

  @Test
  void theLargestValueAnyPolicyAcceptsSealsWithinTheCrdBound() throws Exception {
    byte[] largest = new byte[OpenMetadataSecretSpec.MAX_VALUE_BYTES];
    new java.util.Random(4).nextBytes(largest);
    String sealed = Sealer.seal(ring.active().pair().getPublic(), SCOPE, largest);
    assertThat(sealed.length()).as("the arithmetic of MAX_ENCRYPTED_VALUE_LENGTH's comment").isEqualTo(1_334_082)
        .isLessThanOrEqualTo(OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH);
    assertThat(Sealer.open(ring, SCOPE, sealed + "\n")).as("with a block scalar's newline").isEqualTo(largest);
  }

  @Test
  void eachSealIsFreshSoEqualValuesDoNotLookEqual() {
    assertThat(seal("same")).isNotEqualTo(seal("same"));
  }

  @Test
  void aCopyToAnotherNamespaceNameOrPathDoesNotOpen() {
    String sealed = seal("v");
    for (Scope other : new Scope[] {
        new Scope("other-ns", SCOPE.name(), SCOPE.path()),
        new Scope(SCOPE.namespace(), "other-name", SCOPE.path()),
        new Scope(SCOPE.namespace(), SCOPE.name(), "database/other/password")}) {
      assertThatThrownBy(() -> Sealer.open(ring, other, sealed))
          .isInstanceOf(SealingException.class)
          .hasMessageContaining("does not open for " + other)
          .hasMessageContaining("sealed for another resource");
    }
  }

  @Test
  void tamperedCiphertextIvOrWrappedKeyDoesNotOpen() {
    String[] parts = seal("value").split(":");
    for (int part = 3; part <= 5; part++) {
      byte[] bytes = Base64.getDecoder().decode(parts[part]);
      bytes[bytes.length / 2] ^= 0x01;
      String[] tampered = parts.clone();
      tampered[part] = Base64.getEncoder().encodeToString(bytes);
      assertThatThrownBy(() -> Sealer.open(ring, SCOPE, String.join(":", tampered)))
          .isInstanceOf(SealingException.class);
    }
  }

  @Test
  void truncatedCiphertextDoesNotOpen() {
    String sealed = seal("a longer value to truncate");
    assertThatThrownBy(() -> Sealer.open(ring, SCOPE, sealed.substring(0, sealed.length() - 8)))
        .isInstanceOf(SealingException.class);
    String[] parts = sealed.split(":");
    assertThatThrownBy(() -> Sealer.open(ring, SCOPE, String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4])))
        .hasMessageContaining("not a sealed value");
  }

  @Test
  void aCiphertextShorterThanTheTagIsMalformedNotAnInternalError() {
    String[] parts = seal("value").split(":");
    for (int bytes = 0; bytes < 16; bytes++) {
      parts[5] = Base64.getEncoder().encodeToString(new byte[bytes]);
      assertThatThrownBy(() -> Sealer.open(ring, SCOPE, String.join(":", parts)))
          .isInstanceOf(SealingException.class)
          .hasMessage("encryptedValue is malformed (ciphertext shorter than its authentication tag)");
    }
  }

  /**
   * Property: every damaged form of a valid sealed value — the text cut at every length, each
   * binary part cut at every length or lengthened, a bit of every byte of each part flipped (every
   * 8th byte of the wrapped key) — fails with a
   * {@link SealingException} (DecryptionFailed, no retry), never another exception or a value.
   */
  @Test
  void everyTruncationOrFlippedByteIsASealingException() {
    // 23 bytes + the 16-byte tag encode without '=': the decoder accepts missing padding, so
    // cutting only padding would not damage anything.
    String sealed = seal("a value of 23 bytes....");
    assertThat(sealed).doesNotEndWith("=");
    java.util.List<String> damaged = new java.util.ArrayList<>();
    for (int length = 0; length < sealed.length(); length++) {
      damaged.add(sealed.substring(0, length));
    }
    String[] parts = sealed.split(":");
    for (int part = 3; part <= 5; part++) {
      byte[] bytes = Base64.getDecoder().decode(parts[part]);
      int step = Math.max(1, bytes.length / 64); // every 8th of the wrapped key's 512 bytes: RSA is slow
      for (int length = 0; length < bytes.length; length += step) {
        damaged.add(withPart(parts, part, java.util.Arrays.copyOf(bytes, length)));
      }
      damaged.add(withPart(parts, part, java.util.Arrays.copyOf(bytes, bytes.length + 1)));
      for (int i = 0; i < bytes.length; i += step) {
        byte[] flipped = bytes.clone();
        flipped[i] ^= (byte) (1 << (i % 8));
        damaged.add(withPart(parts, part, flipped));
      }
    }
    for (int i = 0; i < damaged.size(); i++) {
      String text = damaged.get(i);
      assertThatThrownBy(() -> Sealer.open(ring, SCOPE, text)).as("damaged form %d", i)
          .isInstanceOf(SealingException.class);
    }
  }

  private static String withPart(String[] parts, int part, byte[] bytes) {
    String[] copy = parts.clone();
    copy[part] = Base64.getEncoder().encodeToString(bytes);
    return String.join(":", copy);
  }

  @Test
  void aChangedKeyIdInTheHeaderDoesNotOpen() {
    KeyRing rotated = ring.rotated(T0.plusSeconds(1));
    String sealed = seal("v");
    String relabelled = sealed.replace(":" + ring.active().id() + ":", ":" + rotated.active().id() + ":");
    assertThatThrownBy(() -> Sealer.open(rotated, SCOPE, relabelled)).isInstanceOf(SealingException.class);
  }

  @Test
  void anUnknownKeyIsNamed() {
    KeyRing otherRing = KeyRing.generate(T0);
    String sealed = Sealer.seal(otherRing.active().pair().getPublic(), SCOPE, new byte[] {1});
    assertThatThrownBy(() -> Sealer.open(ring, SCOPE, sealed))
        .hasMessage("sealed with unknown key " + otherRing.active().id() + " (not in the operator's key ring)");
  }

  @Test
  void garbageIsReportedWithoutEchoingIt() {
    assertThatThrownBy(() -> Sealer.open(ring, SCOPE, "hunter2"))
        .hasMessage("encryptedValue is not a sealed value (expected oms:v1:...)");
    assertThatThrownBy(() -> Sealer.open(ring, SCOPE, "oms:v2:a:b:c:d")).hasMessageContaining("unsupported format version v2");
    assertThatThrownBy(() -> Sealer.open(ring, SCOPE, "oms:v1:" + ring.active().id() + ":!!:!!:!!"))
        .hasMessage("encryptedValue is malformed (bad base64)");
  }

  @Test
  void afterRotationNewValuesUseTheNewKeyAndOldOnesStillOpen() throws Exception {
    String old = seal("before");
    KeyRing rotated = ring.rotated(T0.plus(Duration.ofDays(31)));
    assertThat(rotated.active().id()).isNotEqualTo(ring.active().id());
    assertThat(rotated.keys()).hasSize(2);
    assertThat(new String(Sealer.open(rotated, SCOPE, old), StandardCharsets.UTF_8)).isEqualTo("before");
    String fresh = Sealer.seal(rotated.active().pair().getPublic(), SCOPE, "after".getBytes(StandardCharsets.UTF_8));
    assertThat(Sealer.keyIdOf(fresh)).isEqualTo(rotated.active().id());
    assertThat(new String(Sealer.open(rotated, SCOPE, fresh), StandardCharsets.UTF_8)).isEqualTo("after");
  }

  @Test
  void rotationIsDueOnlyAfterThePeriodAndNeverForZero() {
    assertThat(ring.rotationDue(T0.plus(Duration.ofDays(29)), Duration.ofDays(30))).isFalse();
    assertThat(ring.rotationDue(T0.plus(Duration.ofDays(30)), Duration.ofDays(30))).isTrue();
    assertThat(ring.rotationDue(T0.plus(Duration.ofDays(3000)), Duration.ZERO)).isFalse();
  }

  @Test
  void publicKeyPemRoundTripsAndKeepsTheKeyId() {
    String pem = Pem.publicKey(ring.active().pair().getPublic());
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    assertThat(KeyIds.of(Pem.parsePublicKey(pem))).isEqualTo(ring.active().id());
    assertThatThrownBy(() -> Pem.parsePublicKey("nope")).hasMessageContaining("not a PEM");
  }

  @Test
  void privateKeysRestoreFromPkcs8WithTheSameId() {
    var restored = KeyRing.fromPkcs8(ring.active().pair().getPrivate().getEncoded(), T0);
    assertThat(restored.id()).isEqualTo(ring.active().id());
  }
}
