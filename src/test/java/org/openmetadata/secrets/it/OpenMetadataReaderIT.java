package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ReaderRole;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * The operator writes; OpenMetadata's own Python reader, configured as ingestion configures it and
 * running as the reader ServiceAccount, reads back the very bytes, under the very names that
 * OpenMetadata's server stores as {@code secret:<name>} references.
 */
@ExtendWith(ControlPlaneExtension.class)
@DisplayName(
    "OpenMetadata's reader (openmetadata-ingestion "
        + OpenMetadataReaderIT.OM_VERSION
        + ") reads what the operator writes")
class OpenMetadataReaderIT {

  /** The version pinned in hack/om-reader/requirements.txt and named in the docs. */
  static final String OM_VERSION = "2.0.7.0";

  private static ControlPlane cp;
  private static OpenMetadataReader reader;
  private static String operatorNs;

  /** Value shapes that a naive writer or reader could mangle: line ends, encodings, size. */
  static final Map<String, byte[]> SHAPES = new LinkedHashMap<>();

  static {
    SHAPES.put(
        "multiline", utf8("first line\nsecond line\r\n\n\tindented, and a trailing newline\n"));
    SHAPES.put("unicode", utf8("pässwörd ÆØÅ 日本語 עברית 🔐🦄 👩‍💻 e\u0301 \u00a0end"));
    SHAPES.put(
        "json",
        utf8(
            "{\n  \"user\": \"svc-ingest\",\n  \"password\": \"p@ss\\\"w0rd\\\\\",\n"
                + "  \"nested\": {\"list\": [1, 2.5, null, true], \"emoji\": \"🔑\"}\n}"));
    SHAPES.put("pem", pem());
    SHAPES.put("large", large(200 * 1024));
  }

  /** How a resource carries its value. */
  enum Source {
    PLAIN,
    SEALED,
    VALUE_FROM
  }

  @BeforeAll
  static void installTheReader(ControlPlane controlPlane) throws Exception {
    cp = controlPlane;
    reader = OpenMetadataReader.install();
    operatorNs = cp.createNamespace("om-system");
  }

  @Test
  void everyValueSourceAndShapeReadsBackByteForByteAndAMissingNameReadsAsNoValue(
      TestReporter report) throws Exception {
    String ns = cp.createNamespace("openmetadata");
    // Beyond the operator's reader Role (get on the managed names only), ingestion may get any
    // Secret here, so a name that does not exist is a 404 to it rather than a 403.
    grantGetOnAllSecrets(ns, "ingestion");
    Map<String, byte[]> expected = new LinkedHashMap<>();
    try (OperatorRuntime ignored = startOperator(ns, Map.of())) {
      create(ns, Source.PLAIN, "my-service", "database/my_service/password", utf8("s3cr3t"));
      expected.put("openmetadata-database-my-service-password", utf8("s3cr3t"));
      for (Source source : Source.values()) {
        for (var shape : SHAPES.entrySet()) {
          String kind = source.name().toLowerCase(Locale.ROOT).replace('_', '-');
          create(
              ns,
              source,
              kind + "-" + shape.getKey(),
              "database/" + kind.replace('-', '_') + "_" + shape.getKey() + "/password",
              shape.getValue());
          expected.put(
              "openmetadata-database-" + kind + "-" + shape.getKey() + "-password",
              shape.getValue());
        }
      }
      // An app's private configuration: the server names it without prefix or cluster part.
      byte[] appConfig = SHAPES.get("json");
      create(ns, Source.SEALED, "my-app-config", "external-app/private-config/MyApp", appConfig);
      expected.put("external-app-private-config-myapp", appConfig);

      String missing = "openmetadata-database-no-such-service-password";
      var result = readAsIngestion(ns, List.copyOf(expected.keySet()), missing, report);

      assertReadsBack(result, expected);
      assertThat(result.secrets().get(missing))
          .satisfies(
              read -> {
                assertThat(read.value()).as("get_string_value of a missing Secret: None").isNull();
                assertThat(read.error()).isNull();
                // What a connection then gets: OpenMetadata turns "no value" into the empty string.
                assertThat(read.secretStr()).isEmpty();
              });
    }
  }

