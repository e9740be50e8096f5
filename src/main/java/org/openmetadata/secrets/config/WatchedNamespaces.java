package org.openmetadata.secrets.config;

import java.util.Set;

/** The namespaces the operator serves: a fixed set, or every namespace. */
public record WatchedNamespaces(Set<String> names) {

  public static final WatchedNamespaces ALL = new WatchedNamespaces(Set.of());

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
