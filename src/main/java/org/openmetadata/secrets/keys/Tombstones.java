package org.openmetadata.secrets.keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openmetadata.secrets.crypto.KeyRing;

/**
 * Which keys were retired from the ring, and which restored since: for each key id, its latest mark
 * and when it was made, kept in the ring Secret as {@code <keyId>.retired} or {@code
 * <keyId>.restored} (an ISO-8601 time). A running operator holds the marks it has seen and merges
 * them with every ring it reads, the later mark of a key winning; so an old backup applied over the
 * ring, a peer replica or a restart never bring a retired key back, and only a newer restore does.
 */
public record Tombstones(Map<String, Mark> marks) {

  static final String RETIRED_SUFFIX = ".retired";
  static final String RESTORED_SUFFIX = ".restored";

  public static final Tombstones NONE = new Tombstones(Map.of());

  /** A key's latest lifecycle mark. */
  public record Mark(boolean retired, Instant at) {}

  public Tombstones {
    marks = Map.copyOf(marks);
  }

  /** The marks among a ring Secret's data (base64 values, as Secret data has them). */
  static Tombstones read(Map<String, String> data) {
    Map<String, Mark> marks = new TreeMap<>();
    data.forEach(
        (name, value) -> {
          for (boolean retired : new boolean[] {true, false}) {
            String suffix = retired ? RETIRED_SUFFIX : RESTORED_SUFFIX;
            if (name.endsWith(suffix)) {
              String id = name.substring(0, name.length() - suffix.length());
              Instant at =
                  Instant.parse(
                      new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
              marks.merge(id, new Mark(retired, at), Tombstones::later);
            }
          }
        });
    return new Tombstones(marks);
  }

  /** Adds each key's mark to a ring Secret's data. */
  void write(Map<String, String> data) {
    new TreeMap<>(marks)
        .forEach(
            (id, mark) ->
                data.put(
                    id + (mark.retired() ? RETIRED_SUFFIX : RESTORED_SUFFIX),
                    Base64.getEncoder()
                        .encodeToString(mark.at().toString().getBytes(StandardCharsets.UTF_8))));
  }

  /** Both sets of marks, the later one of a key winning (a retirement on a tie: the safe side). */
  public Tombstones merge(Tombstones other) {
    Map<String, Mark> merged = new TreeMap<>(marks);
    other.marks.forEach((id, mark) -> merged.merge(id, mark, Tombstones::later));
    return new Tombstones(merged);
  }

  private static Mark later(Mark a, Mark b) {
    int order = a.at().compareTo(b.at());
    return order > 0 ? a : order < 0 ? b : a.retired() ? a : b;
  }

  public boolean retired(String keyId) {
    return Optional.ofNullable(marks.get(keyId)).map(Mark::retired).orElse(false);
  }

  /** When {@code keyId} was retired, if it is. */
  public Optional<Instant> retiredAt(String keyId) {
    return Optional.ofNullable(marks.get(keyId)).filter(Mark::retired).map(Mark::at);
  }

  /**
   * {@code keyId} retired at {@code now}, or just after its last mark, so that the new mark wins
   * over it even when clocks disagree.
   */
  public Tombstones retire(String keyId, Instant now) {
    return with(keyId, true, now);
  }

  /** {@code keyId} restored at {@code now}, or just after its last mark. */
  public Tombstones restore(String keyId, Instant now) {
    return with(keyId, false, now);
  }

  private Tombstones with(String keyId, boolean retired, Instant now) {
    Instant after =
        Optional.ofNullable(marks.get(keyId))
            .map(m -> m.at().plusMillis(1))
            .filter(now::isBefore)
            .orElse(now);
    Map<String, Mark> next = new TreeMap<>(marks);
    next.put(keyId, new Mark(retired, after));
    return new Tombstones(next);
  }

  /** The mark of {@code keyId} alone. */
  Tombstones only(String keyId) {
    return new Tombstones(marks.containsKey(keyId) ? Map.of(keyId, marks.get(keyId)) : Map.of());
  }

  /**
   * The ring without its retired keys. The active key is never dropped, whatever a hand-written
   * mark says: the ring would have nothing to seal with.
   */
  public KeyRing apply(KeyRing ring) {
    String active = ring.active().id();
    List<KeyRing.SealingKey> kept =
        ring.keys().stream().filter(k -> k.id().equals(active) || !retired(k.id())).toList();
    return kept.size() == ring.keys().size() ? ring : new KeyRing(kept, ring.fingerprintKey());
  }
}
