package org.openmetadata.secrets.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pattern over OpenMetadata secret paths, compared component by component: {@code *} matches one
 * component, {@code **} any number (zero included), anything else itself. Leading, trailing and
 * repeated '/' are ignored, so {@code /bot/x} and {@code bot/x} are the same path.
 */
public record PathPattern(String pattern) {

  public PathPattern {
    if (components(pattern).isEmpty()) {
      throw new IllegalArgumentException("empty path pattern");
    }
  }

  public boolean matches(String path) {
    return matches(components(pattern), 0, components(path), 0);
  }

  private static boolean matches(List<String> pattern, int p, List<String> path, int i) {
    if (p == pattern.size()) {
      return i == path.size();
    }
    String head = pattern.get(p);
    if (head.equals("**")) {
      for (int skip = i; skip <= path.size(); skip++) {
        if (matches(pattern, p + 1, path, skip)) {
          return true;
        }
      }
      return false;
    }
    return i < path.size()
        && (head.equals("*") || head.equals(path.get(i)))
        && matches(pattern, p + 1, path, i + 1);
  }

  static List<String> components(String path) {
    return new ArrayList<>(Arrays.stream(path.split("/")).filter(c -> !c.isEmpty()).toList());
  }

  @Override
  public String toString() {
    return pattern;
  }
}
