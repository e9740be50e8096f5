package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.chart.Helm;

/**
 * The chart's ValidatingAdmissionPolicy on a real API server: a resource the operator's policy
 * refuses for its size or for plain text is refused at create, with the policy's message, in the
 * watched namespaces only, so it never reaches the operator's memory.
 */
@ExtendWith(ControlPlaneExtension.class)
class AdmissionPolicyIT {

  private static final int MAX_BYTES = 262_144;
  private static String watched;
  private static String other;
  private static ControlPlane cp;

  @BeforeAll
  static void install(ControlPlane controlPlane) {
    cp = controlPlane;
    watched = cp.createNamespace("vap");
    other = cp.createNamespace("vap-other");
    Helm.Result rendered =
        Helm.renderChart(
            "oms",
            "--namespace",
            "om-secrets-operator",
            "--show-only",
            "templates/admission-policy.yaml",
            "--set",
            "watchNamespaces={" + watched + "}",
            "--set",
            "policy.maxValueBytes=" + MAX_BYTES);
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    cp.admin()
        .load(new ByteArrayInputStream(rendered.stdout().getBytes(StandardCharsets.UTF_8)))
        .serverSideApply();
    // The API server compiles a new policy asynchronously: wait until it refuses.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                refusal(
                        sealedOfLength(
                            "probe", OpenMetadataSecretSpec.maxEncryptedLength(MAX_BYTES) + 1))
                    != null);
  }

  @Test
  void anEncryptedValueLongerThanASealedValueOfThePolicysSizeIsRefusedAtCreate() {
    int bound = OpenMetadataSecretSpec.maxEncryptedLength(MAX_BYTES);
    assertThat(refusal(sealedOfLength("too-long", bound + 1)))
        .contains(
            "spec.encryptedValue is longer than "
                + bound
                + " characters, the most that a sealed value of "
                + MAX_BYTES
                + " bytes (the om-secrets-operator policy's policy.maxValueBytes) takes");
    assertThat(create(watched, sealedOfLength("longest", bound)).getMetadata().getUid())
        .isNotBlank();
  }

  @Test
  void plainTextIsRefusedWhereThePolicyRefusesIt() {
    assertThat(refusal(TestResources.withValue(watched, "plain", "database/plain/password", "v")))
        .contains(
            "plain-text spec.value is not accepted here; use encryptedValue (seal) or valueFrom");
  }

  @Test
  void namespacesTheOperatorDoesNotWatchAreLeftAlone() {
    OpenMetadataSecret large =
        sealedOfLength("elsewhere", OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH);
    large.getMetadata().setNamespace(other);
    assertThat(create(other, large).getMetadata().getUid()).isNotBlank();
  }

  private static OpenMetadataSecret sealedOfLength(String name, int length) {
    String path = "database/" + name + "/password";
    return TestResources.withEncryptedValue(
        watched, name, path, "oms:v2:0123456789abcdef:" + "A".repeat(length - 24));
  }

  private static OpenMetadataSecret create(String namespace, OpenMetadataSecret resource) {
    return cp.admin()
        .resources(OpenMetadataSecret.class)
        .inNamespace(namespace)
        .resource(resource)
        .create();
  }

  /**
   * The API server's message refusing the create, or null when it accepted (and the resource is
   * deleted again).
   */
  private static String refusal(OpenMetadataSecret resource) {
    try {
      create(resource.getMetadata().getNamespace(), resource);
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
      return e.getStatus().getMessage();
    }
    cp.admin()
        .resources(OpenMetadataSecret.class)
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .delete();
    return null;
  }
}
