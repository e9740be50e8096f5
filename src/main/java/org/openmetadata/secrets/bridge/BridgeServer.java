package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.openmetadata.secrets.http.HttpServer;
import org.openmetadata.secrets.http.Limits;
import org.openmetadata.secrets.http.Response;
import org.openmetadata.secrets.http.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's HTTP edge on the project's small server ({@link HttpServer}): every path and method
 * goes to one function, so 404s and 405s are Kubernetes Status objects too; the server itself
 * answers what never reaches it (a body over the bound: 413, a malformed request: 400, a chunked
 * body: 411). At most {@code workers} calls run at once; the others wait their turn.
 */
public final class BridgeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeServer.class);
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** 64 connections, 16 KiB of headers, 10 s to send a request or take an answer, 60 s idle. */
  private static final int MAX_CONNECTIONS = 64;

  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  private final HttpServer server;

  private BridgeServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves {@code handler} on {@code address} (port 0 picks a free one).
   *
   * @param maxBodyBytes a larger body is refused with 413 before it is read
   */
  public static BridgeServer start(
      InetSocketAddress address,
      Function<ApiRequest, Answer> handler,
      int workers,
      int maxBodyBytes)
      throws IOException {
    Route every =
        new Route(
            METHODS,
            request ->
                json(
                    answer(
                        handler,
                        new ApiRequest(
                            request.method(),
                            request.path(),
                            request.query(),
                            request.header("content-type").orElse(null),
                            request.body()))));
    return new BridgeServer(
        HttpServer.start(
            "bridge",
            address,
            path -> Optional.of(every),
            new Limits(
                workers,
                MAX_CONNECTIONS,
                MAX_HEAD_BYTES,
                maxBodyBytes,
                REQUEST_TIMEOUT,
                IDLE_TIMEOUT,
                WRITE_TIMEOUT)));
  }

  public int port() {
    return server.port();
  }

  private static Answer answer(Function<ApiRequest, Answer> handler, ApiRequest request) {
    try {
      return handler.apply(request);
    } catch (RuntimeException e) {
      // Only the class: an exception's message could quote a request.
      LOG.warn("bridge request failed: {}", e.getClass().getName());
      return Answer.of(
          KubeStatus.internalError(
              null, "the bridge failed (" + e.getClass().getSimpleName() + ")"));
    }
  }

  private static Response json(Answer answer) {
    return new Response(
        answer.code(),
        "application/json",
        Serialization.asJson(answer.body()).getBytes(StandardCharsets.UTF_8),
        Map.of("Cache-Control", "no-store"));
  }

  @Override
  public void close() {
    server.close();
  }
}
