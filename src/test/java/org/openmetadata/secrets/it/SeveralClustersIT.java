package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * One committed value for two clusters: two operators with separate key rings (two operator
 * namespaces, each the chart's RBAC, standing in for two clusters) each open the same file sealed
 * with {@code seal --cert a.pem --cert b.pem}, as the packaged CLI writes it, for the same
 * namespace, name and path.
 */
@ExtendWith(ControlPlaneExtension.class)
class SeveralClustersIT {

  private static final Path JAR = Path.of("target", "om-secrets-operator.jar");
  private static final String NAME = "warehouse-password";
  private static final String PATH = "database/warehouse/password";

  @TempDir Path dir;

  @Test
  void eachClusterOpensTheSameValueSealedToBoth(ControlPlane cp) throws Exception {
    String ns = cp.createNamespace("openmetadata");
    List<String> operatorNamespaces =
        List.of(cp.createNamespace("cluster-a"), cp.createNamespace("cluster-b"));
    List<Path> certs = new ArrayList<>();
    for (String operatorNs : operatorNamespaces) {
      // The first start makes the cluster's ring and publishes its cert.pem.
      try (KubernetesClient client = cp.clientAs(operatorNs, "om-secrets-operator");
          OperatorRuntime ignored = start(cp, client, operatorNs, ns)) {
        Path cert = dir.resolve(operatorNs + ".pem");
        Files.writeString(cert, Pem.publicKey(TestResources.publishedKey(cp.admin(), operatorNs)));
        certs.add(cert);
      }
    }
    String a = KeyIds.of(Pem.parsePublicKey(Files.readString(certs.get(0))));
    String b = KeyIds.of(Pem.parsePublicKey(Files.readString(certs.get(1))));
    assertThat(a).isNotEqualTo(b);

    String plaintext = "warehouse-" + System.nanoTime();
    Sealed file = seal(plaintext, ns, certs);
    assertThat(file.stderr()).contains("sealed to key " + a).contains("sealed to key " + b);
    assertThat(file.yaml()).contains("oms:v3:" + a + "," + b + ":").doesNotContain(plaintext);
    cp.apply(file.yaml());

    for (String operatorNs : operatorNamespaces) {
      String keyId = operatorNs.equals(operatorNamespaces.get(0)) ? a : b;
      try (KubernetesClient client = cp.clientAs(operatorNs, "om-secrets-operator");
          OperatorRuntime operator = start(cp, client, operatorNs, ns)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  OpenMetadataSecret resource = resource(cp, ns);
                  assertThat(resource.getStatus()).isNotNull();
                  assertThat(resource.getStatus().getSealingKeyId()).isEqualTo(keyId);
                  assertThat(secretValue(cp, ns, resource.getStatus().getSecretName()))
                      .isEqualTo(plaintext);
                });
        assertThat(operator.metrics().scrape())
            .contains("oms_sealed_values{key_id=\"" + keyId + "\"} 1.0")
            .containsPattern("oms_sealed_values_opened_total(\\{[^}]*})? 1\\.0");
      }
      // The next cluster must open the value itself: take away what this one wrote.
      cp.admin()
          .secrets()
          .inNamespace(ns)
          .withName(resource(cp, ns).getStatus().getSecretName())
          .delete();
    }
  }

  private static void installRbac(ControlPlane cp, String operatorNs, String ns) {
    Helm.Result rendered =
        Helm.renderChart(
            Helm.RELEASE, "--namespace", operatorNs, "--set", "watchNamespaces={" + ns + "}");
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    assertThat(cp.applyRbac(Helm.parse(rendered.stdout())))
        .extracting(HasMetadata::getKind)
        .contains("ServiceAccount", "Role");
  }

  /**
   * The operator of one cluster, under that cluster's chart RBAC (applied again each time: both
   * releases bind the same Role name in the shared namespace, which two real clusters would not).
   */
  private static OperatorRuntime start(
      ControlPlane cp, KubernetesClient client, String operatorNs, String ns) throws Exception {
    installRbac(cp, operatorNs, ns);
    return OperatorRuntime.start(ControlPlane.operatorConfig(ns, operatorNs), client);
  }

  private record Sealed(String yaml, String stderr) {}

  /** The packaged CLI, the value on its stdin, as a user runs it with one --cert per cluster. */
  private Sealed seal(String plaintext, String ns, List<Path> certs)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-jar",
                JAR.toString(),
                "seal",
                "--namespace",
                ns,
                "--name",
                NAME,
                "--path",
                PATH));
    certs.forEach(cert -> command.addAll(List.of("--cert", cert.toString())));
    Path err = dir.resolve("seal.err");
    Process seal = new ProcessBuilder(command).redirectError(err.toFile()).start();
    seal.getOutputStream().write(plaintext.getBytes(StandardCharsets.UTF_8));
    seal.getOutputStream().close();
    String yaml = new String(seal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(seal.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(seal.exitValue()).as(Files.readString(err)).isZero();
    return new Sealed(yaml, Files.readString(err));
  }

  private static OpenMetadataSecret resource(ControlPlane cp, String ns) {
    return cp.admin().resources(OpenMetadataSecret.class).inNamespace(ns).withName(NAME).get();
  }

  private static String secretValue(ControlPlane cp, String ns, String secretName) {
    Secret secret = cp.admin().secrets().inNamespace(ns).withName(secretName).get();
    return secret == null
        ? null
        : new String(
            Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
  }
}
