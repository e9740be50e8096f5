package org.openmetadata.secrets.http;

import java.time.Duration;

/**
 * What one client may cost the server.
 *
 * @param workers threads that run handlers; they never wait on a client
 * @param maxConnections open connections; at the limit a new one replaces the connection that has
 *     waited longest on its client, one that never completed a request before one kept alive
 * @param maxHeadBytes request line plus headers (431 beyond)
 * @param maxBodyBytes Content-Length accepted (413 beyond)
 * @param requestTimeout from a request's first byte (or the connection's opening) to its last
 * @param idleTimeout a kept-alive connection with no request
 * @param writeTimeout for the client to take a response
 */
public record Limits(
    int workers,
    int maxConnections,
    int maxHeadBytes,
    int maxBodyBytes,
    Duration requestTimeout,
    Duration idleTimeout,
    Duration writeTimeout) {

  public Limits {
    if (workers < 1 || maxConnections < 1 || maxHeadBytes < 64 || maxBodyBytes < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
