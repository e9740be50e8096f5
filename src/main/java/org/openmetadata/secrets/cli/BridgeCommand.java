package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openmetadata.secrets.bridge.BridgeServer;
import org.openmetadata.secrets.bridge.Requests;
import org.openmetadata.secrets.bridge.SecretBridge;
import org.openmetadata.secrets.bridge.Translation;
import org.openmetadata.secrets.config.ConfigException;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.http.HttpServer;
import org.openmetadata.secrets.metrics.BridgeMetrics;
import org.openmetadata.secrets.runtime.HttpEndpoints;
import org.openmetadata.secrets.runtime.KubernetesClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the bridge: a sidecar of the OpenMetadata server that speaks the part of the Kubernetes API
 * its secrets manager uses and turns Secret writes into sealed OpenMetadataSecrets.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Serves OpenMetadata's Secret calls as OpenMetadataSecrets.",
      "For OpenMetadata's Kubernetes secrets manager: Secret create, get, replace and delete become"
          + " OpenMetadataSecrets sealed to the operator's key. Point OpenMetadata's kubeconfig at http://<listen>."
          + " Configured by the same environment variables as run, listed below (docs/configuration.md)."
    })
final class BridgeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:8181",
      description =
          "host:port on loopback (default: ${DEFAULT-VALUE}); other addresses are refused.")
  String listen;

  @Option(
      names = "--write-timeout",
      defaultValue = "5",
      description =
          "Seconds a write waits for the Secret to hold the new value before 504 (default: ${DEFAULT-VALUE}).")
  int writeTimeoutSeconds;

  @Option(
      names = "--metrics-port",
      defaultValue = "8182",
      description =
          "Port of the bridge's Prometheus /metrics, on every interface; 0 serves none (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--workers",
      defaultValue = "8",
      description = "Calls served at once; more wait their turn (default: ${DEFAULT-VALUE}).")
  int workers;

  @Override
  public Integer call() throws InterruptedException, IOException {
    OperatorConfig config;
    InetSocketAddress address;
    try {
      config = OperatorConfig.fromEnvironment();
      address = loopback(listen);
      if (writeTimeoutSeconds < 1 || writeTimeoutSeconds > 60 || workers < 1 || workers > 256) {
        throw new IllegalArgumentException(
            "--write-timeout must be 1 to 60 seconds and --workers 1 to 256");
      }
      if (metricsPort < 0 || metricsPort > 65535) {
        throw new IllegalArgumentException("--metrics-port must be 0 to 65535");
      }
    } catch (ConfigException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
    Duration writeTimeout = Duration.ofSeconds(writeTimeoutSeconds);
    var client = client(config, writeTimeout);
    var metrics = new BridgeMetrics();
    var bridge =
        new SecretBridge(
            client,
            new Translation(config.naming(), config.namespaces(), config.policy()),
            config.operatorNamespace(),
            writeTimeout,
            Clock.systemUTC(),
            metrics);
    BridgeServer server =
        BridgeServer.start(
            address,
            bridge::answer,
            workers,
            Requests.maxBodyBytes(config.policy().maxValueBytes()));
    HttpServer metricsServer =
        metricsPort == 0 ? null : HttpEndpoints.metricsOnly(metricsPort, metrics::scrape);
    if (!config.namespaces().all()) {
      bridge.prime(config.namespaces().names());
    }
    LOG.info(
        "bridge serving http://{}:{} for namespaces {}; sealing with the key in {}/om-secrets-operator-cert;"
            + " metrics on port {}",
        address.getHostString(),
        server.port(),
        config.namespaces(),
        config.operatorNamespace(),
        metricsServer == null ? "none" : metricsServer.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (metricsServer != null) {
                    metricsServer.close();
                  }
                  bridge.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * The bridge's client: it fails within the write timeout when the API server is away, rather than
   * after fabric8's ~20 s of retries.
   */
  private static KubernetesClient client(OperatorConfig config, Duration writeTimeout) {
    return KubernetesClients.create(
        config,
        c -> {
          c.setRequestRetryBackoffLimit(1);
          c.setRequestTimeout((int) writeTimeout.toMillis());
          return c;
        });
  }

  /** {@code host:port} resolved, refused unless loopback: the bridge trusts whoever can connect. */
  static InetSocketAddress loopback(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen must be host:port, not '" + listen + "'");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--listen port must be a number, not '" + listen.substring(colon + 1) + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--listen port must be 0 to 65535");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--listen host '" + host + "' does not resolve");
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "--listen "
              + listen
              + " is not a loopback address: the bridge answers"
              + " anyone who can connect, so it listens only inside the pod (127.0.0.1 or ::1)");
    }
    return new InetSocketAddress(address, port);
  }
}
