package org.openmetadata.secrets.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request line and headers, parsed strictly: anything ambiguous is refused rather than guessed
 * at, since the server answers only clients that speak plain HTTP/1.1.
 *
 * @param contentLength body bytes that follow the head
 * @param keepAlive the connection may carry another request after this one
 */
record RequestHead(
    String method,
    String path,
    String query,
    Map<String, String> headers,
    long contentLength,
    boolean keepAlive) {

  /** A request refused before any handler sees it, with the status to answer. */
  static final class Rejected extends Exception {
    final int status;

    Rejected(int status, String why) {
      super(why, null, false, false);
      this.status = status;
    }
  }

  private static final byte[] END = {'\r', '\n', '\r', '\n'};

  /**
   * Where the head in {@code buf[0, length)} ends (after its blank line), or -1 while incomplete;
   * the search starts at {@code from}.
   */
  static int end(byte[] buf, int from, int length) {
    outer:
    for (int i = from; i + END.length <= length; i++) {
      for (int j = 0; j < END.length; j++) {
        if (buf[i + j] != END[j]) {
          continue outer;
        }
      }
      return i + END.length;
    }
    return -1;
  }

  /** Parses {@code head}: the bytes up to and including the blank line. */
  static RequestHead parse(byte[] head) throws Rejected {
    String text = new String(head, StandardCharsets.ISO_8859_1);
    String[] lines = text.substring(0, text.length() - END.length).split("\r\n", -1);
    for (String line : lines) {
      // A bare CR or LF stays inside a line and is refused here, with every other control
      // character.
      if (line.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
        throw new Rejected(400, "control character in the request head");
      }
    }
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3 || !isToken(requestLine[0]) || !requestLine[1].startsWith("/")) {
      throw new Rejected(400, "malformed request line");
    }
    String version = requestLine[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new Rejected(version.startsWith("HTTP/") ? 505 : 400, "unsupported version");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : Arrays.asList(lines).subList(1, lines.length)) {
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new Rejected(400, "malformed header"); // also obsolete line folding
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (name.equals("content-length")
          && headers.containsKey(name)
          && !headers.get(name).equals(value)) {
        throw new Rejected(400, "conflicting Content-Length");
      }
      headers.merge(
          name, value, name.equals("content-length") ? (a, b) -> a : (a, b) -> a + ", " + b);
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new Rejected(411, "only Content-Length bodies are accepted");
    }
    long contentLength = contentLength(headers.get("content-length"));
    String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
    boolean keepAlive =
        version.equals("HTTP/1.1")
            && !Arrays.asList(connection.split("\\s*,\\s*")).contains("close");
    String target = requestLine[1];
    int q = target.indexOf('?');
    return new RequestHead(
        requestLine[0],
        q < 0 ? target : target.substring(0, q),
        q < 0 ? "" : target.substring(q + 1),
        headers,
        contentLength,
        keepAlive);
  }

  private static long contentLength(String value) throws Rejected {
    if (value == null) {
      return 0;
    }
    if (value.isEmpty()
        || value.length() > 15
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Rejected(400, "malformed Content-Length");
    }
    return Long.parseLong(value);
  }

  /** RFC 9110 token: what method and header names are made of. */
  private static boolean isToken(String s) {
    return !s.isEmpty()
        && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
  }
}
