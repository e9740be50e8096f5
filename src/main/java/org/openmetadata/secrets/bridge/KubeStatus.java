package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import org.openmetadata.secrets.api.ReaderRole;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.policy.Denial;
import org.openmetadata.secrets.policy.Rule;

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
    return failure(
        409, "AlreadyExists", RESOURCE + " \"" + name + "\" already exists" + suffix(why), name);
  }

  public static Status conflict(String name, String why) {
    return failure(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + RESOURCE + " \"" + name + "\": " + why,
        name);
  }

  public static Status forbidden(String name, String why) {
    return failure(403, "Forbidden", RESOURCE + " \"" + name + "\" is forbidden: " + why, name);
  }

  /** 422 with one cause naming the field, as the API server reports a failed validation. */
  public static Status invalid(String name, String field, String why) {
    Status status =
        failure(422, "Invalid", "Secret \"" + name + "\" is invalid: " + field + ": " + why, name);
    status.setDetails(
        new StatusDetailsBuilder(status.getDetails())
            .withKind("Secret")
            .addNewCause()
            .withReason("FieldValueInvalid")
            .withField(field)
            .withMessage(why)
            .endCause()
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

  /**
   * A write admission refused, as the API server would answer it: the size rule with 413 (naming
   * the setting), the rest as the operator's own refusal with that reason would be.
   */
  public static Status denied(String name, Denial denial) {
    return denial.rule() == Rule.SIZE
        ? tooLarge(denial.message() + " (OM_SM_MAX_VALUE_BYTES)")
        : refusedBy(name, denial.reason(), denial.message());
  }

  /**
   * The operator's failure {@code reason} (not Synced, not the retried ApiError) for a write's
   * value.
   */
  public static Status refusedBy(String name, Reason reason, String message) {
    return switch (reason) {
      case Conflict -> alreadyExists(name, message);
      case NameCollision -> conflict(name, message);
      case PolicyDenied -> forbidden(name, message);
      case InvalidSpec -> invalid(name, "data[" + DesiredSecret.DATA_KEY + "]", message);
      default -> internalError(name, message);
    };
  }

  /** Why the bridge's identity may not read {@code what}, and how to grant it. */
  static String notGranted(String what) {
    return "this identity may not read "
        + what
        + ": the operator grants get on the Secrets it manages through Role "
        + ReaderRole.NAME
        + " to its readers (OM_SM_READER_SUBJECTS, chart value readers.subjects), which must"
        + " include the OpenMetadata server's ServiceAccount";
  }

  /**
   * The Status of a write that did not finish in time; the resource stays and takes effect later.
   */
  public static Status timedOut(String namespace, String name, String why, long seconds) {
    return timeout(
        name,
        "OpenMetadataSecret "
            + namespace
            + "/"
            + name
            + " was written, but after "
            + seconds
            + "s "
            + why
            + "; the operator applies it when it can, and a read returns the Secret once it"
            + " holds the value");
  }

  /**
   * A failed call of the bridge to the API server, as the Status OpenMetadata gets: the HTTP code
   * only, since the API server's message could quote a field of what was sent.
   */
  public static Status apiFailure(String name, int code) {
    if (code <= 0 || code >= 500 || code == 429) {
      return unavailable(
          "the Kubernetes API server did not answer the bridge"
              + (code <= 0 ? " (could not connect)" : " (HTTP " + code + ")"));
    }
    if (code == 403) {
      return forbidden(
          name,
          "the API server refused the bridge's identity (HTTP 403): it needs the"
              + " chart's openmetadataServer Role (create, get, list, watch, update, delete on openmetadatasecrets)");
    }
    if (code == 409) {
      return conflict(name, "the OpenMetadataSecret changed concurrently; try again");
    }
    return internalError(name, "the API server answered the bridge with HTTP " + code);
  }

  /**
   * The answer to a delete of the resource with UID {@code uid} that the API server refused with
   * {@code code}.
   */
  public static Status notDeleted(String namespace, String name, String uid, int code) {
    return switch (code) {
      case 404 -> notFound(name);
      case 409 ->
          conflict(
              name,
              "OpenMetadataSecret "
                  + namespace
                  + "/"
                  + name
                  + " was deleted and"
                  + " created again since the bridge checked it (UID "
                  + uid
                  + "); the new one was not deleted. Try again"
                  + " if OpenMetadata should delete the new one too");
      default -> apiFailure(name, code);
    };
  }

  /** What a successful delete answers. */
  public static Status deleted(String name, String uid) {
    return new StatusBuilder()
        .withApiVersion("v1")
        .withKind("Status")
        .withMetadata(new ListMeta())
        .withStatus("Success")
        .withNewDetails()
        .withName(name)
        .withKind(RESOURCE)
        .withUid(uid)
        .endDetails()
        .build();
  }

  private static Status failure(int code, String reason, String message, String name) {
    StatusBuilder builder =
        new StatusBuilder()
            .withApiVersion("v1")
            .withKind("Status")
            .withMetadata(new ListMeta())
            .withStatus("Failure")
            .withMessage(message)
            .withReason(reason)
            .withCode(code);
    if (name != null) {
      builder.withNewDetails().withName(name).withKind(RESOURCE).endDetails();
    }
    return builder.build();
  }

  private static String suffix(String why) {
    return why == null || why.isEmpty() ? "" : ": " + why;
  }
}
