package org.openmetadata.secrets.config;

import java.util.ArrayList;
import java.util.List;

/** An RBAC subject given in config as {@code ServiceAccount:namespace/name}, {@code User:name} or {@code Group:name}. */
public record Subject(String kind, String name, String namespace) {

  public static List<Subject> parseList(Setting setting, String raw) {
    List<Subject> subjects = new ArrayList<>();
    for (String part : raw.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.indexOf(':');
      String kind = colon < 0 ? "" : item.substring(0, colon);
      String rest = colon < 0 ? "" : item.substring(colon + 1);
      switch (kind) {
        case "ServiceAccount" -> {
          int slash = rest.indexOf('/');
          if (slash <= 0 || slash == rest.length() - 1) {
            throw new ConfigException(setting + " entry '" + item + "' must be ServiceAccount:namespace/name");
          }
          subjects.add(new Subject(kind, rest.substring(slash + 1), rest.substring(0, slash)));
        }
        case "User", "Group" -> {
          if (rest.isEmpty()) {
            throw new ConfigException(setting + " entry '" + item + "' has no name");
          }
          subjects.add(new Subject(kind, rest, null));
        }
        default -> throw new ConfigException(
            setting + " entry '" + item + "' must start with ServiceAccount:, User: or Group:");
      }
    }
    return subjects;
  }
}
