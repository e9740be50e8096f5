package org.openmetadata.secrets.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete response: the server sends it with a Content-Length (never chunked) and, for HEAD,
 * without the body.
 *
 * @param headers extra headers; Content-Type, Content-Length and Connection are the server's
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

  public static Response of(int status, String contentType, String body) {
    return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static Response text(int status, String body) {
    return of(status, "text/plain; charset=utf-8", body);
  }
}
