package org.openmetadata.secrets.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/**
 * Holds a client's view of OpenMetadataSecrets back, as a watch that has fallen behind would: each
 * of its watches ends after a second ({@code timeoutSeconds=1}), and once {@link #freeze() frozen}
 * every new list or watch goes to a path the API server does not serve, so an informer keeps the
 * state it had while the cluster moves on. Requests for one resource by name pass untouched.
 */
final class StaleWatch implements Interceptor {

  private static final String COLLECTION = "/" + HasMetadata.getPlural(OpenMetadataSecret.class);

  private volatile boolean frozen;
  private final AtomicInteger held = new AtomicInteger();

  void freeze() {
    frozen = true;
  }

  /**
   * Lists and watches kept from the API server since {@link #freeze()}: one means the last watch
   * has ended.
   */
  int held() {
    return held.get();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    URI uri = request.uri();
    if (!uri.getRawPath().endsWith(COLLECTION)) {
      return;
    }
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    if (frozen) {
      held.incrementAndGet();
      builder.uri(with(uri, uri.getRawPath() + "-held", query));
    } else if (query.contains("watch=true")) {
      String rest =
          Arrays.stream(query.split("&"))
              .filter(p -> !p.startsWith("timeoutSeconds="))
              .collect(Collectors.joining("&"));
      builder.uri(with(uri, uri.getRawPath(), rest + "&timeoutSeconds=1"));
    }
  }

  private static URI with(URI uri, String path, String query) {
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path + "?" + query);
  }
}
