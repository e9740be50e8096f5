package org.openmetadata.secrets.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image (Dockerfile) and the chart must agree: the jar Maven builds is the one copied and run,
 * as the user the chart runs as, on the port the chart probes. There is no Docker engine to build
 * it.
 */
class DockerfileTest {

  private static List<String> instructions;
  private static List<String> runtimeStage;

  @BeforeAll
  static void read() throws IOException {
    // One instruction per logical line (backslash continuations joined), comments dropped.
    String text = Files.readString(Helm.ROOT.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
    instructions =
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    int lastFrom = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    runtimeStage = instructions.subList(lastFrom, instructions.size());
  }

  private static String only(List<String> stage, String keyword) {
    List<String> found = stage.stream().filter(l -> l.startsWith(keyword + " ")).toList();
    assertThat(found).as("%s instructions in %s", keyword, stage).hasSize(1);
    return found.get(0).substring(keyword.length() + 1).strip();
  }

  private static List<String> execForm(String json) throws IOException {
    return new ObjectMapper().readValue(json, new TypeReference<List<String>>() {});
  }

  private static String finalName() throws IOException {
    Matcher m =
        Pattern.compile("<finalName>([^<]+)</finalName>")
            .matcher(Files.readString(Helm.ROOT.resolve("pom.xml")));
    assertThat(m.find()).as("<finalName> in pom.xml").isTrue();
    return m.group(1);
  }

  /** The stage's `COPY --from=STAGE SRC DEST` instructions, each as [SRC, DEST]. */
  private static List<List<String>> copiesFrom(List<String> stage, String from) {
    String prefix = "COPY --from=" + from + " ";
    return stage.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> List.of(l.substring(prefix.length()).strip().split("\\s+")))
        .peek(parts -> assertThat(parts).hasSize(2))
        .toList();
  }

  private static String[] copyFrom(List<String> stage, String from) {
    List<List<String>> copies = copiesFrom(stage, from);
    assertThat(copies).as("COPY --from=%s in %s", from, stage).hasSize(1);
    return copies.get(0).toArray(String[]::new);
  }

  /** The runtime stage's `COPY --from=build SRC DEST` of the jar, as [SRC, DEST]. */
  private static String[] jarCopy() {
    return copyFrom(runtimeStage, "build");
  }

  /** The stage named {@code name}'s instructions. */
  private static List<String> stage(String name) {
    int from =
        instructions.indexOf(
            instructions.stream()
                .filter(l -> l.startsWith("FROM ") && l.endsWith(" AS " + name))
                .findFirst()
                .orElseThrow());
    int next = from + 1;
    while (next < instructions.size() && !instructions.get(next).startsWith("FROM ")) {
      next++;
    }
    return instructions.subList(from, next);
  }

  @Test
  void copiesTheJarMavenBuildsAndRunsIt() throws IOException {
    String[] copy = jarCopy();
    assertThat(copy[0]).as("COPY source").isEqualTo("/build/target/" + finalName() + ".jar");
    assertThat(instructions).contains("WORKDIR /build");
    assertThat(instructions).anyMatch(l -> l.startsWith("RUN mvn") && l.contains(" package"));

    List<String> entrypoint = execForm(only(runtimeStage, "ENTRYPOINT"));
    assertThat(entrypoint).first().isEqualTo("java");
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
        .containsExactly("-jar", copy[1]);
    assertThat(execForm(only(runtimeStage, "CMD"))).containsExactly("run");
  }

  /**
   * The class-data archive is dumped by the runtime base's own Java, for the jar at the path the
   * runtime runs it from, and mapped by the entrypoint: a JVM ignores an archive that matches
   * neither.
   */
  @Test
  void theRuntimeMapsAClassDataArchiveItsOwnJavaDumpedForItsJar() throws IOException {
    List<String> cds = stage("cds");
    assertThat(cds.get(0)).isEqualTo(runtimeStage.get(0) + " AS cds");
    List<List<String>> copies = copiesFrom(cds, "build");
    assertThat(copies).contains(List.of(jarCopy()));
    String classList =
        copies.stream()
            .filter(c -> c.get(0).equals("/build/src/main/cds/operator.classlist"))
            .findFirst()
            .orElseThrow()
            .get(1);
    String[] archive = copyFrom(runtimeStage, "cds");
    assertThat(execForm(only(cds, "RUN")))
        .containsSubsequence("-Xshare:dump", "-cp", jarCopy()[1])
        .contains("-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive[0]);
    assertThat(execForm(only(runtimeStage, "ENTRYPOINT")))
        .contains("-XX:SharedArchiveFile=" + archive[1]);
  }

  @Test
  void runsAsTheNumericNonRootUserTheChartRunsAs() {
    String user = only(runtimeStage, "USER");
    assertThat(user).matches("\\d+:\\d+");
    PodSpec pod = Helm.template().deployment().getSpec().getTemplate().getSpec();
    assertThat(user)
        .isEqualTo(
            pod.getSecurityContext().getRunAsUser()
                + ":"
                + pod.getSecurityContext().getRunAsGroup());
    assertThat(user).doesNotStartWith("0:");
  }

  @Test
  void imageAndChartAgreeOnPortJvmOptionsAndTheNameCommandsJar() throws IOException {
    Helm.Rendered rendered = Helm.template();
    Container container =
        rendered.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(only(runtimeStage, "EXPOSE"))
        .isEqualTo(
            container.getPorts().stream()
                .map(p -> String.valueOf(p.getContainerPort()))
                .collect(Collectors.joining(" ")));
    assertThat(only(runtimeStage, "ENV"))
        .isEqualTo("JAVA_TOOL_OPTIONS=\"" + rendered.env().get("JAVA_TOOL_OPTIONS") + "\"");
    assertThat(Helm.notes()).contains("java -jar " + jarCopy()[1] + " name");
  }

  @Test
  void buildStageCachesDependenciesBeforeCopyingSources() {
    List<String> build =
        new ArrayList<>(instructions.subList(0, instructions.indexOf(runtimeStage.get(0))));
    int pom = build.indexOf("COPY pom.xml ./");
    int offline = build.indexOf("RUN mvn -B -ntp dependency:go-offline");
    int sources = build.indexOf("COPY src ./src");
    assertThat(pom).as("COPY pom.xml").isNotNegative();
    assertThat(offline).as("dependency:go-offline").isGreaterThan(pom);
    assertThat(sources).as("sources after the dependency layer").isGreaterThan(offline);
  }

  @Test
  void runtimeImageHasTheOciLabels() {
    String labels =
        String.join(" ", runtimeStage.stream().filter(l -> l.startsWith("LABEL ")).toList());
    for (String key : List.of("title", "description", "source", "licenses")) {
      assertThat(labels).contains("org.opencontainers.image." + key + "=");
    }
  }

  @Test
  void dockerignoreKeepsBuildOutputAndGitOutButNotTheSources() throws IOException {
    List<String> ignored =
        Files.readAllLines(Helm.ROOT.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ignored).contains("target/", ".git/");
    assertThat(ignored)
        .noneMatch(p -> List.of("pom.xml", "src", "src/", "crds", "crds/", "*").contains(p));
  }
}
