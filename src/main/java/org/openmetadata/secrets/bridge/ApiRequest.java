package org.openmetadata.secrets.bridge;

/**
 * An HTTP request as the bridge's edge hands it over, whatever server read it.
 *
 * @param path the target up to {@code ?}, exactly as sent
 * @param query what follows {@code ?}, raw; empty when there is none
 * @param contentType the Content-Type header, or null
 */
public record ApiRequest(
    String method, String path, String query, String contentType, byte[] body) {}
