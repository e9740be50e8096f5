package org.openmetadata.secrets.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.crypto.CachedValue;
import org.openmetadata.secrets.demo.MockApiServer;

class ResourceCacheTest {

  private static final String NS = "om";

  private final MockApiServer server = new MockApiServer();
  private final KubernetesClient client = server.createClient();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void
      theCacheHoldsNoValueAndOfTheAnnotationsOnlyWhoseTheResourceIsWhileTheClientStillReadsItWhole() {
    String sealed = "oms:v2:0123456789abcdef:" + "s".repeat(350_000);
    OpenMetadataSecret resource =
        TestResources.withEncryptedValue(NS, "openmetadata-db-password", "db/password", sealed);
    resource
        .getMetadata()
        .setAnnotations(
            Map.of(
                Translation.WRITTEN_BY,
                "system:serviceaccount:om:openmetadata",
                Translation.WRITABLE_BY_OPENMETADATA,
                "true",
                "kubectl.kubernetes.io/last-applied-configuration",
                "{\"spec\":{\"encryptedValue\":\"" + sealed + "\"}}"));
    client.resource(resource).create();
    OpenMetadataSecret oversized =
        TestResources.withEncryptedValue(NS, "openmetadata-big-password", "big/password", sealed);
    oversized
        .getMetadata()
        .setAnnotations(Map.of(Translation.WRITABLE_BY_OPENMETADATA, "true" + " ".repeat(200_000)));
    client.resource(oversized).create();

    try (ResourceCache cache = new ResourceCache(client)) {
      OpenMetadataSecret cached = cache.get(NS, "openmetadata-db-password");

      assertThat(cached.getSpec().getEncryptedValue().length())
          .as("cached encryptedValue's length")
          .isLessThan(120);
      assertThat(cached.getSpec().getEncryptedValue()).isEqualTo(CachedValue.digestSealed(sealed));
      assertThat(cached.getSpec().getPath()).isEqualTo("db/password");
      assertThat(cached.getMetadata().getAnnotations())
          .containsOnlyKeys(Translation.WRITTEN_BY, Translation.WRITABLE_BY_OPENMETADATA);
      assertThat(cached.getMetadata().getAnnotations().get(Translation.WRITTEN_BY))
          .isEqualTo("system:serviceaccount:om:openmetadata");
      assertThat(
              cache
                  .get(NS, "openmetadata-big-password")
                  .getMetadata()
                  .getAnnotations()
                  .get(Translation.WRITABLE_BY_OPENMETADATA))
          .as("not \"true\"")
          .matches("sha256:[0-9a-f]{64}");
    }

    // The bridge's own client, whose reads a replace writes back, still reads the resource whole.
    OpenMetadataSecret whole =
        client
            .resources(OpenMetadataSecret.class)
            .inNamespace(NS)
            .withName("openmetadata-db-password")
            .get();
    assertThat(whole.getSpec().getEncryptedValue()).isEqualTo(sealed);
    assertThat(whole.getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/last-applied-configuration");
  }
}
