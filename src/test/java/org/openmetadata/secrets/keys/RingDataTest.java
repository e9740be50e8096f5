package org.openmetadata.secrets.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.crypto.KeyRing;

/** What `keys retire` and `keys restore` do to the ring Secret's data, and what they refuse. */
class RingDataTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final KeyRing.SealingKey old = KeyRing.newKey(T0);
  private final KeyRing.SealingKey active = KeyRing.newKey(T0.plusSeconds(60));
  private final Map<String, String> data =
      RingData.of(new KeyRing(List.of(old, active), new byte[32]), Tombstones.NONE);

  @Test
  void retiringRemovesOnlyThatKeyAndMarksIt() {
    Map<String, String> retired = RingData.retire(data, old.id(), T0.plusSeconds(120));
    assertThat(retired).doesNotContainKeys(old.id() + ".key", old.id() + ".created");
    assertThat(retired).containsKey(old.id() + ".retired");
    assertThat(retired)
        .containsEntry(active.id() + ".key", data.get(active.id() + ".key"))
        .containsEntry("fingerprint.key", data.get("fingerprint.key"));
    assertThat(RingData.read(retired).ring().keys())
        .extracting(KeyRing.SealingKey::id)
        .containsExactly(active.id());
  }

  @Test
  void anOldBackupAppliedOverARetirementStillLacksTheKey() {
    Map<String, String> retired = new HashMap<>(RingData.retire(data, old.id(), T0));
    retired.putAll(RingData.entriesOf(data, old.id())); // kubectl apply of an old backup merges
    assertThat(RingData.read(retired).ring().find(old.id())).isEmpty();
  }

  @Test
  void theActiveKeyIsNeverRetired() {
    assertThatThrownBy(() -> RingData.retire(data, active.id(), T0))
        .hasMessage(
            "key "
                + active.id()
                + " is the active key: every new value is sealed to it, so it is never retired"
                + " (a rotation makes a new active key)");
  }

  @Test
  void anUnknownOrRetiredKeyIsRefused() {
    assertThatThrownBy(() -> RingData.retire(data, "0123456789abcdef", T0))
        .hasMessage("the key ring holds no key 0123456789abcdef");
    Map<String, String> retired = RingData.retire(data, old.id(), T0);
    assertThatThrownBy(() -> RingData.retire(retired, old.id(), T0))
        .hasMessage("key " + old.id() + " is retired already");
  }

  @Test
  void restoringTheBackupPutsTheKeyBackAndMarksItRestored() {
    Map<String, String> backup = RingData.entriesOf(data, old.id());
    Map<String, String> retired = RingData.retire(data, old.id(), T0.plusSeconds(10));
    RingData.Restored restored = RingData.restore(retired, backup, T0.plusSeconds(20));
    assertThat(restored.keyId()).isEqualTo(old.id());
    assertThat(restored.data())
        .containsEntry(old.id() + ".key", data.get(old.id() + ".key"))
        .containsKey(old.id() + ".restored")
        .doesNotContainKey(old.id() + ".retired");
    assertThat(RingData.read(restored.data()).ring().keys())
        .extracting(KeyRing.SealingKey::id)
        .containsExactly(old.id(), active.id());
  }

  @Test
  void aBackupMustHoldTheKeyItNames() {
    Map<String, String> retired = RingData.retire(data, old.id(), T0);
    Map<String, String> wrong = Map.of("0123456789abcdef.key", data.get(active.id() + ".key"));
    assertThatThrownBy(() -> RingData.restore(retired, wrong, T0))
        .hasMessage(
            "names key 0123456789abcdef but holds key "
                + active.id()
                + ": not a backup of 0123456789abcdef");
    assertThatThrownBy(() -> RingData.restore(data, RingData.entriesOf(data, old.id()), T0))
        .hasMessage("key " + old.id() + " is in the key ring already: nothing to restore");
  }
}
