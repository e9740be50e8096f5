package org.openmetadata.secrets.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenMetadata's own Python secrets reader: {@code hack/om-reader/read-secrets.py} run with the
 * venv that {@code hack/install-om-reader.sh} installs (cached; a cold install takes a few
 * minutes).
 */
final class OpenMetadataReader {

  /** What the reader got for one Secret name. */
  record Read(byte[] value, String error, byte[] secretStr) {}

  /** The installed openmetadata-ingestion version and what it read, by Secret name. */
  record Result(String version, Map<String, Read> secrets) {}

  private static final Path LOGS = Path.of("target", "om-reader").toAbsolutePath();

  private final Path python;

  private OpenMetadataReader(Path python) {
    this.python = python;
  }

  /**
   * Installs the reader, or finds it installed. Fails, never skips, when it cannot: without Python
   * 3.10+ and its venv module the interoperability test has not run.
   */
  static OpenMetadataReader install() throws IOException, InterruptedException {
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve("install.log");
    Process process =
        new ProcessBuilder("bash", "hack/install-om-reader.sh").redirectError(log.toFile()).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "hack/install-om-reader.sh could not install OpenMetadata's Python reader, which "
              + "this test needs (Python 3.10+ with venv, and PyPI). Its output ("
              + log
              + "):\n"
              + Files.readString(log));
    }
    List<String> lines = stdout.lines().toList();
    return new OpenMetadataReader(Path.of(lines.get(lines.size() - 1)));
  }

  /**
   * Reads each name the way ingestion does, as the identity of {@code kubeconfig}, from {@code
   * namespace}: OpenMetadata's KubernetesSecretsManager with its env loader (KUBERNETES_NAMESPACE,
   * KUBERNETES_IN_CLUSTER=false, KUBERNETES_KUBECONFIG_PATH).
   */
  Result read(String namespace, Path kubeconfig, List<String> names)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(python.toString(), "hack/om-reader/read-secrets.py"));
    command.addAll(names);
    Path log = LOGS.resolve("read-" + namespace + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().remove("KUBECONFIG");
    builder.environment().put("KUBERNETES_NAMESPACE", namespace);
    builder.environment().put("KUBERNETES_IN_CLUSTER", "false");
    builder.environment().put("KUBERNETES_KUBECONFIG_PATH", kubeconfig.toString());
    Process process = builder.start();
    byte[] stdout = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "read-secrets.py failed; its log (" + log + "):\n" + Files.readString(log));
    }
    JsonNode json = new ObjectMapper().readTree(stdout);
    Map<String, Read> secrets = new LinkedHashMap<>();
    json.get("secrets")
        .fields()
        .forEachRemaining(
            e ->
                secrets.put(
                    e.getKey(),
                    new Read(
                        bytes(e.getValue().get("value")),
                        e.getValue().path("error").asText(null),
                        bytes(e.getValue().get("secretStr")))));
    return new Result(json.get("openmetadataIngestion").asText(), secrets);
  }

  private static byte[] bytes(JsonNode base64) {
    return base64 == null || base64.isNull() ? null : Base64.getDecoder().decode(base64.asText());
  }
}
