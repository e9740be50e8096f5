package org.openmetadata.secrets.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Sealer;

/**
 * Which key each sealed value depends on, read from its header alone (never by opening it): the
 * header survives in the operator's informer cache, which holds a digest instead of the rest of the
 * value, so counting thousands of resources reads a few dozen characters of each.
 */
public final class KeyUsage {

  /** The gauge's label for key ids neither in the ring nor retired from it. */
  public static final String UNKNOWN = "unknown";

  private KeyUsage() {}

  /**
   * The key a value is sealed with, as a resource's status names it: of its recipients, the one
   * {@code ring} holds, else the first; empty when the text is not a sealed value.
   */
  public static Optional<String> sealedTo(String encryptedValue, KeyRing ring) {
    if (encryptedValue == null) {
      return Optional.empty();
    }
    List<String> ids = Sealer.keyIdsOf(encryptedValue);
    return ids.stream()
        .filter(id -> ring.find(id).isPresent())
        .findFirst()
        .or(() -> ids.stream().findFirst());
  }

  /**
   * Values per key as {@code oms_sealed_values} shows them: each value once, under the key its
   * status names; every ring key present (zero: nothing depends on it), a retired key when values
   * still name it, and other ids together as {@value #UNKNOWN} (an author can write any id, and
   * each would be a series).
   */
  public static Map<String, Long> gauge(
      Collection<String> encryptedValues, KeyRing ring, Tombstones tombstones) {
    Map<String, Long> counts = new TreeMap<>();
    ring.keys().forEach(k -> counts.put(k.id(), 0L));
    for (String value : encryptedValues) {
      sealedTo(value, ring)
          .map(id -> counts.containsKey(id) || tombstones.retired(id) ? id : UNKNOWN)
          .ifPresent(id -> counts.merge(id, 1L, Long::sum));
    }
    return counts;
  }

  /** Each ring key's age in seconds at {@code now}, for {@code oms_sealing_key_age_seconds}. */
  public static Map<String, Long> ages(KeyRing ring, Instant now) {
    Map<String, Long> ages = new TreeMap<>();
    ring.keys().forEach(k -> ages.put(k.id(), Duration.between(k.created(), now).toSeconds()));
    return ages;
  }

  /**
   * Values per key id, from each value's recipients ({@link Sealer#keyIdsOf}): a value with several
   * counts for each.
   */
  public static Map<String, Long> byRecipient(Collection<List<String>> recipients) {
    return recipients.stream()
        .flatMap(ids -> ids.stream().distinct())
        .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
  }
}
