package org.openmetadata.secrets.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's HTTP edge, kept thin so it can be swapped: reads a request (the body bounded),
 * hands it to a function, writes the JSON answer. At most {@code workers} calls run at once;
 * further requests wait their turn. The JDK server's request and response timeouts are JVM-wide
 * system properties, set by the {@code bridge} command before the server class loads.
 */
public final class BridgeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeServer.class);

  private final HttpServer server;
  private final ExecutorService workers;

  private BridgeServer(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Serves {@code handler} on {@code address} (port 0 picks a free one).
   *
   * @param maxBodyBytes a larger body is refused with 413 before it is read
   */
  public static BridgeServer start(
      InetSocketAddress address, Function<ApiRequest, Answer> handler, int workers, int maxBodyBytes) throws IOException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "bridge-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpServer server = HttpServer.create(address, 0);
    server.setExecutor(pool);
    server.createContext("/", exchange -> serve(exchange, handler, maxBodyBytes));
    server.start();
    return new BridgeServer(server, pool);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void serve(HttpExchange exchange, Function<ApiRequest, Answer> handler, int maxBodyBytes)
      throws IOException {
    try (exchange) {
      Answer answer;
      try {
        answer = answer(exchange, handler, maxBodyBytes);
      } catch (RuntimeException e) {
        // Only the class: an exception's message could quote a request.
        LOG.warn("bridge request failed: {}", e.getClass().getName());
        answer = Answer.of(KubeStatus.internalError(null, "the bridge failed (" + e.getClass().getSimpleName() + ")"));
      }
      byte[] json = Serialization.asJson(answer.body()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(answer.code(), json.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(json);
      }
    }
  }

  private static Answer answer(HttpExchange exchange, Function<ApiRequest, Answer> handler, int maxBodyBytes)
      throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && (!length.matches("[0-9]{1,12}") || Long.parseLong(length) > maxBodyBytes)) {
      return Answer.of(KubeStatus.tooLarge("the bridge accepts bodies of at most " + maxBodyBytes + " bytes"));
    }
    byte[] body = readAtMost(exchange.getRequestBody(), maxBodyBytes);
    if (body == null) {
      return Answer.of(KubeStatus.tooLarge("the bridge accepts bodies of at most " + maxBodyBytes + " bytes"));
    }
    String query = exchange.getRequestURI().getRawQuery();
    return handler.apply(new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        query == null ? "" : query, exchange.getRequestHeaders().getFirst("Content-Type"), body));
  }

  /** The whole body, or null when it is longer than {@code limit} (chunked bodies have no length). */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    return bytes.length > limit ? null : bytes;
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
