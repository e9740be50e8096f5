package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ring's pure parts: value fingerprints, and how a running operator merges a stored ring. */
class KeyRingTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static KeyRing ring;
  private static KeyRing rotated;

  @BeforeAll
  static void keys() {
    ring = KeyRing.generate(T0);
    rotated = ring.rotated(T0.plusSeconds(60));
  }

  private static String fingerprint(
      KeyRing keys, String namespace, String name, String uid, String value) {
    return keys.fingerprint(namespace, name, uid, value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFingerprintIsStableForOneResourceAndValueAndChangesWithTheValue() {
    assertThat(fingerprint(ring, "ns", "db", "uid-1", "v"))
        .hasSize(16)
        .matches("[0-9a-f]+")
        .isEqualTo(fingerprint(ring, "ns", "db", "uid-1", "v"));
    assertThat(fingerprint(ring, "ns", "db", "uid-1", "w"))
        .isNotEqualTo(fingerprint(ring, "ns", "db", "uid-1", "v"));
  }

  @Test
  void theSameValueInAnotherResourceGivesAnUnrelatedFingerprint() {
    String victim = fingerprint(ring, "team-b", "db", "uid-1", "hunter2");
    assertThat(fingerprint(ring, "team-a", "db", "uid-1", "hunter2"))
        .as("another namespace")
        .isNotEqualTo(victim);
    assertThat(fingerprint(ring, "team-b", "guess", "uid-1", "hunter2"))
        .as("another name")
        .isNotEqualTo(victim);
    assertThat(fingerprint(ring, "team-b", "db", "uid-2", "hunter2"))
        .as("re-created: another UID")
        .isNotEqualTo(victim);
    assertThat(fingerprint(ring, "team-b", "d", "buid-1", "hunter2"))
        .as("no ambiguity where the parts meet")
        .isNotEqualTo(fingerprint(ring, "team-b", "db", "uid-1", "hunter2"));
  }

  @Test
  void aFingerprintSurvivesRotationButNotAnotherRing() {
    String before = fingerprint(ring, "ns", "db", "uid-1", "v");
    assertThat(fingerprint(rotated, "ns", "db", "uid-1", "v")).isEqualTo(before);
    assertThat(fingerprint(KeyRing.generate(T0), "ns", "db", "uid-1", "v")).isNotEqualTo(before);
  }

  @Test
  void theUnionKeepsEveryHeldKeyAddsTheStoredOnesAndKeepsTheHeldFingerprintKey() {
    KeyRing stranger = KeyRing.generate(T0);
    KeyRing union = ring.union(stranger);
    assertThat(union.keys())
        .extracting(KeyRing.SealingKey::id)
        .containsExactlyInAnyOrder(ring.active().id(), stranger.active().id());
    assertThat(union.fingerprintKey()).isEqualTo(ring.fingerprintKey());
    assertThat(union.sameKeys(stranger)).as("the stored ring must be written back").isFalse();
  }

  @Test
  void aStoredRingWithAPeersNewKeyIsTakenAsItIs() {
    KeyRing union = ring.union(rotated);
    assertThat(union.sameKeys(rotated)).as("nothing to write back").isTrue();
    assertThat(union.active().id()).isEqualTo(rotated.active().id());
    assertThat(rotated.union(ring).sameKeys(rotated)).as("an older copy only lacks a key").isTrue();
  }
}
