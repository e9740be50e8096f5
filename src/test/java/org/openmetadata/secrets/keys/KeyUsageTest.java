package org.openmetadata.secrets.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.crypto.CachedValue;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;

/** Counting values per key from their headers, as the gauge, the status and `keys` do. */
class KeyUsageTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final KeyRing.SealingKey old = KeyRing.newKey(T0);
  private final KeyRing.SealingKey active = KeyRing.newKey(T0.plusSeconds(60));
  private final KeyRing ring = new KeyRing(List.of(old, active), new byte[32]);

  private static String sealedTo(KeyRing.SealingKey key) {
    return Sealer.seal(
        key.pair().getPublic(), new Scope("ns", "n", "p"), "v".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theGaugeCountsCachedDigestsByKeyWithEveryRingKeyPresent() {
    KeyRing.SealingKey retired = KeyRing.newKey(T0);
    KeyRing.SealingKey foreign = KeyRing.newKey(T0);
    // The informer cache holds the digest form: header, then a digest of the whole value.
    List<String> cached =
        List.of(
                sealedTo(active),
                sealedTo(active),
                sealedTo(retired),
                sealedTo(foreign),
                "not sealed")
            .stream()
            .map(CachedValue::digestSealed)
            .toList();
    Map<String, Long> gauge =
        KeyUsage.gauge(cached, ring, Tombstones.NONE.retire(retired.id(), T0));
    assertThat(gauge)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(old.id(), 0L, active.id(), 2L, retired.id(), 1L, KeyUsage.UNKNOWN, 1L));
  }

  @Test
  void theStatusNamesTheKeyFromTheHeader() {
    assertThat(KeyUsage.sealedTo(CachedValue.digestSealed(sealedTo(old)), ring)).contains(old.id());
    assertThat(KeyUsage.sealedTo("plain text", ring)).isEmpty();
    assertThat(KeyUsage.sealedTo(null, ring)).isEmpty();
  }

  @Test
  void everyKeyHasItsAge() {
    assertThat(KeyUsage.ages(ring, T0.plus(Duration.ofDays(1))))
        .containsExactlyInAnyOrderEntriesOf(Map.of(old.id(), 86400L, active.id(), 86340L));
  }

  @Test
  void aValueWithSeveralRecipientsCountsForEach() {
    assertThat(KeyUsage.byRecipient(List.of(List.of("a", "b"), List.of("a"), List.of())))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L, "b", 1L));
  }
}
