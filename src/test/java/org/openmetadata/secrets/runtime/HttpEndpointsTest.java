package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.http.RawHttp;

/**
 * The operator's HTTP endpoints on real loopback sockets (the server itself: {@code
 * HttpServerTest}).
 */
class HttpEndpointsTest {

  private final AtomicReference<Readiness> readiness =
      new AtomicReference<>(Readiness.ready("leading as pod-1"));
  private HttpEndpoints http;

  @BeforeEach
  void start() throws Exception {
    http = new HttpEndpoints(0, 0, () -> "oms_up 1\n", () -> true, readiness::get, () -> "PEM\n");
  }

  @AfterEach
  void stop() {
    http.close();
  }

  private RawHttp.Reply get(int port, String path) throws Exception {
    return RawHttp.request(port, "GET", path, 5000);
  }

  private static void closeAll(List<RawHttp> connections) throws Exception {
    for (RawHttp c : connections) {
      c.close();
    }
  }

  @Test
  void aProbeIsAnsweredWhileClientsChurnMoreConnectionsThanTheMetricsPortHolds() throws Exception {
    // The kubelet has connected but its request has not arrived yet: on a shared port this is the
    // connection that has waited longest, the first one a new connection at the cap replaces.
    RawHttp probe = RawHttp.connect(http.healthPort(), 5000);
    List<RawHttp> churn = new ArrayList<>();
    try {
      for (int i = 0; i < HttpEndpoints.METRICS_LIMITS.maxConnections(); i++) {
        churn.add(RawHttp.connect(http.metricsPort(), 30_000));
      }
      // Answered only once the server has accepted (in order) every connection before it.
      RawHttp last = RawHttp.connect(http.metricsPort(), 5000);
      churn.add(last);
      assertThat(last.send("GET /metrics HTTP/1.1\r\nHost: scraper\r\n\r\n").read(true).status())
          .isEqualTo(200);

      RawHttp.Reply reply =
          probe
              .send("GET /healthz HTTP/1.1\r\nHost: kubelet\r\nConnection: close\r\n\r\n")
              .read(true);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo("ok\n");
    } finally {
      probe.close();
      closeAll(churn);
    }
  }

  @Test
  void probesAnswerWhileSlowClientsHoldEveryMetricsConnection() throws Exception {
    // Each sends half a request and waits, as long as the test runs (the request timeout is 10 s).
    List<RawHttp> slow =
        RawHttp.stalled(http.metricsPort(), HttpEndpoints.METRICS_LIMITS.maxConnections());
    try {
      // The kubelet gives a probe 2 s.
      assertThat(RawHttp.request(http.healthPort(), "GET", "/healthz", 2000).status())
          .isEqualTo(200);
      assertThat(RawHttp.request(http.healthPort(), "GET", "/readyz", 2000).status())
          .isEqualTo(200);
      assertThat(RawHttp.request(http.metricsPort(), "GET", "/metrics", 2000).body())
          .isEqualTo("oms_up 1\n");
    } finally {
      closeAll(slow);
    }
  }

  @Test
  void eachPortServesOnlyItsOwnPaths() throws Exception {
    for (String path : List.of("/healthz", "/readyz")) {
      assertThat(get(http.metricsPort(), path).status()).as("metrics port, " + path).isEqualTo(404);
    }
    for (String path : List.of("/metrics", "/v1/cert.pem")) {
      assertThat(get(http.healthPort(), path).status()).as("health port, " + path).isEqualTo(404);
    }
  }

  @Test
  void everyEndpointAnswersGetAndHead() throws Exception {
    assertThat(get(http.metricsPort(), "/metrics").headers())
        .containsEntry("content-type", "text/plain; version=0.0.4");
    assertThat(get(http.healthPort(), "/healthz").body()).isEqualTo("ok\n");
    assertThat(get(http.metricsPort(), "/v1/cert.pem").body()).isEqualTo("PEM\n");
    Map<String, Integer> ports =
        Map.of(
            "/metrics",
            http.metricsPort(),
            "/v1/cert.pem",
            http.metricsPort(),
            "/healthz",
            http.healthPort(),
            "/readyz",
            http.healthPort());
    for (var pathAndPort : ports.entrySet()) {
      String path = pathAndPort.getKey();
      RawHttp.Reply head = RawHttp.request(pathAndPort.getValue(), "HEAD", path, 5000);
      assertThat(head.status()).as(path).isEqualTo(200);
      assertThat(head.headers()).containsKey("content-length");
    }
  }

  @Test
  void readyzSaysWhyWithItsStatus() throws Exception {
    assertThat(get(http.healthPort(), "/readyz").body()).isEqualTo("ready: leading as pod-1\n");
    readiness.set(
        Readiness.notReady(
            "standby pod-2, cannot read the Lease om/lease (HTTP 403), so it could not take over"));
    RawHttp.Reply reply = get(http.healthPort(), "/readyz");
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.body())
        .isEqualTo(
            "not ready: standby pod-2, cannot read the Lease om/lease (HTTP 403), so it could not take over\n");
  }

  @Test
  void otherMethodsAndPathsAreRefused() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
      for (int port : List.of(http.metricsPort(), http.healthPort())) {
        RawHttp.Reply reply =
            RawHttp.request(
                port, method, port == http.healthPort() ? "/healthz" : "/metrics", 5000);
        assertThat(reply.status()).as(method).isEqualTo(405);
        assertThat(reply.headers()).containsEntry("allow", "GET, HEAD");
      }
    }
    for (String path : List.of("/metricsX", "/v1/cert.pem.bak", "/v1", "/")) {
      assertThat(get(http.metricsPort(), path).status()).as(path).isEqualTo(404);
    }
    for (String path : List.of("/healthz/", "/readyz/x", "/")) {
      assertThat(get(http.healthPort(), path).status()).as(path).isEqualTo(404);
    }
    assertThat(get(http.healthPort(), "/readyz?verbose").status())
        .as("a query is ignored")
        .isEqualTo(200);
  }

  @Test
  void aPortInUseIsNamedInTheError() {
    int taken = http.metricsPort();
    assertThat(
            catchThrowableOfType(
                () -> new HttpEndpoints(0, taken, () -> "", () -> true, readiness::get, () -> ""),
                IOException.class))
        .hasMessageStartingWith("could not open the health port " + taken + ": ");
  }
}
