package org.openmetadata.secrets.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/**
 * fabric8's in-memory API server in CRUD mode on loopback: the engine of the fast test tier and of
 * the demo jar, never of the operator's jar. It enforces no RBAC, schema, CEL or garbage
 * collection.
 */
public final class MockApiServer implements AutoCloseable {

  /** Held strongly: java.util.logging forgets the level of a logger that is garbage-collected. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;

  public MockApiServer() {
    // The mock web server logs every request through java.util.logging at INFO.
    MOCK_LOG.setLevel(Level.WARNING);
    CustomResourceDefinitionContext crd =
        CustomResourceDefinitionContext.fromCustomResourceType(OpenMetadataSecret.class);
    // Mixed: stored objects behave as in CRUD mode, and tests can still add fixed responses for
    // what CRUD cannot answer (reviews computed by a real server).
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses, List.of(crd)),
            false);
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("could not start the mock API server on loopback", e);
    }
  }

  /**
   * A server whose clients are told that the API group of OpenMetadataSecret and ResealRequest is
   * not served (the only way to make {@code supports} false here: CRUD mode serves any resource),
   * as a cluster where helm upgrade did not install the ResealRequest CRD. Only that question is
   * answered so: the resources themselves are still served.
   */
  public static MockApiServer withoutResealRequests() {
    MockApiServer server = new MockApiServer();
    server.server.setUnsupported(OpenMetadataSecret.GROUP);
    return server;
  }

  /** A fixed response for a request that CRUD mode cannot answer. */
  public MockServerExpectation expect() {
    return server.expect();
  }

  public KubernetesClient createClient() {
    return server.createClient();
  }

  @Override
  public void close() {
    server.destroy();
  }
}
