package org.openmetadata.secrets.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server on real loopback sockets, driven by a bare-socket client. Timeouts here are short (300
 * ms) and every wait for them is long (5 s), so no assertion depends on the machine's speed.
 */
class HttpServerTest {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final int WAIT = 5000;

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private int start(Limits limits) throws IOException {
    server =
        HttpServer.start(
            "test",
            new InetSocketAddress("127.0.0.1", 0),
            Router.exact(
                Map.of(
                    "/ping", Route.get(r -> Response.text(200, "pong\n")),
                    "/big",
                        Route.get(
                            r ->
                                new Response(
                                    200, "application/octet-stream", new byte[32 << 20], Map.of())),
                    "/fail",
                        Route.get(
                            r -> {
                              throw new IllegalStateException("secret detail");
                            }),
                    "/echo",
                        new Route(
                            Set.of("POST", "PUT"),
                            r ->
                                new Response(
                                    200,
                                    "application/octet-stream",
                                    r.body(),
                                    Map.of("X-Query", r.query()))))),
            limits);
    return server.port();
  }

  private static Limits limits(int workers, int maxConnections, Duration timeouts) {
    return new Limits(workers, maxConnections, 1024, 2 << 20, timeouts, timeouts, timeouts);
  }

  private int startDefault() throws IOException {
    return start(limits(1, 16, Duration.ofSeconds(30)));
  }

  @Test
  void halfSentRequestsHoldNoWorker() throws Exception {
    int port = start(limits(1, 16, Duration.ofSeconds(30)));
    List<RawHttp> slow = RawHttp.stalled(port, 10);
    try {
      assertThat(RawHttp.request(port, "GET", "/ping", 2000).body()).isEqualTo("pong\n");
    } finally {
      for (RawHttp c : slow) {
        c.close();
      }
    }
  }

