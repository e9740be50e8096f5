package org.openmetadata.secrets.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openmetadata.secrets.http.HttpServer;
import org.openmetadata.secrets.http.Limits;
import org.openmetadata.secrets.http.Response;
import org.openmetadata.secrets.http.Route;
import org.openmetadata.secrets.http.Router;

/**
 * /metrics (Prometheus text), /healthz (liveness), /readyz (readiness, with the reason in the body)
 * and /v1/cert.pem (the active sealing public key, for {@code seal --cert}): GET or HEAD on exactly
 * these paths (a query string is ignored), 405 for other methods, 404 for other paths.
 */
public final class HttpEndpoints implements AutoCloseable {

  /**
   * Every handler answers from memory in milliseconds, so two workers suffice; what a client can
   * hold is one of 64 connections, for at most 10 s while it sends a request (60 s idle between
   * requests, longer than any usual scrape interval, so Prometheus keeps its connection).
   */
  static final Limits LIMITS =
      new Limits(2, 64, 8192, 0, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10));

  private final HttpServer server;

  public HttpEndpoints(
      int port, Supplier<String> metrics, BooleanSupplier live, Supplier<Readiness> ready, Supplier<String> certPem)
      throws IOException {
    server = HttpServer.start("http-endpoints", new InetSocketAddress(port), Router.exact(Map.of(
        "/metrics", Route.get(r -> Response.of(200, "text/plain; version=0.0.4", metrics.get())),
        "/healthz", Route.get(r -> live.getAsBoolean() ? Response.text(200, "ok\n") : Response.text(503, "unhealthy\n")),
        "/readyz", Route.get(r -> {
          Readiness readiness = ready.get();
          return Response.text(readiness.ready() ? 200 : 503, readiness.explanation() + "\n");
        }),
        "/v1/cert.pem", Route.get(r -> Response.of(200, "application/x-pem-file", certPem.get())))), LIMITS);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
