package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.runtime.KubernetesClients;

/** The status write, applied as the API server applies a JSON Patch. */
class StatusPatchTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final KubernetesSerialization json = KubernetesClients.serialization();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void replacesTheWholeStatusSoConditionsThatEndedAreGone() {
    OpenMetadataSecret stored =
        TestResources.stored(TestResources.withValue("om", "db", "database/db/password", "v"));
    stored.getMetadata().setResourceVersion("41");
    stored.setStatus(
        StatusBuilder.build(
            null, 1L, Outcome.failed(Reason.InvalidSpec, "spec.path: empty", null), NOW));
    OpenMetadataSecretStatus synced =
        StatusBuilder.build(
            stored.getStatus(),
            1L,
            Outcome.synced("openmetadata-database-db-password").withFingerprint("fp"),
            NOW.plusSeconds(5));

    JsonNode patched = apply(StatusPatch.of("41", synced, json), stored);

    assertThat(json.convertValue(patched.get("status"), OpenMetadataSecretStatus.class))
        .isEqualTo(synced);
    assertThat(patched.get("status").get("conditions")).hasSize(1); // Stalled went with the failure
    assertThat(patched.get("spec")).isEqualTo(mapper.valueToTree(stored.getSpec()));
    assertThat(patched.get("metadata").get("resourceVersion").asText()).isEqualTo("41");
  }

  @Test
  void pinsTheVersionTheStatusWasComputedFrom() {
    OpenMetadataSecret moved =
        TestResources.stored(TestResources.withValue("om", "db", "database/db/password", "v"));
    moved.getMetadata().setResourceVersion("42");
    OpenMetadataSecretStatus status = StatusBuilder.build(null, 1L, Outcome.synced("n"), NOW);

    // The server compares the patched object's version with its own: 41 against 42 is a 409
    // Conflict.
    JsonNode patched = apply(StatusPatch.of("41", status, json), moved);
    assertThat(patched.get("metadata").get("resourceVersion").asText()).isEqualTo("41");
  }

  private JsonNode apply(String patch, OpenMetadataSecret target) {
    try {
      return JsonPatch.apply(mapper.readTree(patch), mapper.readTree(json.asJson(target)));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
