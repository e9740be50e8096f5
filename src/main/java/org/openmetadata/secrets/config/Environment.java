package org.openmetadata.secrets.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment variables being read into an {@link OperatorConfig}, and what is wrong with them:
 * at most one problem per setting, each naming it, all reported in one message so that one bad
 * value hides no other.
 */
final class Environment {

  /** Settings of ours start with this; an unknown one is a typo worth stopping for. */
  private static final String OWN_PREFIX = "OM_SM_";

  private final Map<String, String> variables;
  private final List<String> problems = new ArrayList<>();
  private final Set<Setting> refused = EnumSet.noneOf(Setting.class);

  Environment(Map<String, String> variables) {
    this.variables = variables;
    Set<String> known = Arrays.stream(Setting.values()).map(Enum::name).collect(Collectors.toSet());
    List<String> unknown =
        variables.keySet().stream()
            .filter(k -> k.startsWith(OWN_PREFIX) && !known.contains(k))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      problems.add("unknown setting(s): " + String.join(", ", unknown));
    }
  }

  /** The setting's text: its variable, trimmed, or its default when unset. */
  String text(Setting setting) {
    String value = variables.get(setting.name());
    return value == null ? setting.defaultValue() : value.trim();
  }

  /**
   * Records what is wrong with {@code setting}'s value, after its name; only its first problem is
   * kept.
   */
  void refuse(Setting setting, String problem) {
    if (refused.add(setting)) {
      problems.add(setting + " " + problem);
    }
  }

  /** Records a problem of several settings together; {@code problem} names them. */
  void problem(String problem) {
    problems.add(problem);
  }

  /** Whether {@code setting}'s value was read without a problem. */
  boolean accepted(Setting setting) {
    return !refused.contains(setting);
  }

  /** Throws one ConfigException listing every problem, if there is any. */
  void requireValid() {
    if (!problems.isEmpty()) {
      throw new ConfigException("invalid configuration: " + String.join("; ", problems));
    }
  }
}
