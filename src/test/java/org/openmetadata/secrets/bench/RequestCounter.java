package org.openmetadata.secrets.bench;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fabric8 {@link Interceptor} that counts every request a client sends, by method and resource
 * ({@code POST secrets}, {@code PATCH openmetadatasecrets/status}, {@code GET secrets (watch)}).
 * Writes are the non-GET requests. Installed on the operator's client only, so the counts are the
 * operator's own traffic.
 */
final class RequestCounter implements Interceptor {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    counts
        .computeIfAbsent(
            key(request.method(), request.uri().getPath(), request.uri().getRawQuery()),
            k -> new LongAdder())
        .increment();
  }

  /** "METHOD resource[/subresource]"; watches and lists are told apart from single GETs. */
  static String key(String method, String path, String query) {
    String[] p = path.replaceAll("^/+", "").split("/");
    // /api/v1/... or /apis/group/version/...
    int i = p.length > 0 && "api".equals(p[0]) ? 2 : 3;
    if (i < p.length && "namespaces".equals(p[i]) && i + 2 < p.length) {
      i += 2; // namespaced resource
    }
    String resource = i < p.length ? p[i] : path;
    boolean named = i + 1 < p.length;
    String sub = i + 2 < p.length ? "/" + p[i + 2] : "";
    String kind = "";
    if ("GET".equals(method)) {
      if (query != null && query.contains("watch=true")) {
        kind = " (watch)";
      } else if (!named) {
        kind = " (list)";
      }
    }
    return method + " " + resource + sub + kind;
  }

  /** Every count so far, sorted by key. */
  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  static long writes(Map<String, Long> snapshot) {
    return snapshot.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("GET "))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Single-object GETs and LISTs (not watches): reads the cache should have answered. */
  static long reads(Map<String, Long> snapshot) {
    return snapshot.entrySet().stream()
        .filter(e -> e.getKey().startsWith("GET ") && !e.getKey().endsWith("(watch)"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** {@code after - before}, per key, leaving out zeros. */
  static Map<String, Long> diff(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> d = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          long n = v - before.getOrDefault(k, 0L);
          if (n != 0) {
            d.put(k, n);
          }
        });
    return d;
  }

  /** "POST secrets 1000, POST events 1000, PATCH openmetadatasecrets/status 1000" for writes. */
  static String describeWrites(Map<String, Long> snapshot) {
    StringBuilder b = new StringBuilder();
    snapshot.forEach(
        (k, v) -> {
          if (!k.startsWith("GET ")) {
            b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
          }
        });
    return b.length() == 0 ? "none" : b.toString();
  }

  static String describeReads(Map<String, Long> snapshot) {
    StringBuilder b = new StringBuilder();
    snapshot.forEach(
        (k, v) -> {
          if (k.startsWith("GET ")) {
            b.append(b.length() == 0 ? "" : ", ").append(k.substring(4)).append(' ').append(v);
          }
        });
    return b.length() == 0 ? "none" : b.toString();
  }
}
