package org.openmetadata.secrets.http;

import java.util.Map;
import java.util.Optional;

/** Finds the route of a request path; none means 404. */
@FunctionalInterface
public interface Router {

  Optional<Route> route(String path);

  /** Exactly these paths: no prefixes, no trailing-slash variants, no decoding. */
  static Router exact(Map<String, Route> routes) {
    Map<String, Route> copy = Map.copyOf(routes);
    return path -> Optional.ofNullable(copy.get(path));
  }
}
