package org.openmetadata.secrets.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.crypto.Sealer;

/**
 * The sealed values in a checkout: every OpenMetadataSecret document with {@code
 * spec.encryptedValue} in the files named, and in the {@code *.yaml}, {@code *.yml} and {@code
 * *.json} files under the directories named. Only each value's header is read.
 */
record SealedFiles(List<Value> values, List<String> unreadable) {

  /** One sealed value: its file, the resource it is for, and its recipients' key ids. */
  record Value(Path file, String resource, List<String> keyIds) {}

  private static final YAMLMapper YAML = new YAMLMapper();

  static SealedFiles scan(List<Path> paths) {
    List<Value> values = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Path file : files(paths)) {
      try (MappingIterator<JsonNode> documents =
          YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
        while (documents.hasNextValue()) {
          JsonNode document = documents.nextValue();
          JsonNode sealed = document == null ? null : document.at("/spec/encryptedValue");
          if (document != null
              && OpenMetadataSecret.KIND.equals(document.path("kind").asText())
              && sealed.isTextual()) {
            JsonNode metadata = document.path("metadata");
            values.add(
                new Value(
                    file,
                    metadata.path("namespace").asText("-") + "/" + metadata.path("name").asText(),
                    Sealer.keyIdsOf(sealed.asText())));
          }
        }
      } catch (JsonProcessingException | RuntimeException e) {
        unreadable.add(file + " (not YAML or JSON)");
      } catch (IOException e) {
        unreadable.add(file + " (cannot be read: " + e.getClass().getSimpleName() + ")");
      }
    }
    return new SealedFiles(values, unreadable);
  }

  /** The named files, and the YAML and JSON files under the named directories, in path order. */
  private static List<Path> files(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.isDirectory(path)) {
        files.add(path);
        continue;
      }
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(path + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  /** The values whose recipients include {@code keyId}. */
  List<Value> sealedTo(String keyId) {
    return values.stream().filter(v -> v.keyIds().contains(keyId)).toList();
  }
}
