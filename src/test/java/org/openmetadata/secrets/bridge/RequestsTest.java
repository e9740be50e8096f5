package org.openmetadata.secrets.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestsTest {

  static final String SECRETS = "/api/v1/namespaces/openmetadata/secrets";
  static final String NAME = "openmetadata-database-mysql-password";

  /** What OpenMetadata's createNamespacedSecret sends (client-java's V1Secret, data as base64). */
  static final String CREATE_BODY =
      """
      {"metadata":{"name":"openmetadata-database-mysql-password","namespace":"openmetadata",
        "labels":{"app":"openmetadata","managed-by":"openmetadata-secrets-manager","team":"data"}},
       "data":{"value":"czNjcjN0"}}""";

  /** What its replaceNamespacedSecret sends: the Secret it read, with new data. */
  static final String REPLACE_BODY =
      """
      {"apiVersion":"v1","kind":"Secret","type":"Opaque",
       "metadata":{"name":"openmetadata-database-mysql-password","namespace":"openmetadata",
        "resourceVersion":"42","uid":"u-1","creationTimestamp":"2026-01-01T00:00:00Z",
        "labels":{"app":"openmetadata","managed-by":"openmetadata-secrets-manager",
                  "app.kubernetes.io/managed-by":"om-secrets-operator"},
        "ownerReferences":[{"apiVersion":"secrets.open-metadata.org/v1alpha1","kind":"OpenMetadataSecret",
          "name":"openmetadata-database-mysql-password","uid":"r-1","controller":true,"blockOwnerDeletion":true}]},
       "data":{"value":"bjN3"}}""";

  static ApiRequest request(String method, String path, String body) {
    return new ApiRequest(
        method,
        path,
        "",
        body == null ? null : "application/json",
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  static Refusal refusal(ApiRequest request) {
    Throwable thrown = catchThrowable(() -> Requests.parse(request));
    assertThat(thrown).isInstanceOf(Refusal.class);
    return (Refusal) thrown;
  }

  @Test
  void createCarriesNameAndValueAndIgnoresLabels() throws Refusal {
    SecretCall call = Requests.parse(request("POST", SECRETS, CREATE_BODY));
    assertThat(call)
        .isInstanceOfSatisfying(
            SecretCall.Create.class,
            create -> {
              assertThat(create.namespace()).isEqualTo("openmetadata");
              assertThat(create.name()).isEqualTo(NAME);
              assertThat(new String(create.value(), StandardCharsets.UTF_8)).isEqualTo("s3cr3t");
              assertThat(create.immutable()).isFalse();
            });
  }

  @Test
  void replaceAcceptsTheSecretTheServerReadBack() throws Refusal {
    SecretCall call = Requests.parse(request("PUT", SECRETS + "/" + NAME, REPLACE_BODY));
    assertThat(call)
        .isInstanceOfSatisfying(
            SecretCall.Replace.class,
            replace -> {
              assertThat(replace.name()).isEqualTo(NAME);
              assertThat(new String(replace.value(), StandardCharsets.UTF_8)).isEqualTo("n3w");
            });
  }

  @Test
  void readAndDeleteNeedNoBody() throws Refusal {
    assertThat(Requests.parse(request("GET", SECRETS + "/" + NAME, null)))
        .isEqualTo(new SecretCall.Read("openmetadata", NAME));
    // client-java sends DeleteOptions (or nothing); the resource's deletionPolicy decides.
    assertThat(
            Requests.parse(
                request("DELETE", SECRETS + "/" + NAME, "{\"propagationPolicy\":\"Orphan\"}")))
        .isEqualTo(new SecretCall.Delete("openmetadata", NAME));
  }

  @ParameterizedTest
  @CsvSource({
    // method, path, code, reason
    "GET, /api/v1/namespaces/openmetadata/secrets, 405, MethodNotAllowed",
    "PATCH, /api/v1/namespaces/openmetadata/secrets/x, 405, MethodNotAllowed",
    "POST, /api/v1/namespaces/openmetadata/secrets/x, 405, MethodNotAllowed",
    "GET, /api/v1/namespaces/openmetadata/configmaps/x, 404, NotFound",
    "GET, /apis/secrets.open-metadata.org/v1alpha1/namespaces/openmetadata/openmetadatasecrets/x, 404, NotFound",
    "GET, /api/v1/namespaces/openmetadata/secrets/x/status, 404, NotFound",
    "GET, /api/v1/secrets, 404, NotFound",
    "GET, /api/v1/namespaces/Open_Metadata/secrets/x, 404, NotFound",
    "GET, /api, 404, NotFound",
  })
  void onlyTheFourSecretCallsAreServed(String method, String path, int code, String reason) {
    Refusal refusal = refusal(request(method, path, null));
    assertThat(refusal.status().getCode()).isEqualTo(code);
    assertThat(refusal.status().getReason()).isEqualTo(reason);
    assertThat(refusal.status().getMessage())
        .contains("the bridge serves only create, get, replace and delete");
  }

  @Test
  void watchAndDryRunAreRefused() {
    Refusal watch =
        refusal(new ApiRequest("GET", SECRETS, "watch=true&resourceVersion=1", null, new byte[0]));
    assertThat(watch.status().getCode()).isEqualTo(405);
    Refusal dryRun =
        refusal(
            new ApiRequest(
                "POST",
                SECRETS,
                "dryRun=All",
                "application/json",
                CREATE_BODY.getBytes(StandardCharsets.UTF_8)));
    assertThat(dryRun.status().getCode()).isEqualTo(400);
  }

  @Test
  void malformedJsonIsABadRequestThatDoesNotEchoTheBody() {
    Refusal refusal = refusal(request("POST", SECRETS, "{\"data\":{\"value\": hunter2-plain"));
    assertThat(refusal.status().getCode()).isEqualTo(400);
    assertThat(refusal.status().getReason()).isEqualTo("BadRequest");
    assertThat(refusal.status().getMessage())
        .startsWith("the request body is not a Secret in JSON (line 1")
        .doesNotContain("hunter2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // body | code | reason | message part
        "{\"metadata\":{\"name\":\"n\"},\"data\":{\"value\":\"dg==\",\"password\":\"dg==\"}} | 422 | Invalid | data[password]",
        "{\"metadata\":{\"name\":\"n\"},\"stringData\":{\"value\":\"v\"}} | 422 | Invalid | stringData",
        "{\"metadata\":{\"name\":\"n\"},\"data\":{}} | 422 | Invalid | data[value]: Required value",
        "{\"metadata\":{\"generateName\":\"n-\"},\"data\":{\"value\":\"dg==\"}} | 422 | Invalid | metadata.name",
        "{\"metadata\":{\"name\":\"n\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"value\":\"dg==\"}} | 422 | Invalid | type",
        "{\"metadata\":{\"name\":\"n\"},\"data\":{\"value\":\"not base64!\"}} | 400 | BadRequest | not base64",
        "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"n\"}} | 400 | BadRequest | not a v1 Secret",
        "{\"metadata\":{\"name\":\"n\",\"namespace\":\"other\"},\"data\":{\"value\":\"dg==\"}} | 400 | BadRequest | namespace",
        "null | 400 | BadRequest | empty",
        "[] | 400 | BadRequest | not a Secret in JSON",
      })
  void badBodiesAreRefusedWithTheirField(String body, int code, String reason, String part) {
    Refusal refusal = refusal(request("POST", SECRETS, body));
    assertThat(refusal.status().getCode()).isEqualTo(code);
    assertThat(refusal.status().getReason()).isEqualTo(reason);
    assertThat(refusal.status().getMessage()).contains(part);
  }

  @Test
  void aReplaceOfAnotherNameIsABadRequest() {
    Refusal refusal = refusal(request("PUT", SECRETS + "/other", REPLACE_BODY));
    assertThat(refusal.status().getCode()).isEqualTo(400);
    assertThat(refusal.status().getMessage()).contains("does not match the name on the URL");
  }

  @Test
  void onlyJsonBodiesAreAccepted() {
    Refusal refusal =
        refusal(
            new ApiRequest(
                "POST",
                SECRETS,
                "",
                "application/yaml",
                "metadata: {name: n}".getBytes(StandardCharsets.UTF_8)));
    assertThat(refusal.status().getCode()).isEqualTo(415);
    assertThat(refusal.status().getReason()).isEqualTo("UnsupportedMediaType");
    assertThatCode(
            () ->
                Requests.parse(
                    new ApiRequest(
                        "POST",
                        SECRETS,
                        "",
                        "application/json; charset=utf-8",
                        CREATE_BODY.getBytes(StandardCharsets.UTF_8))))
        .doesNotThrowAnyException();
  }
}
