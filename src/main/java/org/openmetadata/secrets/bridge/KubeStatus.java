package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;

/**
 * {@code Status} objects as the Kubernetes API server writes them (kind, apiVersion, status,
 * message, reason, details, code), so a client's {@code ApiException} carries the code and reason
 * OpenMetadata's server checks. Messages name Secrets and fields, never values.
 */
public final class KubeStatus {

  /** The resource in paths and in NotFound/AlreadyExists details. */
  static final String RESOURCE = "secrets";

  private KubeStatus() {}

  public static Status notFound(String name) {
    return failure(404, "NotFound", RESOURCE + " \"" + name + "\" not found", name);
  }

  /** A path the bridge does not serve. */
  public static Status unknownPath(String message) {
    return failure(404, "NotFound", message, null);
  }

  public static Status alreadyExists(String name, String why) {
    return failure(409, "AlreadyExists", RESOURCE + " \"" + name + "\" already exists" + suffix(why), name);
  }

  public static Status conflict(String name, String why) {
    return failure(409, "Conflict", "Operation cannot be fulfilled on " + RESOURCE + " \"" + name + "\": " + why, name);
  }

  public static Status forbidden(String name, String why) {
    return failure(403, "Forbidden", RESOURCE + " \"" + name + "\" is forbidden: " + why, name);
  }

  /** 422 with one cause naming the field, as the API server reports a failed validation. */
  public static Status invalid(String name, String field, String why) {
    Status status = failure(422, "Invalid", "Secret \"" + name + "\" is invalid: " + field + ": " + why, name);
    status.setDetails(new StatusDetailsBuilder(status.getDetails()).withKind("Secret")
        .addNewCause().withReason("FieldValueInvalid").withField(field).withMessage(why).endCause()
        .build());
    return status;
  }

  public static Status badRequest(String message) {
    return failure(400, "BadRequest", message, null);
  }

  public static Status methodNotAllowed(String message) {
    return failure(405, "MethodNotAllowed", message, null);
  }

  public static Status unsupportedMediaType(String message) {
    return failure(415, "UnsupportedMediaType", message, null);
  }

  public static Status tooLarge(String message) {
    return failure(413, "RequestEntityTooLarge", "Request entity too large: " + message, null);
  }

  public static Status timeout(String name, String message) {
    return failure(504, "Timeout", message, name);
  }

  public static Status internalError(String name, String message) {
    return failure(500, "InternalError", "Internal error occurred: " + message, name);
  }

  /** 503: the API server behind the bridge could not be reached or answered 5xx. */
  public static Status unavailable(String message) {
    return failure(503, "ServiceUnavailable", message, null);
  }

  /** What a successful delete answers. */
  public static Status deleted(String name, String uid) {
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withMetadata(new ListMeta())
        .withStatus("Success")
        .withNewDetails().withName(name).withKind(RESOURCE).withUid(uid).endDetails()
        .build();
  }

  private static Status failure(int code, String reason, String message, String name) {
    StatusBuilder builder = new StatusBuilder().withApiVersion("v1").withKind("Status").withMetadata(new ListMeta())
        .withStatus("Failure").withMessage(message).withReason(reason).withCode(code);
    if (name != null) {
      builder.withNewDetails().withName(name).withKind(RESOURCE).endDetails();
    }
    return builder.build();
  }

  private static String suffix(String why) {
    return why == null || why.isEmpty() ? "" : ": " + why;
  }
}
