package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.net.URI;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.runtime.TlsCiphers;

/**
 * Issue 13: what the C1 operator's cipher order rests on. The API server picks AES-GCM for the
 * JDK's own order and ChaCha20-Poly1305 when the operator's client offers it first.
 */
@ExtendWith(ControlPlaneExtension.class)
class TlsCipherIT {

  @Test
  void theApiServerTakesTheFirstCipherTheOperatorOffers(ControlPlane cp) throws Exception {
    Config config = cp.admin().getConfiguration();
    SSLContext tls = SSLUtils.sslContext(config);
    List<String> jdkOrder = List.of(tls.getDefaultSSLParameters().getCipherSuites());
    SSLParameters c1 =
        TlsCiphers.parameters(false, jdkOrder, config.getTlsVersions()).orElseThrow();

    assertThat(negotiated(tls, config, tls.getDefaultSSLParameters())).contains("_AES_");
    assertThat(negotiated(tls, config, c1)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
  }

  private static String negotiated(SSLContext tls, Config config, SSLParameters offer)
      throws Exception {
    URI server = URI.create(config.getMasterUrl());
    try (SSLSocket socket =
        (SSLSocket) tls.getSocketFactory().createSocket(server.getHost(), server.getPort())) {
      socket.setSSLParameters(offer);
      socket.startHandshake();
      return socket.getSession().getCipherSuite();
    }
  }
}
