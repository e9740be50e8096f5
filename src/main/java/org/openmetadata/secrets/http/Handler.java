package org.openmetadata.secrets.http;

/**
 * Answers one request on a worker thread. A handler never waits on the client (the request is
 * complete when it runs); an exception becomes a 500 whose body says nothing of it.
 */
@FunctionalInterface
public interface Handler {
  Response handle(Request request) throws Exception;
}
