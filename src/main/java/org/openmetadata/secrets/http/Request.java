package org.openmetadata.secrets.http;

import java.util.Map;
import java.util.Optional;

/**
 * One request as a handler sees it.
 *
 * @param path the target up to {@code ?}, exactly as sent (no decoding, no normalisation)
 * @param query what follows {@code ?}, raw; empty when there is none
 * @param headers by lower-case name; a repeated header's values joined with {@code ", "}
 * @param body exactly Content-Length bytes (empty without one)
 */
public record Request(
    String method, String path, String query, Map<String, String> headers, byte[] body) {

  public Optional<String> header(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }
}
