package org.openmetadata.secrets.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An RBAC subject given in config as {@code ServiceAccount:namespace/name}, {@code User:name} or
 * {@code Group:name}, followed by {@code #ns1|ns2}: the namespaces where it is granted ({@code #*}:
 * every served namespace). A ServiceAccount without {@code #} is granted in its own namespace only;
 * a User or Group has no namespace of its own and must list them. Nobody spans namespaces by
 * default: one OpenMetadata installation's identities never reach another's credentials unless the
 * configuration says so.
 *
 * @param grantedIn the namespaces where the subject is granted; {@link #EVERY_NAMESPACE} for all
 *     served ones
 */
public record Subject(String kind, String name, String namespace, Set<String> grantedIn) {

  public static final String EVERY_NAMESPACE = "*";

  public Subject {
    grantedIn = Set.copyOf(grantedIn);
  }

  /** Whether the subject is granted in {@code namespace}. */
  public boolean grantedIn(String namespace) {
    return grantedIn.contains(EVERY_NAMESPACE) || grantedIn.contains(namespace);
  }

  /**
   * The comma-separated list of {@code OM_SM_READER_SUBJECTS}; a bad entry throws ConfigException
   * saying why.
   */
  public static List<Subject> parseList(String raw) {
    List<Subject> subjects = new ArrayList<>();
    for (String part : raw.split(",")) {
      String item = part.trim();
      if (!item.isEmpty()) {
        subjects.add(parse(item));
      }
    }
    return subjects;
  }

  private static Subject parse(String item) {
    int hash = item.lastIndexOf('#');
    String who = hash < 0 ? item : item.substring(0, hash);
    Set<String> where = hash < 0 ? Set.of() : namespaces(item, item.substring(hash + 1));
    int colon = who.indexOf(':');
    String kind = colon < 0 ? "" : who.substring(0, colon);
    String rest = colon < 0 ? "" : who.substring(colon + 1);
    switch (kind) {
      case "ServiceAccount" -> {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
          throw new ConfigException("entry '" + item + "' must be ServiceAccount:namespace/name");
        }
        String namespace = rest.substring(0, slash);
        return new Subject(
            kind,
            rest.substring(slash + 1),
            namespace,
            where.isEmpty() ? Set.of(namespace) : where);
      }
      case "User", "Group" -> {
        if (rest.isEmpty()) {
          throw new ConfigException("entry '" + item + "' has no name");
        }
        if (where.isEmpty()) {
          throw new ConfigException(
              "entry '"
                  + item
                  + "': a "
                  + kind
                  + " has no namespace of its own; name where it is granted, e.g. "
                  + who
                  + "#ns1|ns2 ("
                  + who
                  + "#* for every served namespace)");
        }
        return new Subject(kind, rest, null, where);
      }
      default ->
          throw new ConfigException(
              "entry '" + item + "' must start with ServiceAccount:, User: or Group:");
    }
  }

  private static Set<String> namespaces(String item, String list) {
    Set<String> namespaces = Set.copyOf(Arrays.asList(list.split("\\|", -1)));
    for (String namespace : namespaces) {
      if (!namespace.equals(EVERY_NAMESPACE) && !WatchedNamespaces.isName(namespace)) {
        throw new ConfigException(
            "entry '"
                + item
                + "': '"
                + namespace
                + "' after # is not a namespace name (ns1|ns2, or * for every served namespace)");
      }
    }
    return namespaces;
  }
}
