package org.openmetadata.secrets.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openmetadata.secrets.desired.DesiredSecret;

/**
 * Turns an HTTP request into the {@link SecretCall} it makes, or refuses it: exactly the four
 * routes OpenMetadata's server uses, and a Secret body with one data key {@code value}. Pure.
 */
public final class Requests {

  static final String COLLECTION = "/api/v1/namespaces/{namespace}/secrets";
  private static final String SERVED =
      "the bridge serves only create, get, replace and delete of Secrets ("
          + COLLECTION
          + " and "
          + COLLECTION
          + "/{name})";

  /** Labels, annotations, ownerReferences and the rest of a Secret read back and replaced. */
  private static final int METADATA_ROOM = 64 * 1024;

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private Requests() {}

  /** The largest body worth reading: the base64 of the largest value, plus room for metadata. */
  public static int maxBodyBytes(int maxValueBytes) {
    return (maxValueBytes + 2) / 3 * 4 + METADATA_ROOM;
  }

  public static SecretCall parse(ApiRequest request) throws Refusal {
    String[] parts = request.path().split("/", -1);
    // "", "api", "v1", "namespaces", ns, "secrets" [, name]
    if (parts.length < 6
        || parts.length > 7
        || !parts[0].isEmpty()
        || !"api".equals(parts[1])
        || !"v1".equals(parts[2])
        || !"namespaces".equals(parts[3])
        || !"secrets".equals(parts[5])) {
      throw new Refusal(KubeStatus.unknownPath(SERVED));
    }
    String namespace = parts[4];
    if (namespace.length() > 63 || !NAMESPACE.matcher(namespace).matches()) {
      throw new Refusal(
          KubeStatus.unknownPath(
              "namespace \"" + namespace + "\" is not a namespace name; " + SERVED));
    }
    Set<String> parameters = parameters(request.query());
    if (parameters.contains("dryRun")) {
      throw new Refusal(KubeStatus.badRequest("dryRun is not supported by the bridge"));
    }
    if (parameters.contains("watch")) {
      throw new Refusal(
          KubeStatus.methodNotAllowed("watch is not served by the bridge; " + SERVED));
    }
    if (parts.length == 6) {
      return create(request, namespace);
    }
    String name = parts[6];
    return switch (request.method()) {
      case "GET" -> new SecretCall.Read(namespace, name);
      case "DELETE" -> new SecretCall.Delete(namespace, name);
      case "PUT" -> {
        Secret body = body(request);
        String bodyName = body.getMetadata() == null ? null : body.getMetadata().getName();
        if (bodyName != null && !bodyName.equals(name)) {
          throw new Refusal(
              KubeStatus.badRequest(
                  "the name of the object ("
                      + bodyName
                      + ") does not match the name on the URL ("
                      + name
                      + ")"));
        }
        checkNamespace(body.getMetadata(), namespace);
        yield new SecretCall.Replace(namespace, name, value(body, name));
      }
      default ->
          throw new Refusal(
              KubeStatus.methodNotAllowed(
                  request.method()
                      + " is not served by the bridge"
                      + ("PATCH".equals(request.method())
                          ? " (OpenMetadata replaces Secrets: PUT)"
                          : "")
                      + "; "
                      + SERVED));
    };
  }

  /** A request on the collection: only a create (POST) is served. */
  private static SecretCall create(ApiRequest request, String namespace) throws Refusal {
    if (!"POST".equals(request.method())) {
      throw new Refusal(
          KubeStatus.methodNotAllowed(
              ("GET".equals(request.method()) ? "list is" : request.method() + " is")
                  + " not served by the bridge; "
                  + SERVED));
    }
    Secret body = body(request);
    String name = body.getMetadata() == null ? null : body.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      throw new Refusal(
          KubeStatus.invalid(
              "",
              "metadata.name",
              "Required value: the bridge needs the Secret's name"
                  + " (generateName is not supported)"));
    }
    checkNamespace(body.getMetadata(), namespace);
    return new SecretCall.Create(
        namespace, name, value(body, name), Boolean.TRUE.equals(body.getImmutable()));
  }

  /**
   * The Secret in a JSON body; the parser's own message is never echoed, since it may quote the
   * input.
   */
  private static Secret body(ApiRequest request) throws Refusal {
    String type =
        request.contentType() == null ? "" : request.contentType().split(";", 2)[0].strip();
    if (!type.toLowerCase(Locale.ROOT).equals("application/json")) {
      throw new Refusal(
          KubeStatus.unsupportedMediaType(
              "the bridge accepts application/json bodies only, not '" + type + "'"));
    }
    Secret secret;
    try {
      secret = Serialization.jsonMapper().readValue(request.body(), Secret.class);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new Refusal(KubeStatus.badRequest("the request body is not a Secret in JSON" + where));
    } catch (IOException e) {
      throw new Refusal(KubeStatus.badRequest("the request body is not a Secret in JSON"));
    }
    if (secret == null) {
      throw new Refusal(KubeStatus.badRequest("the request body is empty"));
    }
    if ((secret.getKind() != null && !"Secret".equals(secret.getKind()))
        || (secret.getApiVersion() != null && !"v1".equals(secret.getApiVersion()))) {
      throw new Refusal(
          KubeStatus.badRequest(
              "the request body is a "
                  + secret.getApiVersion()
                  + " "
                  + secret.getKind()
                  + ", not a v1 Secret"));
    }
    return secret;
  }

  private static void checkNamespace(ObjectMeta metadata, String namespace) throws Refusal {
    if (metadata != null
        && metadata.getNamespace() != null
        && !metadata.getNamespace().isEmpty()
        && !metadata.getNamespace().equals(namespace)) {
      throw new Refusal(
          KubeStatus.badRequest(
              "the namespace of the provided object does not match the namespace sent on the request"));
    }
  }

  /** The bytes of data key {@code value}, the only key OpenMetadata writes and reads. */
  private static byte[] value(Secret body, String name) throws Refusal {
    if (body.getType() != null
        && !body.getType().isEmpty()
        && !DesiredSecret.TYPE.equals(body.getType())) {
      throw new Refusal(
          KubeStatus.invalid(
              name,
              "type",
              "Unsupported value: \""
                  + body.getType()
                  + "\": the bridge stores Opaque Secrets only"));
    }
    if (body.getStringData() != null && !body.getStringData().isEmpty()) {
      throw new Refusal(
          KubeStatus.invalid(
              name,
              "stringData",
              "Forbidden: send the value base64-encoded in data." + DesiredSecret.DATA_KEY));
    }
    Map<String, String> data = body.getData() == null ? Map.of() : body.getData();
    for (String key : data.keySet()) {
      if (!DesiredSecret.DATA_KEY.equals(key)) {
        throw new Refusal(
            KubeStatus.invalid(
                name,
                "data[" + key + "]",
                "Forbidden: the bridge stores one data key, "
                    + DesiredSecret.DATA_KEY
                    + ", as OpenMetadata writes"));
      }
    }
    String encoded = data.get(DesiredSecret.DATA_KEY);
    if (encoded == null) {
      throw new Refusal(
          KubeStatus.invalid(name, "data[" + DesiredSecret.DATA_KEY + "]", "Required value"));
    }
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          KubeStatus.badRequest("data[" + DesiredSecret.DATA_KEY + "] is not base64"));
    }
  }

  /** Query parameter names (their values are not needed). */
  private static Set<String> parameters(String query) {
    return query == null || query.isEmpty()
        ? Set.of()
        : Arrays.stream(query.split("&")).map(p -> p.split("=", 2)[0]).collect(Collectors.toSet());
  }
}
