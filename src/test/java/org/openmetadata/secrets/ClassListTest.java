package org.openmetadata.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class list the image's class-data archive is dumped from (hack/update-classlist.sh) still
 * names this project's classes as they are: a renamed or removed class would silently load from the
 * jar at every start again.
 */
class ClassListTest {

  private static final Path LIST = Path.of("src", "main", "cds", "operator.classlist");
  private static final Path CLASSES = Path.of("target", "classes");

  @Test
  void everyProjectClassTheListNamesExists() throws IOException {
    List<String> ours =
        Files.readAllLines(LIST).stream()
            .filter(line -> line.startsWith("org/openmetadata/secrets/"))
            .map(line -> line.split(" ")[0])
            .toList();

    assertThat(ours)
        .as("the operator's entry points, so the list covers a start")
        .contains(
            "org/openmetadata/secrets/cli/Main",
            "org/openmetadata/secrets/runtime/OperatorRuntime",
            "org/openmetadata/secrets/reconciler/OpenMetadataSecretReconciler");
    assertThat(ours)
        .as("classes %s names that the build no longer has: run hack/update-classlist.sh", LIST)
        .allSatisfy(name -> assertThat(CLASSES.resolve(name + ".class")).exists());
  }
}
