package org.openmetadata.secrets.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every setting the operator reads is in the README's configuration table, with its default. */
class DocumentedSettingsTest {

  @Test
  void readmeDocumentsEverySettingAndItsDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Setting setting : Setting.values()) {
      String shownDefault = setting.defaultValue().isEmpty() ? "\"\"" : setting.defaultValue();
      assertThat(readme).contains("| `" + setting.name() + "` | `" + shownDefault + "` |");
    }
  }
}
