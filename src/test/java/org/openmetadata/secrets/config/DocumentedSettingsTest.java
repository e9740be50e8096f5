package org.openmetadata.secrets.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table is what `run --help` says: the same settings, each with Setting's
 * default and, read as plain text, Setting's description.
 */
class DocumentedSettingsTest {

  private static final Path DOC = Path.of("docs", "configuration.md");
  private static final String HEADER = "| variable | default | meaning |";

  @Test
  void theTableListsExactlyTheSettings() throws IOException {
    assertThat(table().keySet())
        .as(DOC + " rows")
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Setting.values()).map(Setting::name).toList());
  }

  @Test
  void eachRowHasTheSettingsDefaultAndDescription() throws IOException {
    Map<String, List<String>> table = table();
    for (Setting setting : Setting.values()) {
      List<String> row = table.get(setting.name());
      assertThat(row).as(setting.name()).isNotNull();
      String shownDefault = setting.defaultValue().isEmpty() ? "\"\"" : setting.defaultValue();
      assertThat(row.get(0)).as(setting.name() + " default").isEqualTo("`" + shownDefault + "`");
      assertThat(plainText(row.get(1)))
          .as(setting.name() + " description")
          .isEqualTo(setting.description());
    }
  }

  @Test
  void plainTextDropsOnlyTheMarkdown() {
    assertThat(
            plainText(
                "Off, `0` gets `PolicyDenied` ([docs/sealing.md](sealing.md#the-format)), `#a\\|b`."))
        .isEqualTo("Off, 0 gets PolicyDenied (docs/sealing.md), #a|b.");
  }

  /** The table's rows by setting name: default and meaning cells as written. */
  private static Map<String, List<String>> table() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int header = lines.indexOf(HEADER);
    assertThat(header).as(DOC + " has the table " + HEADER).isNotNegative();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      // Cells split at '|' not escaped as '\|'; the name cell is `NAME`.
      String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1);
      assertThat(cells).as(line).hasSize(3);
      String name = cells[0].strip().replace("`", "");
      assertThat(rows.put(name, List.of(cells[1].strip(), cells[2].strip())))
          .as(name + " twice")
          .isNull();
    }
    return rows;
  }

  /** A table cell as the help prints it: no code marks, links as their text, `\|` as `|`. */
  static String plainText(String markdown) {
    return markdown
        .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1")
        .replace("`", "")
        .replace("\\|", "|");
  }
}
