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
 * Two listeners. The metrics port serves /metrics (Prometheus text) and /v1/cert.pem (the active
 * sealing public key, for {@code seal --cert}); the health port serves /healthz (liveness) and
 * /readyz (readiness, with the reason in the body). Each answers GET or HEAD on exactly its paths
 * (a query string is ignored), 405 for other methods, 404 for other paths, the other port's
 * included.
 *
 * <p>Why two: at its connection cap a server evicts the connection that has waited longest on its
 * client, and a probe whose request has not arrived yet is such a connection, so anyone who can
 * open connections to one shared port (any pod, without a NetworkPolicy) could evict the kubelet's
 * probes and get the pod restarted. Only the metrics port is in the Service; the health port has
 * its own connection budget, which scrapers never touch.
 */
public final class HttpEndpoints implements AutoCloseable {

  /**
   * Every handler answers from memory in milliseconds, so two workers suffice; what a client can
   * hold is one of 64 connections, for at most 10 s while it sends a request (60 s idle between
   * requests, longer than any usual scrape interval, so Prometheus keeps its connection).
   */
  static final Limits METRICS_LIMITS =
      new Limits(
          2, 64, 8192, 0, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10));

  /**
   * The kubelet opens a connection per probe and gives it 2 s; three probes at most are in flight,
   * so 16 connections leave room for an administrator's curl, and 10 s idle is plenty.
   */
  static final Limits HEALTH_LIMITS =
      new Limits(
          1, 16, 4096, 0, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));

  private final HttpServer metricsServer;
  private final HttpServer healthServer;

  /** Opens both ports (0 picks a free one); on failure neither stays open. */
  public HttpEndpoints(
      int metricsPort,
      int healthPort,
      Supplier<String> metrics,
      BooleanSupplier live,
      Supplier<Readiness> ready,
      Supplier<String> certPem)
      throws IOException {
    metricsServer =
        open(
            "metrics",
            metricsPort,
            Router.exact(
                Map.of(
                    "/metrics", metricsRoute(metrics),
                    "/v1/cert.pem",
                        Route.get(r -> Response.of(200, "application/x-pem-file", certPem.get())))),
            METRICS_LIMITS);
    try {
      healthServer =
          open(
              "health",
              healthPort,
              Router.exact(
                  Map.of(
                      "/healthz",
                          Route.get(
                              r ->
                                  live.getAsBoolean()
                                      ? Response.text(200, "ok\n")
                                      : Response.text(503, "unhealthy\n")),
                      "/readyz",
                          Route.get(
                              r -> {
                                Readiness readiness = ready.get();
                                return Response.text(
                                    readiness.ready() ? 200 : 503, readiness.explanation() + "\n");
                              }))),
              HEALTH_LIMITS);
    } catch (IOException e) {
      metricsServer.close();
      throw e;
    }
  }

  /**
   * A port that serves only /metrics, on every interface: the bridge's, whose API port is on
   * loopback.
   */
  public static HttpServer metricsOnly(int port, Supplier<String> metrics) throws IOException {
    return open(
        "metrics", port, Router.exact(Map.of("/metrics", metricsRoute(metrics))), METRICS_LIMITS);
  }

  private static Route metricsRoute(Supplier<String> metrics) {
    return Route.get(r -> Response.of(200, "text/plain; version=0.0.4", metrics.get()));
  }

  /** A bind failure ("Address already in use") says which of the two ports it was. */
  private static HttpServer open(String which, int port, Router router, Limits limits)
      throws IOException {
    try {
      return HttpServer.start("http-" + which, new InetSocketAddress(port), router, limits);
    } catch (IOException e) {
      throw new IOException(
          "could not open the " + which + " port " + port + ": " + e.getMessage(), e);
    }
  }

  public int metricsPort() {
    return metricsServer.port();
  }

  public int healthPort() {
    return healthServer.port();
  }

  @Override
  public void close() {
    healthServer.close();
    metricsServer.close();
  }
}
