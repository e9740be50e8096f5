package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.http.RawHttp;

/** The operator's HTTP endpoints on a real loopback socket (the server itself: {@code HttpServerTest}). */
class HttpEndpointsTest {

  private final AtomicReference<Readiness> readiness = new AtomicReference<>(Readiness.ready("leading as pod-1"));
  private HttpEndpoints http;

  @BeforeEach
  void start() throws Exception {
    http = new HttpEndpoints(0, () -> "oms_up 1\n", () -> true, readiness::get, () -> "PEM\n");
  }

  @AfterEach
  void stop() {
    http.close();
  }

  private RawHttp.Reply get(String path) throws Exception {
    return RawHttp.request(http.port(), "GET", path, 5000);
  }

  @Test
  void probesAnswerWhileSlowClientsHoldConnectionsOpen() throws Exception {
    // Each sends half a request and waits, as long as the test runs (the request timeout is 10 s).
    List<RawHttp> slow = RawHttp.stalled(http.port(), 8);
    try {
      // The kubelet gives a probe 2 s.
      assertThat(RawHttp.request(http.port(), "GET", "/healthz", 2000).status()).isEqualTo(200);
      assertThat(RawHttp.request(http.port(), "GET", "/readyz", 2000).status()).isEqualTo(200);
      assertThat(RawHttp.request(http.port(), "GET", "/metrics", 2000).body()).isEqualTo("oms_up 1\n");
    } finally {
      for (RawHttp c : slow) {
        c.close();
      }
    }
  }

  @Test
  void everyEndpointAnswersGetAndHead() throws Exception {
    assertThat(get("/metrics").headers()).containsEntry("content-type", "text/plain; version=0.0.4");
    assertThat(get("/healthz").body()).isEqualTo("ok\n");
    assertThat(get("/v1/cert.pem").body()).isEqualTo("PEM\n");
    for (String path : List.of("/metrics", "/healthz", "/readyz", "/v1/cert.pem")) {
      RawHttp.Reply head = RawHttp.request(http.port(), "HEAD", path, 5000);
      assertThat(head.status()).as(path).isEqualTo(200);
      assertThat(head.headers()).containsKey("content-length");
    }
  }

  @Test
  void readyzSaysWhyWithItsStatus() throws Exception {
    assertThat(get("/readyz").body()).isEqualTo("ready: leading as pod-1\n");
    readiness.set(Readiness.notReady("standby pod-2, cannot read the Lease om/lease (HTTP 403), so it could not take over"));
    RawHttp.Reply reply = get("/readyz");
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.body()).isEqualTo(
        "not ready: standby pod-2, cannot read the Lease om/lease (HTTP 403), so it could not take over\n");
  }

  @Test
  void otherMethodsAndPathsAreRefused() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
      RawHttp.Reply reply = RawHttp.request(http.port(), method, "/metrics", 5000);
      assertThat(reply.status()).as(method).isEqualTo(405);
      assertThat(reply.headers()).containsEntry("allow", "GET, HEAD");
    }
    for (String path : List.of("/metricsX", "/healthz/", "/readyz/x", "/v1/cert.pem.bak", "/v1", "/")) {
      assertThat(get(path).status()).as(path).isEqualTo(404);
    }
    assertThat(get("/readyz?verbose").status()).as("a query is ignored").isEqualTo(200);
  }
}