  @Test
  void aPrefixIsJoinedToTheClusterNameWithoutAHyphen(TestReporter report) throws Exception {
    String ns = cp.createNamespace("openmetadata");
    try (OperatorRuntime ignored = startOperator(ns, Map.of("SECRET_MANAGER_PREFIX", "acme"))) {
      create(
          ns, Source.SEALED, "my-service", "database/my_service/password", SHAPES.get("unicode"));
      // The server names an app's private configuration without the prefix too.
      create(
          ns,
          Source.VALUE_FROM,
          "my-app-config",
          "external-app/private-config/MyApp",
          SHAPES.get("json"));
      String dangling = "acmeopenmetadata-database-no-such-service-password";
      var result =
          readAsIngestion(
              ns,
              List.of(
                  "acmeopenmetadata-database-my-service-password",
                  "external-app-private-config-myapp"),
              dangling,
              report);
      assertReadsBack(
          result,
          Map.of(
              "acmeopenmetadata-database-my-service-password",
              SHAPES.get("unicode"),
              "external-app-private-config-myapp",
              SHAPES.get("json")));
      // With only the operator's reader Role, a name it does not manage is a 403: OpenMetadata's
      // reader raises and logs it, and a secret: reference keeps its own text as the value.
      assertThat(result.secrets().get(dangling))
          .satisfies(
              read -> {
                assertThat(read.error()).isEqualTo("ApiException");
                assertThat(read.secretStr())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("secret:" + dangling);
              });
    }
  }

  @Test
  void aDotInTheClusterNameBecomesAHyphen(TestReporter report) throws Exception {
    String ns = cp.createNamespace("openmetadata");
    try (OperatorRuntime ignored = startOperator(ns, Map.of("CLUSTER_NAME", "my.cluster"))) {
      create(
          ns, Source.VALUE_FROM, "my-service", "database/my_service/password", SHAPES.get("pem"));
      var result =
          readAsIngestion(ns, List.of("my-cluster-database-my-service-password"), null, report);
      assertReadsBack(result, Map.of("my-cluster-database-my-service-password", SHAPES.get("pem")));
    }
  }

  /**
   * Both ways ingestion reads, for every name: the manager's get_string_value and a {@code
   * secret:<name>} CustomSecretStr. Values are compared by size and SHA-256, which keeps a failure
   * message readable (and free of 200 KB arrays).
   */
  static void assertReadsBack(OpenMetadataReader.Result result, Map<String, byte[]> expected) {
    SoftAssertions.assertSoftly(
        softly ->
            expected.forEach(
                (name, bytes) -> {
                  OpenMetadataReader.Read read = result.secrets().get(name);
                  softly.assertThat(read.error()).as("%s: the reader raised", name).isNull();
                  softly
                      .assertThat(digest(read.value()))
                      .as("%s via get_string_value", name)
                      .isEqualTo(digest(bytes));
                  softly
                      .assertThat(digest(read.secretStr()))
                      .as("%s via secret:%s", name, name)
                      .isEqualTo(digest(bytes));
                }));
  }

