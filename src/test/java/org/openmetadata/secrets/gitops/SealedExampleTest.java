package org.openmetadata.secrets.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Sealer;

/** The sealed example in the GitOps layout was made by `seal` with the cert.pem next to it. */
class SealedExampleTest {

  @Test
  void theSealedExampleNamesTheKeyOfTheCommittedCert() throws Exception {
    Path dir = Path.of("docs", "gitops");
    var resource =
        Serialization.unmarshal(
            Files.readString(
                dir.resolve("overlays/production/secrets/ingestion-bot-jwt.sealed.yaml")),
            OpenMetadataSecret.class);
    String keyId = KeyIds.of(Pem.parsePublicKey(Files.readString(dir.resolve("cert.pem"))));
    assertThat(Sealer.keyIdsOf(resource.getSpec().getEncryptedValue())).containsExactly(keyId);
    assertThat(resource.getSpec().getValue()).isNull();
    assertThat(resource.getSpec().getValueFrom()).isNull();
  }
}
