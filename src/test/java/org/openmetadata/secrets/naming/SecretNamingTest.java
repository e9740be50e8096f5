package org.openmetadata.secrets.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SecretNamingTest {

  private final SecretNaming naming = SecretNaming.defaults();

  /** The examples from OpenMetadata's own tests (clusterName openmetadata, no prefix). */
  @ParameterizedTest
  @CsvSource({
    "database/myservice/password, openmetadata-database-myservice-password",
    "bot/mybot/config, openmetadata-bot-mybot-config",
    "service/my_service/password, openmetadata-service-my-service-password",
    "bot/_mybot/config, openmetadata-bot-mybot-config",
    "database/myservice_/password, openmetadata-database-myservice-password",
    "service/my__db, openmetadata-service-my-db",
    "/bot/ingestion-bot/config/jwttoken, openmetadata-bot-ingestion-bot-config-jwttoken",
  })
  void matchesOpenMetadatasOwnNames(String path, String expected) throws Exception {
    assertThat(naming.secretName(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Database/MyService/Password | openmetadata-database-myservice-password",
        "database/my.db/password | openmetadata-database-my-db-password",
        "database/my service/password | openmetadata-database-my-service-password",
        "database/café/pässword | openmetadata-database-caf-p-ssword",
        "database//double//slash/ | openmetadata-database-double-slash",
        "a---b | openmetadata-a-b",
        "database/my:svc@host/pw | openmetadata-database-my-svc-host-pw",
      })
  void sanitizesEveryComponentCharacterOutsideAlphanumericAndHyphen(String path, String expected)
      throws Exception {
    assertThat(naming.secretName(path)).isEqualTo(expected);
  }

  @Test
  void sanitizerCollapsesTrimsAndTruncatesLikeOpenMetadata() throws Exception {
    assertThat(SecretNaming.sanitize("a--b")).isEqualTo("a-b");
    assertThat(SecretNaming.sanitize("--abc--")).isEqualTo("abc");
    assertThat(SecretNaming.sanitize("a".repeat(300))).isEqualTo("a".repeat(253));
    assertThat(SecretNaming.sanitize("a".repeat(252) + "-b")).isEqualTo("a".repeat(252));
    assertThatThrownBy(() -> SecretNaming.sanitize("---"))
        .isInstanceOf(InvalidSecretNameException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void longPathsAreCutTo253CharactersWithoutATrailingHyphen() throws Exception {
    String name = naming.secretName("database/" + "x".repeat(300) + "/password");
    assertThat(name).hasSize(253).startsWith("openmetadata-database-xxx").doesNotEndWith("-");
  }

  @Test
  void nameThatSanitizesToEmptyIsAnError() {
    SecretNaming hyphenCluster = new SecretNaming("", "---", PrefixStyle.DOCUMENTED);
    assertThatThrownBy(() -> hyphenCluster.secretName("___/..."))
        .isInstanceOf(InvalidSecretNameException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void prefixIsJoinedWithAHyphenAsDocumentedByDefault() throws Exception {
    SecretNaming prefixed = new SecretNaming("acme", "openmetadata", PrefixStyle.DOCUMENTED);
    assertThat(prefixed.secretName("database/db/password")).isEqualTo("acme-openmetadata-database-db-password");
    assertThat(prefixed.namePrefix()).isEqualTo("acme-openmetadata-");
  }

  @Test
  void serverCompatStyleConcatenatesPrefixAndClusterAsOpenMetadatasServerDoes() throws Exception {
    SecretNaming compat = new SecretNaming("acme", "openmetadata", PrefixStyle.SERVER_COMPAT);
    assertThat(compat.secretName("database/db/password")).isEqualTo("acmeopenmetadata-database-db-password");
  }

  @Test
  void prefixAndClusterAreLowerCasedButNotCharacterReplaced() throws Exception {
    SecretNaming dotted = new SecretNaming("Acme", "Prod.EU", PrefixStyle.DOCUMENTED);
    assertThat(dotted.secretName("bot/b/config")).isEqualTo("acme-prod.eu-bot-b-config");
  }

  @Test
  void prefixOrClusterWithCharactersInvalidInASecretNameIsRejected() {
    assertThatThrownBy(() -> new SecretNaming("acme_corp", "openmetadata", PrefixStyle.DOCUMENTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix 'acme_corp'");
    assertThatThrownBy(() -> new SecretNaming("", "open metadata", PrefixStyle.DOCUMENTED))
        .hasMessageContaining("clusterName");
    assertThatThrownBy(() -> new SecretNaming("", "", PrefixStyle.DOCUMENTED))
        .hasMessageContaining("clusterName must not be empty");
  }

  @Test
  void aNameTheApiServerWouldRejectIsAnError() {
    SecretNaming dotted = new SecretNaming("", "prod.", PrefixStyle.DOCUMENTED);
    assertThatThrownBy(() -> dotted.secretName("-/x"))
        .isInstanceOf(InvalidSecretNameException.class)
        .hasMessageContaining("not a valid Secret name");
  }
}