  private static String digest(byte[] bytes) {
    if (bytes == null) {
      return "no value";
    }
    try {
      return bytes.length
          + " bytes, SHA-256 "
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until every resource in {@code ns} is Synced and the reader Role lets the ingestion
   * ServiceAccount get the Secrets they wrote, then lets OpenMetadata's reader read {@code names}
   * (and {@code missing}) as that ServiceAccount.
   */
  private static OpenMetadataReader.Result readAsIngestion(
      String ns, List<String> names, String missing, TestReporter report) throws Exception {
    List<String> written = new ArrayList<>();
    for (OpenMetadataSecret resource :
        cp.admin().resources(OpenMetadataSecret.class).inNamespace(ns).list().getItems()) {
      cp.awaitReason(ns, resource.getMetadata().getName(), "Synced");
      written.add(cp.admin().resource(resource).get().getStatus().getSecretName());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        cp.admin()
                            .rbac()
                            .roles()
                            .inNamespace(ns)
                            .withName(ReaderRole.NAME)
                            .get()
                            .getRules()
                            .get(0)
                            .getResourceNames())
                    .containsAll(written));
    List<String> toRead = new ArrayList<>(names);
    if (missing != null) {
      toRead.add(missing);
    }
    var result = reader.read(ns, cp.kubeconfigAs(ns, "ingestion"), toRead);
    report.publishEntry("openmetadata-ingestion", result.version());
    System.out.println(
        "OpenMetadataReaderIT: read "
            + toRead.size()
            + " names with openmetadata-ingestion "
            + result.version());
    assertThat(result.version()).as("the installed openmetadata-ingestion").isEqualTo(OM_VERSION);
    return result;
  }

  private static void grantGetOnAllSecrets(String ns, String serviceAccount) {
    cp.admin()
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("get-all-secrets")
                .withNamespace(ns)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("secrets")
                .withVerbs("get")
                .endRule()
                .build())
        .create();
    cp.admin()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("get-all-secrets")
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "get-all-secrets")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(serviceAccount)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }

  private static OperatorRuntime startOperator(String ns, Map<String, String> naming) {
    Map<String, String> env = new HashMap<>(naming);
    env.putAll(
        Map.of(
            "OM_SM_NAMESPACE",
            ns,
            "OM_SM_HTTP_PORT",
            "0",
            "OM_SM_HEALTH_PORT",
            "0",
            "OM_SM_ALLOW_PLAINTEXT",
            "true",
            "OM_SM_OPERATOR_NAMESPACE",
            operatorNs,
            "OM_SM_READER_SUBJECTS",
            "ServiceAccount:" + ns + "/ingestion"));
    return OperatorRuntime.start(OperatorConfig.from(env), cp.admin());
  }

  private static void create(String ns, Source source, String name, String path, byte[] value) {
    OpenMetadataSecret resource =
        switch (source) {
          case PLAIN ->
              TestResources.withValue(ns, name, path, new String(value, StandardCharsets.UTF_8));
          case SEALED ->
              TestResources.withEncryptedValue(
                  ns, name, path, Sealer.seal(sealingKey(), new Scope(ns, name, path), value));
          case VALUE_FROM -> {
            cp.admin()
                .resource(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName(name + "-source")
                        .withNamespace(ns)
                        .addToLabels(Labels.SOURCE, "true")
                        .endMetadata()
                        .addToData("password", Base64.getEncoder().encodeToString(value))
                        .build())
                .create();
            yield TestResources.fromSecret(ns, name, path, name + "-source", "password");
          }
        };
    cp.admin().resource(resource).create();
  }

  /** The operator's published public key, as {@code seal --cert} uses it. */
  private static PublicKey sealingKey() {
    return TestResources.publishedKey(cp.admin(), operatorNs);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A freshly generated RSA private key in PEM, 64-character lines. */
  private static byte[] pem() {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      String body =
          Base64.getMimeEncoder(64, new byte[] {'\n'})
              .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
      return utf8("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exactly {@code size} bytes of numbered lines with multi-byte characters in each. */
  private static byte[] large(int size) {
    StringBuilder text = new StringBuilder();
    int bytes = 0;
    for (int i = 0; ; i++) {
      String line = "%06d äöü € 🔑 the quick brown fox jumps over the lazy dog\n".formatted(i);
      int length = utf8(line).length;
      if (bytes + length > size) {
        return utf8(text + "z".repeat(size - bytes));
      }
      text.append(line);
      bytes += length;
    }
  }
}
