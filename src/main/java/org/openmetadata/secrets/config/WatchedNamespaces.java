package org.openmetadata.secrets.config;

import java.util.Set;
import java.util.regex.Pattern;

/** The namespaces the operator serves: a fixed set, or every namespace. */
public record WatchedNamespaces(Set<String> names) {

  public static final WatchedNamespaces ALL = new WatchedNamespaces(Set.of());
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** Whether {@code name} can name a namespace (an RFC 1123 label). */
  public static boolean isName(String name) {
    return name.length() <= 63 && NAME.matcher(name).matches();
  }

  public WatchedNamespaces {
    names = Set.copyOf(names);
  }

  public boolean all() {
    return names.isEmpty();
  }

  public boolean contains(String namespace) {
    return all() || names.contains(namespace);
  }

  @Override
  public String toString() {
    return all() ? "all namespaces" : String.join(",", names.stream().sorted().toList());
  }
}
