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

  /** The runtime stage's `COPY --from=build SRC DEST` of the jar, as [SRC, DEST]. */
  private static String[] jarCopy() {
    String copy = only(runtimeStage, "COPY");
    assertThat(copy).startsWith("--from=build ");
    String[] parts = copy.substring("--from=build ".length()).strip().split("\\s+");
    assertThat(parts).hasSize(2);
    return parts;
  }

  @Test
  void copiesTheJarMavenBuildsAndRunsIt() throws IOException {
    String[] copy = jarCopy();
    assertThat(copy[0]).as("COPY source").isEqualTo("/build/target/" + finalName() + ".jar");
    assertThat(instructions).contains("WORKDIR /build");
    assertThat(instructions).anyMatch(l -> l.startsWith("RUN mvn") && l.contains(" package"));

    assertThat(execForm(only(runtimeStage, "ENTRYPOINT"))).containsExactly("java", "-jar", copy[1]);
    assertThat(execForm(only(runtimeStage, "CMD"))).containsExactly("run");
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
