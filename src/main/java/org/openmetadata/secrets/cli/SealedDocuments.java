package org.openmetadata.secrets.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/**
 * The sealed values in a manifest's text (YAML, multi-document or not, or JSON; a {@code kind:
 * List} counts its items), and the same text with some of them replaced: only those characters
 * change, so comments, order and formatting stay as they were.
 */
final class SealedDocuments {

  /**
   * One OpenMetadataSecret's sealed value; {@code namespace} is null when the manifest has none.
   */
  record Sealed(String namespace, String name, String path, String encryptedValue) {

    /** The value as it must appear in the text: without the newline a block scalar ends with. */
    String text() {
      return encryptedValue.strip();
    }
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  private SealedDocuments() {}

  /**
   * Every OpenMetadataSecret with a spec.encryptedValue in {@code text}.
   *
   * @throws IllegalArgumentException when a document is not YAML or JSON
   */
  static List<Sealed> find(String text) {
    List<Sealed> found = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (documents.hasNextValue()) {
        collect(documents.nextValue(), found);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("is not YAML or JSON");
    }
    return found;
  }

  private static void collect(JsonNode node, List<Sealed> found) {
    if (node == null || !node.isObject()) {
      return;
    }
    if ("List".equals(node.path("kind").asText()) && node.path("items").isArray()) {
      node.path("items").forEach(item -> collect(item, found));
      return;
    }
    JsonNode sealed = node.path("spec").path("encryptedValue");
    if (OpenMetadataSecret.KIND.equals(node.path("kind").asText()) && sealed.isTextual()) {
      JsonNode namespace = node.path("metadata").path("namespace");
      found.add(
          new Sealed(
              namespace.isTextual() ? namespace.asText() : null,
              node.path("metadata").path("name").asText(),
              node.path("spec").path("path").asText(),
              sealed.asText()));
    }
  }

  /**
   * Why {@code text} cannot be rewritten in place for these values, or null: each must appear in it
   * verbatim, exactly once (a folded or line-wrapped scalar does not).
   */
  static String notReplaceable(String text, List<Sealed> values) {
    for (Sealed value : values) {
      int count = occurrences(text, value.text());
      if (count != 1) {
        return "the sealed value of "
            + value.name()
            + (count == 0
                ? " is not written on one line (a folded or wrapped scalar)"
                : " appears " + count + " times")
            + ", so it cannot be replaced in place; write it on one line";
      }
    }
    return null;
  }

  /** {@code text} with each old value (key) replaced by its new one; nothing else changes. */
  static String replace(String text, Map<String, String> replacements) {
    String result = text;
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      int at = result.indexOf(replacement.getKey());
      result =
          result.substring(0, at)
              + replacement.getValue()
              + result.substring(at + replacement.getKey().length());
    }
    return result;
  }

  private static int occurrences(String text, String value) {
    int count = 0;
    for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length())) {
      count++;
    }
    return count;
  }
}
