package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * An API call about a Secret (or the resource whose value it holds) failed. Carries the verb, the
 * Secret and the HTTP code only, so its message is safe for status and events; the cause stays out
 * of both.
 */
public class SecretApiException extends RuntimeException {

  private final int code;

  public SecretApiException(
      String verb, String namespace, String name, KubernetesClientException cause) {
    this(verb, "Secret", namespace, name, cause);
  }

  /**
   * @param kind what was read or written: Secret, OpenMetadataSecret
   */
  public SecretApiException(
      String verb, String kind, String namespace, String name, KubernetesClientException cause) {
    super(
        "could not "
            + verb
            + " "
            + kind
            + " "
            + namespace
            + "/"
            + name
            + ": "
            + describe(cause.getCode()),
        cause);
    this.code = cause.getCode();
  }

  public int code() {
    return code;
  }

  private static String describe(int code) {
    return switch (code) {
      case 0 -> "the API server could not be reached";
      case 403 -> "forbidden (HTTP 403): check the operator's RBAC";
      case 404 -> "not found (HTTP 404)";
      case 409 -> "conflicting change (HTTP 409)";
      case 422 -> "rejected as invalid (HTTP 422)";
      case 429 -> "throttled by the API server (HTTP 429)";
      default -> "HTTP " + code;
    };
  }
}
