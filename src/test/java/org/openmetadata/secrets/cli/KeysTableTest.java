package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.keys.PublishedKeys;

class KeysTableTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void keysValuesNameButTheRingDoesNotPublishGetARowOfTheirOwn() {
    String table =
        KeysTable.render(
            List.of(new PublishedKeys.Key("aaaaaaaaaaaaaaaa", "X25519", T0, true)),
            Map.of("aaaaaaaaaaaaaaaa", 3L, "bbbbbbbbbbbbbbbb", 1L),
            Optional.empty());
    assertThat(table.lines())
        .containsExactly(
            "ID                ALGORITHM  CREATED               ACTIVE       RESOURCES",
            "aaaaaaaaaaaaaaaa  X25519     2026-01-01T00:00:00Z  yes                  3",
            "bbbbbbbbbbbbbbbb  -          -                     not in ring          1");
  }
}
