package org.openmetadata.secrets.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.crypto.KeyRing;

/** The merge rules that keep a retired key out of the ring and let a restore bring it back. */
class TombstonesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final KeyRing.SealingKey old = KeyRing.newKey(T0);
  private final KeyRing.SealingKey active = KeyRing.newKey(T0.plusSeconds(60));
  private final KeyRing ring = new KeyRing(List.of(old, active), new byte[32]);

  @Test
  void aRetiredKeyLeavesTheRingAndTheActiveKeyNeverDoes() {
    Tombstones marks = Tombstones.NONE.retire(old.id(), T0).retire(active.id(), T0);
    assertThat(marks.apply(ring).keys())
        .extracting(KeyRing.SealingKey::id)
        .containsExactly(active.id());
  }

  @Test
  void anOldBackupWithoutTheMarkDoesNotBringTheKeyBack() {
    Tombstones held = Tombstones.NONE.retire(old.id(), T0.plusSeconds(100));
    Tombstones fromOldBackup = Tombstones.NONE;
    Tombstones merged = held.merge(fromOldBackup);
    assertThat(merged.retired(old.id())).isTrue();
    assertThat(merged.apply(ring.union(ring)).find(old.id())).isEmpty();
  }

  @Test
  void aLaterRestoreWinsOverTheRetirementAProcessHolds() {
    Tombstones held = Tombstones.NONE.retire(old.id(), T0.plusSeconds(100));
    Tombstones stored = held.restore(old.id(), T0.plusSeconds(200));
    assertThat(held.merge(stored).retired(old.id())).isFalse();
    assertThat(stored.merge(held).retired(old.id())).isFalse();
    assertThat(held.merge(stored).apply(ring).find(old.id())).isPresent();
  }

  @Test
  void aNewMarkFollowsTheLastOneEvenWhenTheClockIsBehind() {
    Tombstones retired = Tombstones.NONE.retire(old.id(), T0.plusSeconds(100));
    Tombstones restored = retired.restore(old.id(), T0); // a clock 100 s behind
    assertThat(restored.merge(retired).retired(old.id())).isFalse();
    Tombstones again = restored.retire(old.id(), T0);
    assertThat(again.merge(restored).retired(old.id())).isTrue();
  }

  @Test
  void marksOfTheSameTimeMergeToRetired() {
    Tombstones retired = Tombstones.NONE.retire(old.id(), T0);
    Tombstones restored = Tombstones.NONE.restore(old.id(), T0);
    assertThat(retired.merge(restored).retired(old.id())).isTrue();
    assertThat(restored.merge(retired).retired(old.id())).isTrue();
  }

  @Test
  void marksSurviveTheSecretDataRoundTrip() {
    Tombstones marks = Tombstones.NONE.retire(old.id(), T0).restore("0123456789abcdef", T0);
    Map<String, String> data = new LinkedHashMap<>();
    marks.write(data);
    assertThat(data).containsOnlyKeys(old.id() + ".retired", "0123456789abcdef.restored");
    assertThat(Tombstones.read(data)).isEqualTo(marks);
  }
}
