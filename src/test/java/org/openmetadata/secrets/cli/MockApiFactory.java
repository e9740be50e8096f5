package org.openmetadata.secrets.cli;

import org.openmetadata.secrets.demo.MockApiServer;
import picocli.CommandLine;

/**
 * Makes the commands as picocli's default factory does, but connected to a mock API server,
 * whatever the options.
 */
final class MockApiFactory implements CommandLine.IFactory {

  private final MockApiServer server;

  MockApiFactory(MockApiServer server) {
    this.server = server;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (type == KubeConnection.class) {
      return type.cast(new KubeConnection((kubeconfig, context) -> server.createClient()));
    }
    return CommandLine.defaultFactory().create(type);
  }
}
