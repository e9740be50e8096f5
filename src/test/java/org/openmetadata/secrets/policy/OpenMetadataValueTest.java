package org.openmetadata.secrets.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenMetadataValueTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "p4ss",
        "multi\nline\r\nvalue",
        "ünïcödé 🔑 密码",
        "{\"json\": [1, 2]}",
        "\uFEFFwith a BOM",
        "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
        "not secret: a reference",
        "null",
      })
  void valuesOpenMetadataReadsBackArePassed(String value) {
    assertThat(OpenMetadataValue.problem(value)).isEmpty();
    assertThat(OpenMetadataValue.problem(value.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void bytesThatAreNotStrictUtf8AreRefused() {
    byte[][] invalid = {
      {(byte) 0xe4}, // Latin-1 'ä'
      {(byte) 0xc3}, // a cut multi-byte sequence
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate (CESU-8)
      {(byte) 0xc0, (byte) 0xaf}, // an overlong '/'
      {(byte) 0xff, (byte) 0xfe, 'a', 0}, // UTF-16 with a byte-order mark
    };
    for (byte[] value : invalid) {
      assertThat(OpenMetadataValue.problem(value)).get().asString().contains("not valid UTF-8");
    }
  }

  @Test
  void textWithAnUnpairedSurrogateIsRefusedRatherThanWrittenAsAQuestionMark() {
    assertThat(OpenMetadataValue.problem("pass\uD800word")).get().asString().contains("unpaired");
  }

  @Test
  void prefixesOpenMetadatasServerWouldReinterpretAreRefused() {
    assertThat(OpenMetadataValue.problem("secret:openmetadata-database-x-password"))
        .get()
        .asString()
        .contains("reference");
    assertThat(OpenMetadataValue.problem("fernet:gAAAAABk")).get().asString().contains("Fernet");
  }
}
