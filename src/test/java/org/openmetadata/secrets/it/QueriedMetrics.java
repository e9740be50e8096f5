package org.openmetadata.secrets.it;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression (an alert's, a dashboard panel's) selects. */
final class QueriedMetrics {

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "by", "without", "Inf", "NaN");

  private QueriedMetrics() {}

  /**
   * Each name that is neither a function or aggregation (followed by "("), a keyword, nor inside
   * label matchers, a grouping clause, a range or a string.
   */
  static Set<String> in(String promql) {
    String bare = STRING.matcher(promql).replaceAll("\"\"");
    bare = MATCHERS.matcher(bare).replaceAll(" ");
    bare = GROUPING.matcher(bare).replaceAll(" ");
    bare = RANGE.matcher(bare).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(bare);
    while (m.find()) {
      String name = m.group();
      boolean call = bare.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!call && !number && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