  @Test
  void aClientThatNeverReadsItsAnswerHoldsNoWorker() throws Exception {
    int port = startDefault();
    try (RawHttp greedy = RawHttp.connect(port, WAIT, 4096)) {
      // 32 MiB, far beyond the socket buffers: the client reads the status line and stops.
      assertThat(greedy.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n").statusLine())
          .isEqualTo("HTTP/1.1 200 OK");
      assertThat(RawHttp.request(port, "GET", "/ping", 2000).status()).isEqualTo(200);
    }
  }

  @Test
  void aRequestNotCompleteWithinTheRequestTimeoutIsClosed() throws Exception {
    int port = start(limits(1, 16, SHORT));
    try (RawHttp silent = RawHttp.connect(port, WAIT);
        RawHttp partial = RawHttp.stalled(port, 1).get(0)) {
      assertThat(silent.closedByServer()).isTrue();
      assertThat(partial.closedByServer()).isTrue();
    }
  }

  @Test
  void aKeptAliveConnectionServesSeveralRequestsThenClosesWhenIdle() throws Exception {
    int port = start(limits(1, 16, SHORT));
    try (RawHttp c = RawHttp.connect(port, WAIT)) {
      for (int i = 0; i < 3; i++) {
        assertThat(c.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n").read(true).body())
            .isEqualTo("pong\n");
      }
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    int port = startDefault();
    try (RawHttp c = RawHttp.connect(port, WAIT)) {
      c.send(
          "PUT /echo?n=1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
              + "GET /ping HTTP/1.1\r\n\r\n"
              + "POST /echo?n=2 HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nxy");
      RawHttp.Reply first = c.read(true);
      assertThat(first.body()).isEqualTo("abc");
      assertThat(first.headers()).containsEntry("x-query", "n=1");
      assertThat(c.read(true).body()).isEqualTo("pong\n");
      RawHttp.Reply last = c.read(true);
      assertThat(last.body()).isEqualTo("xy");
      assertThat(last.headers()).containsEntry("connection", "close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void anHttp10RequestGetsItsAnswerAndTheConnectionCloses() throws Exception {
    int port = startDefault();
    try (RawHttp c = RawHttp.connect(port, WAIT)) {
      RawHttp.Reply reply = c.send("GET /ping HTTP/1.0\r\n\r\n").read(true);
      assertThat(reply.body()).isEqualTo("pong\n");
      assertThat(reply.headers()).containsEntry("connection", "close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void onlyExactPathsAreServed() throws Exception {
    int port = startDefault();
    for (String path :
        List.of("/pin", "/pingX", "/ping/", "/PING", "/ping%20", "//ping", "/ping/../ping", "/")) {
      RawHttp.Reply reply = RawHttp.request(port, "GET", path, WAIT);
      assertThat(reply.status()).as(path).isEqualTo(404);
      assertThat(reply.body()).isEqualTo("Not Found\n");
    }
    // The query is the handler's business: a route matches on the path alone.
    assertThat(RawHttp.request(port, "GET", "/ping?verbose=1", WAIT).status()).isEqualTo(200);
  }

  @Test
  void otherMethodsGet405WithAllow() throws Exception {
    int port = startDefault();
    for (String method :
        List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "get", "BREW")) {
      RawHttp.Reply reply = RawHttp.request(port, method, "/ping", WAIT);
      assertThat(reply.status()).as(method).isEqualTo(405);
      assertThat(reply.headers()).containsEntry("allow", "GET, HEAD");
    }
    RawHttp.Reply echo = RawHttp.request(port, "GET", "/echo", WAIT);
    assertThat(echo.status()).isEqualTo(405);
    assertThat(echo.headers()).containsEntry("allow", "POST, PUT");
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutTheBody() throws Exception {
    int port = startDefault();
    try (RawHttp c = RawHttp.connect(port, WAIT)) {
      // Were a body sent after HEAD's headers, the next response on the connection would not parse.
      RawHttp.Reply head = c.send("HEAD /ping HTTP/1.1\r\n\r\n").read(false);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("content-length", "5");
      RawHttp.Reply get = c.send("GET /ping HTTP/1.1\r\n\r\n").read(true);
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("pong\n");
    }
  }

  @Test
  void aBodyWithinTheLimitReachesTheHandlerAndOneBeyondGets413() throws Exception {
    int port = startDefault();
    byte[] large = new byte[1_400_000];
    Arrays.fill(large, (byte) 'j');
    try (RawHttp c = RawHttp.connect(port, WAIT)) {
      c.send(
          "PUT /echo HTTP/1.1\r\nContent-Length: "
              + large.length
              + "\r\n\r\n"
              + new String(large, StandardCharsets.ISO_8859_1));
      assertThat(c.read(true).body())
          .hasSize(large.length)
          .isEqualTo(new String(large, StandardCharsets.UTF_8));
    }
    try (RawHttp c = RawHttp.connect(port, WAIT)) {
      // The client is told before it has sent its body, and gets the answer although it keeps
      // sending.
      c.send(
          "PUT /echo HTTP/1.1\r\nContent-Length: "
              + (3 << 20)
              + "\r\n\r\n"
              + new String(large, StandardCharsets.ISO_8859_1));
      RawHttp.Reply reply = c.read(true);
      assertThat(reply.status()).isEqualTo(413);
      assertThat(reply.headers()).containsEntry("connection", "close");
    }
  }

  @Test
  void malformedRequestsAreRefusedAndClosed() throws Exception {
    int port = startDefault();
    Map<String, Integer> cases =
        Map.of(
            "GARBAGE\r\n\r\n",
            400,
            "GET /ping HTTP/1.1\r\nno colon\r\n\r\n",
            400,
            "GET /ping HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
            400,
            "GET /ping HTTP/1.1\r\nX: a\nY: b\r\n\r\n",
            400,
            "GET ping HTTP/1.1\r\n\r\n",
            400,
            "GET /ping HTTP/2.0\r\n\r\n",
            505,
            "PUT /echo HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab",
            400,
            "PUT /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            400,
            "PUT /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n",
            411,
            "GET /ping HTTP/1.1\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n",
            431);
    for (var e : cases.entrySet()) {
      try (RawHttp c = RawHttp.connect(port, WAIT)) {
        RawHttp.Reply reply = c.send(e.getKey()).read(true);
        assertThat(reply.status()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(c.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void aFailingHandlerGets500WithoutItsMessage() throws Exception {
    int port = startDefault();
    RawHttp.Reply reply = RawHttp.request(port, "GET", "/fail", WAIT);
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).isEqualTo("internal error\n");
    assertThat(RawHttp.request(port, "GET", "/ping", WAIT).status())
        .as("the worker survives")
        .isEqualTo(200);
  }

  @Test
  void atTheConnectionCapANewClientReplacesTheLongestWaiting() throws Exception {
    int port = start(limits(1, 4, Duration.ofSeconds(30)));
    List<RawHttp> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) { // served one after the other, so idle from oldest to newest
        idle.add(RawHttp.connect(port, WAIT));
        assertThat(idle.get(i).send("GET /ping HTTP/1.1\r\n\r\n").read(true).status())
            .isEqualTo(200);
      }
      assertThat(RawHttp.request(port, "GET", "/ping", 2000).status()).isEqualTo(200);
      assertThat(idle.get(0).closedByServer()).as("the longest idle connection made room").isTrue();
      assertThat(idle.get(3).send("GET /ping HTTP/1.1\r\n\r\n").read(true).status()).isEqualTo(200);
    } finally {
      for (RawHttp c : idle) {
        c.close();
      }
    }
  }

  @Test
  void aFloodOfConnectionsThatNeverCompleteARequestDoesNotPushOutAKeptAliveClient()
      throws Exception {
    int port = start(limits(1, 4, Duration.ofSeconds(30)));
    try (RawHttp keptAlive = RawHttp.connect(port, WAIT)) {
      assertThat(keptAlive.send("GET /ping HTTP/1.1\r\n\r\n").read(true).status()).isEqualTo(200);
      List<RawHttp> slow =
          RawHttp.stalled(port, 20); // a slowloris: at the cap, each one makes room for the next
      try {
        // Answered after the server accepted all of them: the evictions are done.
        assertThat(RawHttp.request(port, "GET", "/ping", WAIT).status()).isEqualTo(200);
        assertThat(keptAlive.send("GET /ping HTTP/1.1\r\n\r\n").read(true).status())
            .as("the kept-alive connection, idle longer than any of them")
            .isEqualTo(200);
      } finally {
        for (RawHttp c : slow) {
          c.close();
        }
      }
    }
  }
}
