package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
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

/**
 * Every format: v2 (HPKE, X25519 keys), v1 (RSA-OAEP, the RSA keys of rings made before v2) and v3
 * (several X25519 keys; here the ring holds the second recipient, so opening passes over the
 * first).
 */
class SealerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** oms, version, key ids, then the binary parts up to the last. */
  private static final int FIRST_BINARY_PART = 3;

  private static final Scope SCOPE =
      new Scope("openmetadata", "mysql-password", "database/mysql/password");

  /** Per format, a ring of two keys of that kind; the second is active. */
  private static KeyRing x25519Ring;

  private static KeyRing rsaRing;

  /** Another cluster's ring: the first recipient of v3 values. */
  private static KeyRing otherCluster;

  @BeforeAll
  static void keys() {
    x25519Ring = KeyRing.generate(T0).rotated(T0.plusSeconds(1));
    otherCluster = KeyRing.generate(T0);
    rsaRing =
        new KeyRing(
            List.of(LegacyRsaKeys.generate(T0), LegacyRsaKeys.generate(T0.plusSeconds(1))),
            new byte[32]);
  }

  private static KeyRing ring(Format format) {
    return format == Format.V1 ? rsaRing : x25519Ring;
  }

  /** The keys a value of this format is sealed to here. */
  private static List<KeyRing.SealingKey> recipients(Format format) {
    return format == Format.V3
        ? List.of(otherCluster.active(), x25519Ring.active())
        : List.of(ring(format).active());
  }

  private static String seal(Format format, String value) {
    return Sealer.seal(
        recipients(format).stream().map(k -> k.pair().getPublic()).toList(),
        SCOPE,
        value.getBytes(StandardCharsets.UTF_8));
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
    List<String> keyIds = recipients(format).stream().map(KeyRing.SealingKey::id).toList();
    assertThat(sealed)
        .startsWith("oms:" + format.version + ":" + String.join(",", keyIds) + ":")
        .doesNotContain("s3cr3t");
    assertThat(Sealer.keyIdsOf(sealed)).isEqualTo(keyIds);
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
    List<KeyRing> most = mostRecipients();
    String v3 = Sealer.seal(keysOf(most), SCOPE, largest);
    assertThat(v3.length())
        .as("v3 to the most keys: the longest")
        .isEqualTo(1_335_396)
        .isLessThanOrEqualTo(OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH);
    assertThat(Sealer.open(most.get(15), SCOPE, v3 + "\n")).isEqualTo(largest);
  }

  /** Rings of {@value Format#MAX_RECIPIENTS} clusters, one key each. */
  private static List<KeyRing> mostRecipients() {
    List<KeyRing> rings = new ArrayList<>();
    for (int i = 0; i < Format.MAX_RECIPIENTS; i++) {
      rings.add(KeyRing.generate(T0));
    }
    return rings;
  }

  private static List<PublicKey> keysOf(List<KeyRing> rings) {
    return rings.stream().map(r -> r.active().pair().getPublic()).toList();
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
    String v3 = Sealer.seal(keysOf(mostRecipients()), SCOPE, value);
    assertThat(v3.length() + 1)
        .as("v3 to the most keys")
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
    for (Piece piece : pieces(seal(format, "value"))) {
      if (format == Format.V3 && piece.wrap() == 0) {
        continue; // the other cluster's wrap: this ring never reads it (aV3ValueOpens...)
      }
      byte[] bytes = piece.bytes();
      bytes[bytes.length / 2] ^= 0x01;
      String tampered = piece.with(bytes);
      assertThatThrownBy(() -> Sealer.open(ring(format), SCOPE, tampered))
          .isInstanceOf(SealingException.class)
          .hasMessageStartingWith("encryptedValue does not open")
          .hasMessageNotContaining("value");
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
        .hasMessage(
            "encryptedValue is not a sealed value (expected oms:v3:..., oms:v2:... or oms:v1:...)");
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
    for (Piece piece : pieces(sealed)) {
      if (format == Format.V3 && piece.wrap() == 0) {
        continue; // the other cluster's wrap: this ring never reads it
      }
      byte[] bytes = piece.bytes();
      int step =
          Math.max(1, bytes.length / 64); // every 8th of the wrapped key's 512 bytes: RSA is slow
      for (int length = 0; length < bytes.length; length += step) {
        damaged.add(piece.with(Arrays.copyOf(bytes, length)));
      }
      damaged.add(piece.with(Arrays.copyOf(bytes, bytes.length + 1)));
      for (int i = 0; i < bytes.length; i += step) {
        byte[] flipped = bytes.clone();
        flipped[i] ^= (byte) (1 << (i % 8));
        damaged.add(piece.with(flipped));
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
    return new Piece(parts, part, 0).with(bytes);
  }

  /**
   * One binary piece of a sealed value: a part after the key ids, or one recipient's {@code wrap}
   * of v3's comma-separated list (the only list: every other part is one piece, {@code wrap} 0).
   */
  private record Piece(String[] parts, int part, int wrap) {
    byte[] bytes() {
      return Base64.getDecoder().decode(parts[part].split(",")[wrap]);
    }

    String with(byte[] bytes) {
      String[] wraps = parts[part].split(",");
      wraps[wrap] = Base64.getEncoder().encodeToString(bytes);
      String[] copy = parts.clone();
      copy[part] = String.join(",", wraps);
      return String.join(":", copy);
    }
  }

  private static List<Piece> pieces(String sealed) {
    String[] parts = sealed.split(":");
    List<Piece> pieces = new ArrayList<>();
    for (int part = FIRST_BINARY_PART; part < parts.length; part++) {
      for (int wrap = 0; wrap < parts[part].split(",").length; wrap++) {
        pieces.add(new Piece(parts, part, wrap));
      }
    }
    return pieces;
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aChangedKeyIdInTheHeaderDoesNotOpen(Format format) {
    KeyRing keys = ring(format);
    String other = keys.keys().get(0).id();
    String relabelled = seal(format, "v").replaceFirst(keys.active().id(), other);
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
  @EnumSource(
      value = Format.class,
      names = {"V1", "V2"})
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
        .hasMessage(
            "encryptedValue is not a sealed value (expected oms:v3:..., oms:v2:... or oms:v1:...)");
    assertThatThrownBy(() -> Sealer.open(x25519Ring, SCOPE, "oms:v9:a:b:c"))
        .hasMessage("encryptedValue has unsupported format version v9");
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
  void theKeyIdsAreReadFromTheHeaderAloneAndAreNoneForTextThatIsNoSealedValue() {
    String a = "0123456789abcdef";
    String b = "fedcba9876543210";
    assertThat(Sealer.keyIdsOf("  oms:v2:" + a + ":not base64 at all")).containsExactly(a);
    assertThat(Sealer.keyIdsOf("oms:v1:" + b + ":x:y:z")).containsExactly(b);
    assertThat(Sealer.keyIdsOf("oms:v3:" + b + "," + a + ":x")).containsExactly(b, a);
    assertThat(Sealer.headerOf("oms:v3:" + b + "," + a + ":x"))
        .isEqualTo("oms:v3:" + b + "," + a + ":");
    assertThat(Sealer.keyIdsOf("oms:v2:" + b + "," + a + ":x")).as("one key in v2").isEmpty();
    assertThat(Sealer.keyIdsOf("oms:v3:" + (a + ",").repeat(16) + a + ":x"))
        .as("17 keys")
        .isEmpty();
    assertThat(Sealer.headerOf("oms:v3:" + (a + ",").repeat(15) + a + ":x"))
        .as("16 keys: the longest header")
        .hasSize(279);
    assertThat(Sealer.keyIdsOf("oms:v2:0123abcd:x:y")).as("not 16 hex digits").isEmpty();
    assertThat(Sealer.keyIdsOf("oms:v9:" + a + ":x:y")).isEmpty();
    assertThat(Sealer.keyIdsOf("sealed:v2:" + a + ":x")).isEmpty();
    assertThat(Sealer.keyIdsOf("oms:v2:" + a)).isEmpty();
    assertThat(Sealer.keyIdsOf("plain text")).isEmpty();
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
    assertThat(Sealer.keyIdsOf(fresh)).containsExactly(rotated.active().id());
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
  @EnumSource(
      value = Format.class,
      names = {"V1", "V2"})
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
  @EnumSource(
      value = Format.class,
      names = {"V1", "V2"})
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
