package org.openmetadata.secrets.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/benchmarks.md shows what the committed results files (docs/benchmarks/peers-*.txt) say: its
 * picture and its peer tables are what hack/plot-benchmarks.py makes of them, and the links other
 * documents make into it land on a heading.
 */
class BenchmarksDocTest {

  private static final Path DOC = Path.of("docs/benchmarks.md");

  @Test
  void pictureIsDrawnFromTheCommittedResults(@TempDir Path tmp) throws Exception {
    Path drawn = tmp.resolve("benchmarks.svg");
    plot("--out", drawn.toString());
    assertThat(Files.readString(drawn))
        .as(
            "docs/benchmarks.svg differs from what hack/plot-benchmarks.py draws from docs/benchmarks/: rerun it")
        .isEqualTo(Files.readString(Path.of("docs/benchmarks.svg")));
  }

  @Test
  void peerTablesAreTheCommittedResults() throws Exception {
    String doc = Files.readString(DOC);
    for (String table : plot("--markdown").split("\n\n")) {
      assertThat(doc)
          .as(
              "a peer table of docs/benchmarks.md differs from docs/benchmarks/: paste the output of"
                  + " hack/plot-benchmarks.py --markdown")
          .contains(table.strip());
    }
  }

  @Test
  void linksIntoTheDocumentLandOnAHeading() throws IOException {
    List<String> anchors = new ArrayList<>();
    boolean code = false;
    for (String line : Files.readAllLines(DOC)) {
      code ^= line.startsWith("```");
      if (!code && line.startsWith("#")) {
        anchors.add(anchor(line.replaceFirst("^#+\\s*", "")));
      }
    }
    List<String> links = new ArrayList<>(targets(DOC, Pattern.compile("\\]\\(#([\\w-]+)\\)")));
    for (Path root :
        List.of(Path.of("README.md"), Path.of("docs"), Path.of("hack"), Path.of("helm"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f :
            files
                .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".yaml"))
                .toList()) {
          links.addAll(targets(f, Pattern.compile("benchmarks\\.md#([\\w-]+)")));
        }
      }
    }
    assertThat(links).isNotEmpty();
    assertThat(anchors).as("the headings of docs/benchmarks.md").containsAll(links);
  }

  private static List<String> targets(Path file, Pattern link) throws IOException {
    Matcher m = link.matcher(Files.readString(file));
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  private static String plot(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "hack/plot-benchmarks.py"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("hack/plot-benchmarks.py: %s", out).isZero();
    return out;
  }
}
