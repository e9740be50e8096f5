package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Format v3: one value for the rings of several clusters, each opening it with its own key alone.
 * What every format shares (tampering, truncation, another scope) is in {@link SealerTest}.
 */
class SeveralRecipientsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Scope SCOPE =
      new Scope("openmetadata", "mysql-password", "database/mysql/password");

  /** Never in an error message. */
  private static final String VALUE = "hunter2-in-several-clusters";

  private static final String DOES_NOT_OPEN =
      "encryptedValue does not open for "
          + SCOPE
          + ": tampered, truncated, or sealed for another resource";

  /** Three clusters' rings, one key each. */
  private static KeyRing a;

  private static KeyRing b;
  private static KeyRing c;

  @BeforeAll
  static void rings() {
    a = KeyRing.generate(T0);
    b = KeyRing.generate(T0);
    c = KeyRing.generate(T0);
  }

  private static PublicKey key(KeyRing ring) {
    return ring.active().pair().getPublic();
  }

  private static String sealToAAndB() {
    return Sealer.seal(List.of(key(a), key(b)), SCOPE, VALUE.getBytes(StandardCharsets.UTF_8));
  }

  private static String open(KeyRing ring, String sealed) throws SealingException {
    return new String(Sealer.open(ring, SCOPE, sealed), StandardCharsets.UTF_8);
  }

  /** The value with its key ids and wraps replaced (the parts of {@code oms:v3:ids:wraps:...}). */
  private static String with(String sealed, List<String> keyIds, List<String> wraps) {
    String[] parts = sealed.split(":");
    parts[2] = String.join(",", keyIds);
    parts[3] = String.join(",", wraps);
    return String.join(":", parts);
  }

  private static List<String> wraps(String sealed) {
    return List.of(sealed.split(":")[3].split(","));
  }

  @Test
  void eachClusterOpensTheValueWithItsOwnKeyAlone() throws Exception {
    String sealed = sealToAAndB();
    assertThat(sealed).startsWith("oms:v3:" + a.active().id() + "," + b.active().id() + ":");
    assertThat(Sealer.keyIdsOf(sealed)).containsExactly(a.active().id(), b.active().id());
    assertThat(open(a, sealed)).isEqualTo(VALUE);
    assertThat(open(b, sealed)).isEqualTo(VALUE);
    assertThat(open(b.union(a), sealed)).as("a ring holding both").isEqualTo(VALUE);
  }

  /**
   * One X25519 open, with the ring's own recipient: another recipient's wrap is never read, so one
   * that would fail (an encapsulated key of small order, which the JDK refuses) does not matter to
   * b, while a, whose wrap it is, refuses the value.
   */
  @Test
  void openingReadsOnlyTheWrapOfTheRingsOwnRecipient() throws Exception {
    String sealed = sealToAAndB();
    List<String> wraps = new ArrayList<>(wraps(sealed));
    wraps.set(0, Base64.getEncoder().encodeToString(new byte[80]));
    String damaged = with(sealed, Sealer.keyIdsOf(sealed), wraps);
    assertThat(open(b, damaged)).isEqualTo(VALUE);
    assertThatThrownBy(() -> open(a, damaged))
        .hasMessage("encryptedValue does not open: its encapsulated key is damaged");
  }

  @Test
  void aRecipientRemovedAddedReorderedOrRelabelledMakesTheValueOpenNowhere() {
    String sealed = sealToAAndB();
    List<String> ids = Sealer.keyIdsOf(sealed);
    List<String> wraps = wraps(sealed);
    String cWrap = wraps(Sealer.seal(List.of(key(c), key(a)), SCOPE, new byte[] {1})).get(0);
    List<String> reversedIds = new ArrayList<>(ids);
    Collections.reverse(reversedIds);
    List<String> reversedWraps = new ArrayList<>(wraps);
    Collections.reverse(reversedWraps);
    List<String> changed =
        List.of(
            with(sealed, ids.subList(0, 1), wraps.subList(0, 1)),
            with(sealed, ids.subList(1, 2), wraps.subList(1, 2)),
            with(sealed, List.of(ids.get(0), ids.get(1), c.active().id()), plus(wraps, cWrap)),
            with(sealed, reversedIds, reversedWraps),
            with(sealed, reversedIds, wraps));
    for (String text : changed) {
      for (KeyRing ring : List.of(a, b)) {
        if (Sealer.keyIdsOf(text).contains(ring.active().id())) {
          assertThatThrownBy(() -> open(ring, text))
              .as(text.substring(0, 60))
              .hasMessage(DOES_NOT_OPEN);
        }
      }
    }
    String added = changed.get(2);
    assertThatThrownBy(() -> open(c, added))
        .as("the added recipient's own wrap opens, the value does not")
        .hasMessage(DOES_NOT_OPEN);
  }

  private static List<String> plus(List<String> list, String element) {
    List<String> all = new ArrayList<>(list);
    all.add(element);
    return all;
  }

  @Test
  void aRingHoldingNoneOfTheRecipientsNamesThemAll() {
    String sealed = sealToAAndB();
    assertThatThrownBy(() -> open(c, sealed))
        .isInstanceOf(SealingException.class)
        .hasMessage(
            "sealed with unknown keys "
                + a.active().id()
                + ","
                + b.active().id()
                + " (not in the operator's key ring)");
  }

  @Test
  void oneKeyInAListSealsAsBefore() {
    assertThat(Sealer.seal(List.of(key(a)), SCOPE, new byte[] {1}))
        .startsWith("oms:v2:" + a.active().id() + ":");
    KeyRing.SealingKey rsa = LegacyRsaKeys.generate(T0);
    assertThat(Sealer.seal(List.of(rsa.pair().getPublic()), SCOPE, new byte[] {1}))
        .startsWith("oms:v1:" + rsa.id() + ":");
  }

  @Test
  void sealingRefusesAnRsaKeyADuplicateNoKeyAndTooManyKeys() {
    KeyRing.SealingKey rsa = LegacyRsaKeys.generate(T0);
    byte[] value = VALUE.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Sealer.seal(List.of(key(a), rsa.pair().getPublic()), SCOPE, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key "
                + rsa.id()
                + " is an RSA key: a value for several keys needs X25519 keys (a cert.pem from"
                + " before format v2 is RSA; fetch the cluster's current cert.pem)");
    assertThatThrownBy(() -> Sealer.seal(List.of(key(a), key(b), key(a)), SCOPE, value))
        .hasMessage("key " + a.active().id() + " is given twice");
    assertThatThrownBy(() -> Sealer.seal(List.of(), SCOPE, value)).hasMessage("no key to seal to");
    List<PublicKey> seventeen = new ArrayList<>();
    for (int i = 0; i < Format.MAX_RECIPIENTS + 1; i++) {
      seventeen.add(key(KeyRing.generate(T0)));
    }
    assertThatThrownBy(() -> Sealer.seal(seventeen, SCOPE, value))
        .hasMessage("at most 16 keys can share one sealed value, not 17");
    assertThat(Sealer.seal(seventeen.subList(0, 16), SCOPE, value)).startsWith("oms:v3:");
  }

  @Test
  void malformedV3ValuesAreNamedWithoutTheirBytes() {
    String sealed = sealToAAndB();
    List<String> ids = Sealer.keyIdsOf(sealed);
    List<String> wraps = wraps(sealed);
    String id = ids.get(0);
    assertThat(
            List.of(
                failure(with(sealed, ids, List.of(wraps.get(0), "!!" + wraps.get(1)))),
                failure(with(sealed, ids, wraps.subList(0, 1))),
                failure(with(sealed, Collections.nCopies(17, id), Collections.nCopies(17, "AA"))),
                failure(with(sealed, ids, List.of(wraps.get(0), "AAAA"))),
                failure(with(sealed, List.of(id, "not-a-key-id"), wraps))))
        .containsExactly(
            "encryptedValue is malformed (bad base64)",
            "encryptedValue is malformed (2 key ids but 1 wrapped keys)",
            "encryptedValue is malformed (more than 16 recipients in format v3)",
            "encryptedValue is malformed (bad wrapped key length)",
            "encryptedValue is malformed (a key id is not 16 hex digits)");
  }

  /** The message opening with b gives; never one holding the value. */
  private static String failure(String text) {
    try {
      open(b, text);
    } catch (SealingException e) {
      assertThat(e.getMessage()).doesNotContain(VALUE).doesNotContain("hunter2");
      return e.getMessage();
    }
    throw new AssertionError("opened: " + Arrays.toString(text.split(":", 3)));
  }
}
