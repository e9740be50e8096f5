package org.openmetadata.secrets.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openmetadata.secrets.crypto.Sealer;

/**
 * The sealed values in a checkout: every OpenMetadataSecret document with {@code
 * spec.encryptedValue} in the files named, and in the {@code *.yaml}, {@code *.yml} and {@code
 * *.json} files under the directories named. Only each value's header is read.
 */
record SealedFiles(List<Value> values, List<String> unreadable) {

  /** One sealed value: its file, the resource it is for, and its recipients' key ids. */
  record Value(Path file, String resource, List<String> keyIds) {}

  static SealedFiles scan(List<Path> paths) {
    List<Value> values = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Path file : files(paths)) {
      try {
        for (SealedDocuments.Sealed sealed : SealedDocuments.find(Files.readString(file))) {
          values.add(
              new Value(
                  file,
                  (sealed.namespace() == null ? "-" : sealed.namespace()) + "/" + sealed.name(),
                  Sealer.keyIdsOf(sealed.encryptedValue())));
        }
      } catch (IllegalArgumentException e) {
        unreadable.add(file + " (not YAML or JSON)");
      } catch (IOException e) {
        unreadable.add(file + " (cannot be read: " + e.getClass().getSimpleName() + ")");
      }
    }
    return new SealedFiles(values, unreadable);
  }

  /** The named files, and the YAML and JSON files under the named directories, in path order. */
  static List<Path> files(List<Path> paths) {
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
