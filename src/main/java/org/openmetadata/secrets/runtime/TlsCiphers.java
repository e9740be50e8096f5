package org.openmetadata.secrets.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * Which TLS cipher the operator's client asks the API server for first. The JDK offers AES-GCM
 * first, which is fast only where C2's AES and GHASH intrinsics run; the image runs C1 only
 * (Dockerfile), where the JDK's AES-GCM decrypts about 27 MB per CPU second and its
 * ChaCha20-Poly1305 about 127, and every watch event, list page and response passes through it
 * (docs/benchmarks.md, "TLS cipher order"). The API server (Go's TLS) takes the client's first
 * choice when that is ChaCha20-Poly1305, so only the order changes: every suite the JDK enables
 * stays enabled, and the one chosen has a 256-bit key where the default choice had a 128-bit one.
 */
public final class TlsCiphers {

  private static final String CHACHA20 = "_CHACHA20_POLY1305_";

  private TlsCiphers() {}

  /** {@code suites} with the ChaCha20-Poly1305 ones first, otherwise in their order. */
  static List<String> chachaFirst(List<String> suites) {
    List<String> ordered = new ArrayList<>(suites.size());
    suites.stream().filter(s -> s.contains(CHACHA20)).forEach(ordered::add);
    suites.stream().filter(s -> !s.contains(CHACHA20)).forEach(ordered::add);
    return ordered;
  }

  /**
   * The parameters for a client whose JVM compiles with C2 or not: empty when the JDK's own order
   * is the faster one (C2's AES-GCM: about 1,900 MB/s) or when it enables no ChaCha20-Poly1305
   * suite (e.g. a FIPS provider); {@code tlsVersions} are the client's protocols, as fabric8 sets
   * them.
   */
  public static Optional<SSLParameters> parameters(
      boolean c2, List<String> enabled, TlsVersion[] tlsVersions) {
    if (c2 || enabled.stream().noneMatch(s -> s.contains(CHACHA20))) {
      return Optional.empty();
    }
    String[] protocols =
        tlsVersions == null || tlsVersions.length == 0
            ? null
            : Arrays.stream(tlsVersions).map(TlsVersion::javaName).toArray(String[]::new);
    return Optional.of(new SSLParameters(chachaFirst(enabled).toArray(String[]::new), protocols));
  }

  /**
   * The parameters for this JVM, from its JIT and the suites its TLS provider enables by default.
   */
  static Optional<SSLParameters> forThisJvm(TlsVersion[] tlsVersions) {
    return jdkSuites().flatMap(suites -> parameters(c2Compiles(), suites, tlsVersions));
  }

  /** The suites a TLS client of this JVM enables by default, in the JDK's order. */
  static Optional<List<String>> jdkSuites() {
    try {
      // A context without key or trust managers: SSLContext.getDefault() would load the JDK's CA
      // store
      // (about 50 ms of a C1 start) only to list the same suites.
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(new KeyManager[0], new TrustManager[0], null);
      return Optional.of(List.of(tls.getDefaultSSLParameters().getCipherSuites()));
    } catch (NoSuchAlgorithmException | KeyManagementException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether C2 compiles in this JVM; when that cannot be told, assume so and keep the JDK's order.
   */
  static boolean c2Compiles() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (vm == null) {
      return true;
    }
    try {
      boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
      return !tiered || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /**
   * fabric8's JDK HTTP client with {@code parameters} on every client it builds (watches and
   * derived clients included). They replace the protocols fabric8 set, so they carry the same ones.
   */
  static final class Factory extends JdkHttpClientFactory {
    private final SSLParameters parameters;

    Factory(SSLParameters parameters) {
      this.parameters = parameters;
    }

    @Override
    protected void additionalConfig(HttpClient.Builder builder) {
      builder.sslParameters(parameters);
    }
  }
}
