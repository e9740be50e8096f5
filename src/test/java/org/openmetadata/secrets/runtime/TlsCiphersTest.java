package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.TlsVersion;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: under C1 the operator's client asks for ChaCha20-Poly1305 first, and changes nothing
 * else.
 */
class TlsCiphersTest {

  // JDK 17's default order, abridged: AES-GCM first in TLS 1.3 and in TLS 1.2.
  private static final List<String> JDK =
      List.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");

  private static final TlsVersion[] FABRIC8_DEFAULT = {TlsVersion.TLS_1_3, TlsVersion.TLS_1_2};

  @Test
  void chachaSuitesMoveToTheFrontAndTheRestKeepTheirOrder() {
    assertThat(TlsCiphers.chachaFirst(JDK))
        .containsExactly(
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  }

  @Test
  void underC1TheClientOffersEverySuiteWithChachaFirstAndTheConfiguredProtocols() {
    SSLParameters parameters = TlsCiphers.parameters(false, JDK, FABRIC8_DEFAULT).orElseThrow();

    assertThat(parameters.getCipherSuites()[0]).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    assertThat(parameters.getCipherSuites()).containsExactlyInAnyOrderElementsOf(JDK);
    assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void underC2OrWithoutChachaTheJdksOwnOrderStays() {
    assertThat(TlsCiphers.parameters(true, JDK, FABRIC8_DEFAULT)).isEmpty();
    assertThat(
            TlsCiphers.parameters(
                false,
                List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"),
                FABRIC8_DEFAULT))
        .isEmpty();
  }

  @Test
  void withoutConfiguredProtocolsTheJdkDefaultsStay() {
    assertThat(TlsCiphers.parameters(false, JDK, new TlsVersion[0]).orElseThrow().getProtocols())
        .isNull();
  }

  @Test
  void theSuitesAreReadWithoutTheJdksCaStoreAndAreTheDefaultContextsOwn() throws Exception {
    assertThat(TlsCiphers.jdkSuites())
        .contains(List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()));
  }

  @Test
  void c1IsToldFromTheJvmsOwnFlags() {
    boolean c1 =
        ManagementFactory.getRuntimeMXBean()
            .getInputArguments()
            .contains("-XX:TieredStopAtLevel=1");
    assertThat(TlsCiphers.c2Compiles()).isEqualTo(!c1);
  }

  @Test
  void theFactoryPutsTheOrderOnTheJdkClientItBuilds() {
    SSLParameters parameters = TlsCiphers.parameters(false, JDK, FABRIC8_DEFAULT).orElseThrow();
    HttpClient.Builder builder = HttpClient.newBuilder();

    new TlsCiphers.Factory(parameters).additionalConfig(builder);

    SSLParameters built = builder.build().sslParameters();
    assertThat(built.getCipherSuites()).containsExactly(parameters.getCipherSuites());
    assertThat(built.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
  }
}
