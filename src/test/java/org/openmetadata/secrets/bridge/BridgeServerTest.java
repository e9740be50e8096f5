package org.openmetadata.secrets.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BridgeServerTest {

  private final AtomicReference<ApiRequest> seen = new AtomicReference<>();
  private BridgeServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private BridgeServer start(Function<ApiRequest, Answer> handler) throws Exception {
    server = BridgeServer.start(new InetSocketAddress("127.0.0.1", 0), handler, 2, 100);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  @Test
  void handsTheRawRequestOverAndWritesTheAnswerAsJson() throws Exception {
    start(
        request -> {
          seen.set(request);
          return Answer.of(KubeStatus.notFound("x"));
        });
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/namespaces/n/secrets/a%2Fb?pretty=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body())
        .contains("\"kind\":\"Status\"", "\"reason\":\"NotFound\"", "\"code\":404");
    assertThat(seen.get().method()).isEqualTo("PUT");
    assertThat(seen.get().path()).isEqualTo("/api/v1/namespaces/n/secrets/a%2Fb");
    assertThat(seen.get().query()).isEqualTo("pretty=true");
    assertThat(seen.get().body()).asString().isEqualTo("{}");
  }

  @Test
  void aBodyOverTheBoundIsRefusedWith413AndNeverHandled() throws Exception {
    start(
        request -> {
          seen.set(request);
          return Answer.of(KubeStatus.notFound("x"));
        });
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/namespaces/n/secrets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(101)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(seen.get()).isNull();
  }

  @Test
  void aFailingHandlerIsA500StatusThatSaysNothingOfTheFailure() throws Exception {
    start(
        request -> {
          throw new IllegalStateException("value hunter2 leaked");
        });
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/api")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .contains("\"kind\":\"Status\"", "InternalError")
        .doesNotContain("hunter2");
  }
}
