package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;

/** Both formats: v2 (HPKE, X25519 keys) and v1 (RSA-OAEP, the RSA keys of rings made before v2). */
class SealerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** oms, version, key id, then the binary parts up to the last. */
  private static final int FIRST_BINARY_PART = 3;

  private static final Scope SCOPE =
      new Scope("openmetadata", "mysql-password", "database/mysql/password");

  /** Per format, a ring of two keys of that kind; the second is active. */
  private static KeyRing x25519Ring;

  private static KeyRing rsaRing;

  @BeforeAll
  static void keys() {
    x25519Ring = KeyRing.generate(T0).rotated(T0.plusSeconds(1));
    rsaRing =
        new KeyRing(
            List.of(LegacyRsaKeys.generate(T0), LegacyRsaKeys.generate(T0.plusSeconds(1))),
            new byte[32]);
  }

  private static KeyRing ring(Format format) {
    return format == Format.V2 ? x25519Ring : rsaRing;
  }

  private static String seal(Format format, String value) {
    return seal(ring(format), value);
  }

  private static String seal(KeyRing keys, String value) {
    return Sealer.seal(
        keys.active().pair().getPublic(), SCOPE, value.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void roundTripsUnderTheSameScopeInTheFormatOfTheKey(Format format) throws Exception {
    KeyRing keys = ring(format);
    String sealed = seal(format, "s3cr3t-ü");
    assertThat(sealed)
        .startsWith("oms:" + format.version + ":" + keys.active().id() + ":")
        .doesNotContain("s3cr3t");
    assertThat(sealed.split(":")).hasSize(format == Format.V2 ? 5 : 6);
    assertThat(new String(Sealer.open(keys, SCOPE, sealed), StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t-ü");
  }

  @Test
  void theLargestValueAnyPolicyAcceptsSealsWithinTheCrdBound() throws Exception {
    byte[] largest = new byte[OpenMetadataSecretSpec.MAX_VALUE_BYTES];
    new Random(4).nextBytes(largest);
    String v1 = Sealer.seal(rsaRing.active().pair().getPublic(), SCOPE, largest);
    assertThat(v1.length())
        .as("the arithmetic of MAX_ENCRYPTED_VALUE_LENGTH's comment")
        .isEqualTo(1_334_082)
        .isLessThanOrEqualTo(OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH);
    assertThat(Sealer.open(rsaRing, SCOPE, v1 + "\n"))
        .as("with a block scalar's newline")
        .isEqualTo(largest);
    String v2 = Sealer.seal(x25519Ring.active().pair().getPublic(), SCOPE, largest);
    assertThat(v2.length()).as("v2, shorter: no wrapped key or IV").isEqualTo(1_333_425);
    assertThat(Sealer.open(x25519Ring, SCOPE, v2 + "\n")).isEqualTo(largest);
  }

  /**
   * The admission policy's bound on encryptedValue, derived from the policy's size, never refuses a
   * sealable value.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 262_144, 262_145, 999_999})
  void aValueOfThePolicysSizeSealsWithinTheBoundDerivedFromIt(int bytes) {
    byte[] value = new byte[bytes];
    String v1 = Sealer.seal(rsaRing.active().pair().getPublic(), SCOPE, value);
    assertThat(v1.length() + 1)
        .isLessThanOrEqualTo(OpenMetadataSecretSpec.maxEncryptedLength(bytes));
    assertThat(OpenMetadataSecretSpec.maxEncryptedLength(OpenMetadataSecretSpec.MAX_VALUE_BYTES))
        .isEqualTo(OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void eachSealIsFreshSoEqualValuesDoNotLookEqual(Format format) {
    assertThat(seal(format, "same")).isNotEqualTo(seal(format, "same"));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aCopyToAnotherNamespaceNameOrPathDoesNotOpen(Format format) {
    String sealed = seal(format, "v");
    for (Scope other :
        new Scope[] {
          new Scope("other-ns", SCOPE.name(), SCOPE.path()),
          new Scope(SCOPE.namespace(), "other-name", SCOPE.path()),
          new Scope(SCOPE.namespace(), SCOPE.name(), "database/other/password")
        }) {
      assertThatThrownBy(() -> Sealer.open(ring(format), other, sealed))
          .isInstanceOf(SealingException.class)
          .hasMessage(
              "encryptedValue does not open for "
                  + other
                  + ": tampered, truncated, or sealed for another resource");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aTamperedBinaryPartDoesNotOpen(Format format) {
    String[] parts = seal(format, "value").split(":");
    for (int part = FIRST_BINARY_PART; part < parts.length; part++) {
      byte[] bytes = Base64.getDecoder().decode(parts[part]);
      bytes[bytes.length / 2] ^= 0x01;
      String tampered = withPart(parts, part, bytes);
      assertThatThrownBy(() -> Sealer.open(ring(format), SCOPE, tampered))
          .isInstanceOf(SealingException.class)
          .hasMessageStartingWith("encryptedValue does not open");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aValueMissingAPartIsNotASealedValue(Format format) {
    String sealed = seal(format, "a longer value to truncate");
    assertThatThrownBy(
            () -> Sealer.open(ring(format), SCOPE, sealed.substring(0, sealed.length() - 8)))
        .isInstanceOf(SealingException.class);
    String withoutLast = sealed.substring(0, sealed.lastIndexOf(':'));
    assertThatThrownBy(() -> Sealer.open(ring(format), SCOPE, withoutLast))
        .hasMessage("encryptedValue is not a sealed value (expected oms:v2:... or oms:v1:...)");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aCiphertextShorterThanTheTagIsMalformedNotAnInternalError(Format format) {
    String[] parts = seal(format, "value").split(":");
    for (int bytes = 0; bytes < 16; bytes++) {
      String shortened = withPart(parts, parts.length - 1, new byte[bytes]);
      assertThatThrownBy(() -> Sealer.open(ring(format), SCOPE, shortened))
          .isInstanceOf(SealingException.class)
          .hasMessage(
              "encryptedValue is malformed (ciphertext shorter than its authentication tag)");
    }
  }

  /**
   * Property: every damaged form of a valid sealed value — the text cut at every length, each
   * binary part cut at every length or lengthened, a bit of every byte of each part flipped (every
   * 8th byte of v1's wrapped key) — fails with a {@link SealingException} (DecryptionFailed, no
   * retry), never another exception or a value.
   */
  @ParameterizedTest
  @EnumSource(Format.class)
  void everyTruncationOrFlippedByteIsASealingException(Format format) {
    // 23 bytes + the 16-byte tag encode without '=': the decoder accepts missing padding, so
    // cutting only padding would not damage anything.
    String sealed = seal(format, "a value of 23 bytes....");
    assertThat(sealed).doesNotEndWith("=");
    List<String> damaged = new ArrayList<>();
    for (int length = 0; length < sealed.length(); length++) {
      damaged.add(sealed.substring(0, length));
    }
    String[] parts = sealed.split(":");
    for (int part = FIRST_BINARY_PART; part < parts.length; part++) {
      byte[] bytes = Base64.getDecoder().decode(parts[part]);
      int step =
          Math.max(1, bytes.length / 64); // every 8th of the wrapped key's 512 bytes: RSA is slow
      for (int length = 0; length < bytes.length; length += step) {
        damaged.add(withPart(parts, part, Arrays.copyOf(bytes, length)));
      }
      damaged.add(withPart(parts, part, Arrays.copyOf(bytes, bytes.length + 1)));
      for (int i = 0; i < bytes.length; i += step) {
        byte[] flipped = bytes.clone();
        flipped[i] ^= (byte) (1 << (i % 8));
        damaged.add(withPart(parts, part, flipped));
      }
    }
    for (int i = 0; i < damaged.size(); i++) {
      String text = damaged.get(i);
      assertThatThrownBy(() -> Sealer.open(ring(format), SCOPE, text))
          .as("damaged form %d", i)
          .isInstanceOf(SealingException.class);
    }
  }

  private static String withPart(String[] parts, int part, byte[] bytes) {
    String[] copy = parts.clone();
    copy[part] = Base64.getEncoder().encodeToString(bytes);
    return String.join(":", copy);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aChangedKeyIdInTheHeaderDoesNotOpen(Format format) {
    KeyRing keys = ring(format);
    String other = keys.keys().get(0).id();
    String relabelled =
        seal(format, "v").replace(":" + keys.active().id() + ":", ":" + other + ":");
    assertThatThrownBy(() -> Sealer.open(keys, SCOPE, relabelled))
        .isInstanceOf(SealingException.class)
        .hasMessageStartingWith("encryptedValue does not open");
  }

  @Test
  void aValueRelabelledToAKeyOfTheOtherKindIsMalformed() {
    KeyRing upgraded = rsaRing.rotated(T0.plusSeconds(2));
    String rsaKey = rsaRing.active().id();
    String x25519Key = upgraded.active().id();
    String v2 = seal(upgraded, "v").replace(":" + x25519Key + ":", ":" + rsaKey + ":");
    assertThatThrownBy(() -> Sealer.open(upgraded, SCOPE, v2))
        .hasMessage("encryptedValue is malformed (format v2 does not match key " + rsaKey + ")");
    String v1 = seal(rsaRing, "v").replace(":" + rsaKey + ":", ":" + x25519Key + ":");
    assertThatThrownBy(() -> Sealer.open(upgraded, SCOPE, v1))
        .hasMessage("encryptedValue is malformed (format v1 does not match key " + x25519Key + ")");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void anUnknownKeyIsNamed(Format format) {
    KeyRing otherRing =
        format == Format.V2
            ? KeyRing.generate(T0)
            : new KeyRing(List.of(LegacyRsaKeys.generate(T0)), new byte[32]);
    String sealed = seal(otherRing, "v");
    assertThatThrownBy(() -> Sealer.open(ring(format), SCOPE, sealed))
        .hasMessage(
            "sealed with unknown key "
                + otherRing.active().id()
                + " (not in the operator's key ring)");
  }

  @Test
  void garbageIsReportedWithoutEchoingIt() {
    String v2Key = x25519Ring.active().id();
    assertThatThrownBy(() -> Sealer.open(x25519Ring, SCOPE, "hunter2"))
        .hasMessage("encryptedValue is not a sealed value (expected oms:v2:... or oms:v1:...)");
    assertThatThrownBy(() -> Sealer.open(x25519Ring, SCOPE, "oms:v3:a:b:c"))
        .hasMessage("encryptedValue has unsupported format version v3");
    assertThatThrownBy(() -> Sealer.open(x25519Ring, SCOPE, "oms:v2:" + v2Key + ":AAAA:AAAA:AAAA"))
        .as("v1's six parts under v2")
        .hasMessageContaining("not a sealed value");
    assertThatThrownBy(() -> Sealer.open(x25519Ring, SCOPE, "oms:v2:" + v2Key + ":!!:!!"))
        .hasMessage("encryptedValue is malformed (bad base64)");
    assertThatThrownBy(
            () -> Sealer.open(rsaRing, SCOPE, "oms:v1:" + rsaRing.active().id() + ":!!:!!:!!"))
        .hasMessage("encryptedValue is malformed (bad base64)");
  }

  @Test
  void aV2EncapsulatedKeyOfTheWrongLengthOrOfSmallOrderIsNamedSo() {
    String[] parts = seal(Format.V2, "value").split(":");
    assertThatThrownBy(() -> Sealer.open(x25519Ring, SCOPE, withPart(parts, 3, new byte[31])))
        .hasMessage("encryptedValue is malformed (bad encapsulated key length)");
    assertThatThrownBy(() -> Sealer.open(x25519Ring, SCOPE, withPart(parts, 3, new byte[32])))
        .as("u = 0, whose shared secret is all zeros")
        .hasMessage("encryptedValue does not open: its encapsulated key is damaged");
  }

  @Test
  void anRsaRingMovesToX25519WhereOldValuesStillOpen() throws Exception {
    String old = seal(rsaRing, "before");
    assertThat(rsaRing.rotationDue(T0, Duration.ofDays(30)))
        .as("an RSA active key is due at once")
        .isTrue();
    assertThat(rsaRing.rotationDue(T0, Duration.ZERO)).as("even when rotation is off").isTrue();
    KeyRing upgraded = rsaRing.rotated(T0.plusSeconds(60));
    assertThat(upgraded.keys()).hasSize(3);
    assertThat(upgraded.rotationDue(T0.plusSeconds(60), Duration.ofDays(30))).isFalse();
    assertThat(new String(Sealer.open(upgraded, SCOPE, old), StandardCharsets.UTF_8))
        .isEqualTo("before");
    String fresh = seal(upgraded, "after");
    assertThat(fresh).startsWith("oms:v2:" + upgraded.active().id() + ":");
    assertThat(new String(Sealer.open(upgraded, SCOPE, fresh), StandardCharsets.UTF_8))
        .isEqualTo("after");
  }

  @Test
  void theKeyIdIsReadFromTheHeaderAloneAndIsEmptyForTextThatIsNoSealedValue() {
    assertThat(Sealer.keyIdOf("  oms:v2:0123abcd:not base64 at all")).isEqualTo("0123abcd");
    assertThat(Sealer.keyIdOf("oms:v1:89efcdab:x:y:z")).isEqualTo("89efcdab");
    assertThat(Sealer.keyIdOf("oms:v9:0123abcd:x:y")).isEmpty();
    assertThat(Sealer.keyIdOf("sealed:v2:0123abcd:x")).isEmpty();
    assertThat(Sealer.keyIdOf("oms:v2:0123abcd")).isEmpty();
    assertThat(Sealer.keyIdOf("plain text")).isEmpty();
  }

  @Test
  void afterRotationNewValuesUseTheNewKeyAndOldOnesStillOpen() throws Exception {
    KeyRing ring = KeyRing.generate(T0);
    String old = seal(ring, "before");
    KeyRing rotated = ring.rotated(T0.plus(Duration.ofDays(31)));
    assertThat(rotated.active().id()).isNotEqualTo(ring.active().id());
    assertThat(rotated.keys()).hasSize(2);
    assertThat(new String(Sealer.open(rotated, SCOPE, old), StandardCharsets.UTF_8))
        .isEqualTo("before");
    String fresh = seal(rotated, "after");
    assertThat(Sealer.keyIdOf(fresh)).isEqualTo(rotated.active().id());
    assertThat(new String(Sealer.open(rotated, SCOPE, fresh), StandardCharsets.UTF_8))
        .isEqualTo("after");
  }

  @Test
  void rotationIsDueOnlyAfterThePeriodAndNeverForZero() {
    KeyRing ring = KeyRing.generate(T0);
    assertThat(ring.rotationDue(T0.plus(Duration.ofDays(29)), Duration.ofDays(30))).isFalse();
    assertThat(ring.rotationDue(T0.plus(Duration.ofDays(30)), Duration.ofDays(30))).isTrue();
    assertThat(ring.rotationDue(T0.plus(Duration.ofDays(3000)), Duration.ZERO)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void publicKeyPemRoundTripsAndKeepsTheKeyId(Format format) {
    KeyRing keys = ring(format);
    String pem = Pem.publicKey(keys.active().pair().getPublic());
    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    assertThat(KeyIds.of(Pem.parsePublicKey(pem))).isEqualTo(keys.active().id());
    assertThat(Format.of(Pem.parsePublicKey(pem))).contains(format);
  }

  @Test
  void pemRefusesKeysItCannotSealTo() throws Exception {
    assertThatThrownBy(() -> Pem.parsePublicKey("nope")).hasMessageContaining("not a PEM");
    for (String algorithm : new String[] {"X448", "Ed25519", "EC"}) {
      var pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
      assertThatThrownBy(() -> Pem.parsePublicKey(Pem.publicKey(pair.getPublic())))
          .as(algorithm)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not an X25519 or RSA public key");
      assertThatThrownBy(() -> Sealer.seal(pair.getPublic(), SCOPE, new byte[1]))
          .as(algorithm)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> KeyRing.fromPkcs8(pair.getPrivate().getEncoded(), T0))
          .as(algorithm)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not an X25519 or RSA private key in PKCS#8");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void privateKeysRestoreFromPkcs8WithTheSameIdAndOpen(Format format) throws Exception {
    KeyRing keys = ring(format);
    KeyRing.SealingKey restored =
        KeyRing.fromPkcs8(keys.active().pair().getPrivate().getEncoded(), T0);
    assertThat(restored.id()).isEqualTo(keys.active().id());
    assertThat(restored.pair().getPublic()).isEqualTo(keys.active().pair().getPublic());
    String sealed = seal(keys, "v");
    assertThat(Sealer.open(new KeyRing(List.of(restored), new byte[32]), SCOPE, sealed))
        .isEqualTo("v".getBytes(StandardCharsets.UTF_8));
  }
}
