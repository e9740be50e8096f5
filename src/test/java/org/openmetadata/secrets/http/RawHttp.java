package org.openmetadata.secrets.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A client on a bare socket, for tests that must send what no HTTP client library sends: partial
 * requests, odd methods, pipelined requests, nothing at all.
 */
public final class RawHttp implements AutoCloseable {

  /** One parsed response: status, headers (lower-case names) and body. */
  public record Reply(int status, Map<String, String> headers, String body) {}

  private final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /** Connects to 127.0.0.1:{@code port}; reads give up after {@code readTimeoutMillis}. */
  public static RawHttp connect(int port, int readTimeoutMillis) throws IOException {
    return connect(port, readTimeoutMillis, 0);
  }

  /**
   * As {@link #connect(int, int)}, with a receive buffer of about {@code receiveBuffer} bytes (0:
   * default).
   */
  public static RawHttp connect(int port, int readTimeoutMillis, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), readTimeoutMillis);
    socket.setSoTimeout(readTimeoutMillis);
    return new RawHttp(socket);
  }

  /**
   * Sends one request on a fresh connection and reads its reply (at most {@code timeoutMillis}).
   */
  public static Reply request(int port, String method, String target, int timeoutMillis)
      throws IOException {
    try (RawHttp http = connect(port, timeoutMillis)) {
      http.send(method + " " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
      return http.read(!"HEAD".equals(method));
    }
  }

  public RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads the status line only. */
  public String statusLine() throws IOException {
    return line(socket.getInputStream());
  }

  /** Reads one response; its body by Content-Length, or none for a HEAD request. */
  public Reply read(boolean withBody) throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
    byte[] body = in.readNBytes(length);
    return new Reply(
        Integer.parseInt(statusLine.split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  /** True when the server has closed the connection (end of stream) within the read timeout. */
  public boolean closedByServer() {
    try {
      return socket.getInputStream().read() == -1;
    } catch (IOException e) {
      return e instanceof SocketException; // reset by the server
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }

  /** Opens {@code n} connections that each send the start of a request and then nothing more. */
  public static List<RawHttp> stalled(int port, int n) throws IOException {
    List<RawHttp> held = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      held.add(connect(port, 30_000).send("GET /healthz HTTP/1.1\r\nHost: slow"));
    }
    return held;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
