package org.openmetadata.secrets.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head parser, without sockets (refusals on the wire: {@code HttpServerTest}). */
class RequestHeadTest {

  private static RequestHead parse(String head) throws RequestHead.Rejected {
    return RequestHead.parse(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void theEndIsFoundWhenItsBytesArriveAcrossReads() {
    byte[] buf = "GET / HTTP/1.1\r\n\r\nNEXT".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(RequestHead.end(buf, 0, 17)).isEqualTo(-1);
    // The server resumes three bytes before what it has scanned, so "\r\n\r" + "\n" is still found.
    assertThat(RequestHead.end(buf, 17 - 3, buf.length)).isEqualTo(18);
  }

  @Test
  void pathQueryAndHeaders() throws Exception {
    RequestHead h =
        parse(
            "PUT /a/b?x=1&y HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a:  2 \r\nContent-Length: 7\r\n\r\n");
    assertThat(h.method()).isEqualTo("PUT");
    assertThat(h.path()).isEqualTo("/a/b");
    assertThat(h.query()).isEqualTo("x=1&y");
    assertThat(h.headers()).containsEntry("x-a", "1, 2").containsEntry("host", "h");
    assertThat(h.contentLength()).isEqualTo(7);
    assertThat(h.keepAlive()).isTrue();
  }

  @Test
  void keepAliveOnlyForHttp11WithoutConnectionClose() throws Exception {
    assertThat(parse("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n").keepAlive())
        .isFalse();
    assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isFalse();
    assertThat(parse("GET / HTTP/1.1\r\nConnection: Upgrade\r\n\r\n").keepAlive()).isTrue();
  }

  @Test
  void aRepeatedEqualContentLengthIsOneLength() throws Exception {
    assertThat(
            parse("PUT / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n")
                .contentLength())
        .isEqualTo(3);
  }
}
