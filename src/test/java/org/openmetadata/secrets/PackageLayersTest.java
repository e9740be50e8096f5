package org.openmetadata.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages are layered: a package uses only packages of a lower layer, so no dependency goes up
 * and none closes a cycle. The layers are docs/development.md's package table; {@code crypto} uses
 * no other package of this project.
 */
class PackageLayersTest {

  /** Bottom first. A new package needs a row here and in docs/development.md. */
  private static final Map<String, Integer> LAYER =
      Map.ofEntries(
          Map.entry("api", 0),
          Map.entry("naming", 0),
          Map.entry("http", 0),
          Map.entry("crypto", 0),
          Map.entry("policy", 1),
          Map.entry("config", 2),
          Map.entry("desired", 3),
          Map.entry("keys", 3),
          Map.entry("metrics", 3),
          Map.entry("reconciler", 4),
          Map.entry("reseal", 4),
          Map.entry("runtime", 5),
          Map.entry("bridge", 6),
          Map.entry("cli", 7));

  private static final Path SOURCES =
      Path.of("src", "main", "java", "org", "openmetadata", "secrets");
  private static final Path DOC = Path.of("docs", "development.md");

  /** Any mention of a project class, imported or written out in full, so neither way slips past. */
  private static final Pattern USE =
      Pattern.compile("\\borg\\.openmetadata\\.secrets\\.([a-z]+)\\.");

  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern DOC_ROW =
      Pattern.compile("^\\| (\\d+) \\| `(\\w+)` \\|", Pattern.MULTILINE);

  @Test
  void everyPackageHasALayer() throws IOException {
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
          .as("the packages under %s, each with a layer in LAYER and %s", SOURCES, DOC)
          .containsExactlyInAnyOrderElementsOf(LAYER.keySet());
    }
  }

  @Test
  void noPackageUsesOneAboveOrBesideIt() {
    List<String> upward = new ArrayList<>();
    uses()
        .forEach(
            (file, used) -> {
              String from = packageOf(file);
              for (String to : used) {
                // A package without a layer fails everyPackageHasALayer.
                if (!to.equals(from)
                    && LAYER.containsKey(from)
                    && LAYER.containsKey(to)
                    && LAYER.get(to) >= LAYER.get(from)) {
                  upward.add(
                      SOURCES.relativize(file)
                          + " uses "
                          + to
                          + " (layer "
                          + LAYER.get(to)
                          + "), not below "
                          + from
                          + " (layer "
                          + LAYER.get(from)
                          + ")");
                }
              }
            });
    assertThat(upward).as("dependencies that go up or sideways").isEmpty();
  }

  @Test
  void cryptoUsesTheJdkOnly() {
    List<String> foreign = new ArrayList<>();
    sources(SOURCES.resolve("crypto"))
        .forEach(
            file -> {
              Matcher m = IMPORT.matcher(read(file));
              while (m.find()) {
                if (!m.group(1).startsWith("java.") && !m.group(1).startsWith("javax.")) {
                  foreign.add(SOURCES.relativize(file) + " imports " + m.group(1));
                }
              }
            });
    assertThat(foreign).isEmpty();
  }

  @Test
  void theDevelopmentGuideShowsTheseLayers() {
    Map<String, Integer> documented = new LinkedHashMap<>();
    Matcher row = DOC_ROW.matcher(read(DOC));
    while (row.find()) {
      documented.put(row.group(2), Integer.parseInt(row.group(1)));
    }
    assertThat(documented).as(DOC + " package table").isEqualTo(LAYER);
  }

  /** Each source file and the project packages it uses. */
  private static Map<Path, TreeSet<String>> uses() {
    Map<Path, TreeSet<String>> uses = new LinkedHashMap<>();
    sources(SOURCES)
        .forEach(
            file -> {
              Matcher m = USE.matcher(read(file).replaceFirst("(?m)^package .*;", ""));
              TreeSet<String> used = new TreeSet<>();
              while (m.find()) {
                used.add(m.group(1));
              }
              uses.put(file, used);
            });
    return uses;
  }

  private static String packageOf(Path file) {
    return SOURCES.relativize(file).getName(0).toString();
  }

  private static List<Path> sources(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
