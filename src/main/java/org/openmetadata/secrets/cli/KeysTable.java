package org.openmetadata.secrets.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.openmetadata.secrets.keys.PublishedKeys;

/**
 * The table of {@code kubectl om-secrets keys}: one row per published key, oldest first, then one
 * per key id that values name but the ring does not publish (retired, or another cluster's).
 */
final class KeysTable {

  private static final String FORMAT = "%-16s  %-9s  %-20s  %-11s  %9s%s%n";

  private KeysTable() {}

  /**
   * @param resources values per key id among the resources counted
   * @param files values per key id among the files scanned, when {@code -f} was given
   */
  static String render(
      List<PublishedKeys.Key> keys,
      Map<String, Long> resources,
      Optional<Map<String, Long>> files) {
    StringBuilder table = new StringBuilder();
    table.append(row("ID", "ALGORITHM", "CREATED", "ACTIVE", "RESOURCES", files.map(f -> "FILES")));
    List<String> published = new ArrayList<>();
    for (PublishedKeys.Key key : keys) {
      published.add(key.id());
      table.append(
          row(
              key.id(),
              key.algorithm(),
              key.created().equals(Instant.EPOCH) ? "-" : key.created().toString(),
              key.active() ? "yes" : "no",
              count(resources, key.id()),
              files.map(f -> count(f, key.id()))));
    }
    TreeSet<String> others = new TreeSet<>(resources.keySet());
    files.ifPresent(f -> others.addAll(f.keySet()));
    others.removeAll(published);
    for (String id : others) {
      table.append(
          row(id, "-", "-", "not in ring", count(resources, id), files.map(f -> count(f, id))));
    }
    return table.toString();
  }

  private static String count(Map<String, Long> counts, String id) {
    return String.valueOf(counts.getOrDefault(id, 0L));
  }

  private static String row(
      String id,
      String algorithm,
      String created,
      String active,
      String resources,
      Optional<String> files) {
    return String.format(
        FORMAT,
        id,
        algorithm,
        created,
        active,
        resources,
        files.map(f -> String.format("  %5s", f)).orElse(""));
  }
}
