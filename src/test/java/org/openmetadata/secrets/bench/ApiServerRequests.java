package org.openmetadata.secrets.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests as the API server counts them ({@code apiserver_request_total} of its {@code /metrics}),
 * by verb and resource: every client's traffic, whatever its language. {@link RequestCounter}
 * counts one fabric8 client's; this one counts a Go controller's too. Leases are left out: they are
 * the control plane's own leader election, not the controller under test.
 */
final class ApiServerRequests {

  private static final Pattern LINE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiServerRequests() {}

  /**
   * "VERB resource[/subresource]" → count so far, e.g. {@code POST secrets}, {@code PUT
   * sealedsecrets/status}.
   */
  static Map<String, Long> snapshot(KubernetesClient client) {
    return parse(client.raw("/metrics"));
  }

  static Map<String, Long> parse(String metrics) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String resource = labels.getOrDefault("resource", "");
      if (resource.isEmpty() || resource.equals("leases")) {
        continue;
      }
      String sub = labels.getOrDefault("subresource", "");
      String key = labels.get("verb") + " " + resource + (sub.isEmpty() ? "" : "/" + sub);
      counts.merge(key, (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return counts;
  }

  static boolean isWrite(String key) {
    return !(key.startsWith("GET ") || key.startsWith("LIST ") || key.startsWith("WATCH "));
  }

  static long writes(Map<String, Long> diff) {
    return diff.entrySet().stream()
        .filter(e -> isWrite(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static long reads(Map<String, Long> diff) {
    return diff.entrySet().stream()
        .filter(e -> e.getKey().startsWith("GET ") || e.getKey().startsWith("LIST "))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** "POST secrets 1000, PUT sealedsecrets/status 1000" (writes) or the reads, of a diff. */
  static String describe(Map<String, Long> diff, boolean writes) {
    StringBuilder b = new StringBuilder();
    diff.forEach(
        (k, v) -> {
          if (isWrite(k) == writes && !k.startsWith("WATCH ")) {
            b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
          }
        });
    return b.length() == 0 ? "none" : b.toString();
  }
}
