package org.openmetadata.secrets.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void aPathWhoseComponentsAllSanitizeAwayGivesTheClusterPartOnly() throws Exception {
    assertThat(naming.secretName("___/...")).isEqualTo("openmetadata");
  }

  /**
   * Derived from the server's chain: buildSecretId(true, ...) writes prefix and clusterName with no
   * separator and lower-cases them; the buildSecretId(false, id, field) that always follows turns
   * every character outside [A-Za-z0-9-] of the id so far into '-'; each step is then sanitized.
   */
  @ParameterizedTest(name = "prefix ''{0}'' cluster ''{1}'' path {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''       | openmetadata | database/db/password         | openmetadata-database-db-password",
        "acme     | openmetadata | database/db/password         | acmeopenmetadata-database-db-password",
        "Acme     | OpenMetadata | bot/ingestion-bot/config/jwttoken | acmeopenmetadata-bot-ingestion-bot-config-jwttoken",
        "''       | my.cluster   | database/my_service/password | my-cluster-database-my-service-password",
        "Team.A   | OM-Prod      | database/db/password         | team-aom-prod-database-db-password",
        "''       | my_cluster   | database/db/password         | my-cluster-database-db-password",
        "acme_corp | openmetadata | database/db/password        | acme-corpopenmetadata-database-db-password",
        "acme-    | -om-         | database/db/password         | acme-om-database-db-password",
        "''       | prod.        | database/db/password         | prod-database-db-password",
        "''       | .-x          | serverconnection/password    | x-serverconnection-password",
        "''       | om eu 1      | pipeline/my pipeline/password | om-eu-1-pipeline-my-pipeline-password",
        "café     | openmetadata | database/db/password         | caf-openmetadata-database-db-password",
      })
  void matchesWhatOpenMetadatasServerStores(
      String prefix, String cluster, String path, String expected) throws Exception {
    assertThat(new SecretNaming(prefix, cluster, PrefixStyle.SERVER).secretName(path))
        .isEqualTo(expected);
  }

  @Test
  void theServerLowerCasesTheClusterPartBeforeCleaningIt() throws Exception {
    // The Kelvin sign lower-cases to an ASCII 'k'; a capital dotted I to 'i' plus a combining dot.
    assertThat(
            new SecretNaming("", "\u212Aube", PrefixStyle.SERVER)
                .secretName("database/db/password"))
        .isEqualTo("kube-database-db-password");
    assertThat(
            new SecretNaming("", "\u0130stanbul", PrefixStyle.SERVER)
                .secretName("database/db/password"))
        .isEqualTo("i-stanbul-database-db-password");
    // Path components are cleaned first, so the same sign there is just a replaced character.
    assertThat(naming.secretName("database/\u212Aafka/password"))
        .isEqualTo("openmetadata-database-afka-password");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "external-app/private-config/MyApp | external-app-private-config-myapp",
        "external-app/private-config/My_App.v2 | external-app-private-config-my-app-v2",
        "external-app/private-config/\u212Aafka Connector | external-app-private-config-kafka-connector",
        "external-app/private-config/__x__ | external-app-private-config-x",
      })
  void appPrivateConfigurationIsNamedWithoutPrefixOrClusterPart(String path, String expected)
      throws Exception {
    assertThat(naming.secretName(path)).isEqualTo(expected);
    assertThat(new SecretNaming("acme", "eu.1", PrefixStyle.SERVER).secretName(path))
        .isEqualTo(expected);
    assertThat(new SecretNaming("acme", "eu1", PrefixStyle.DOCUMENTED).secretName(path))
        .isEqualTo(expected);
  }

  @Test
  void onlyTheExactAppConfigPathIsThatFamily() throws Exception {
    assertThat(naming.secretName("/external-app/private-config/x"))
        .isEqualTo("openmetadata-external-app-private-config-x");
    assertThat(naming.secretName("external-app/private-config-x"))
        .isEqualTo("openmetadata-external-app-private-config-x");
  }

  @Test
  void theServerStyleIsTheDefault() throws Exception {
    assertThat(SecretNaming.defaults().prefixStyle()).isEqualTo(PrefixStyle.SERVER);
    assertThat(new SecretNaming("acme", "openmetadata", PrefixStyle.SERVER).namePrefix())
        .isEqualTo("acmeopenmetadata-");
    assertThat(new SecretNaming("Team.A", "OM-Prod", PrefixStyle.SERVER).namePrefix())
        .isEqualTo("team-aom-prod-");
  }

  @Test
  void theDocumentedStyleJoinsPrefixAndClusterWithAHyphenAndKeepsTheirCharacters()
      throws Exception {
    SecretNaming prefixed = new SecretNaming("acme", "openmetadata", PrefixStyle.DOCUMENTED);
    assertThat(prefixed.secretName("database/db/password"))
        .isEqualTo("acme-openmetadata-database-db-password");
    assertThat(prefixed.namePrefix()).isEqualTo("acme-openmetadata-");
    SecretNaming dotted = new SecretNaming("Acme", "Prod.EU", PrefixStyle.DOCUMENTED);
    assertThat(dotted.secretName("bot/b/config")).isEqualTo("acme-prod.eu-bot-b-config");
    assertThat(dotted.namePrefix()).isEqualTo("acme-prod.eu-");
  }

  @Test
  void settingsTheServerCannotUseAreRejected() {
    assertThatThrownBy(() -> new SecretNaming("", "om%s", PrefixStyle.SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'%'");
    assertThatThrownBy(() -> new SecretNaming("", "...", PrefixStyle.SERVER))
        .hasMessageContaining("no letter or digit");
    assertThatThrownBy(() -> new SecretNaming("", "", PrefixStyle.SERVER))
        .hasMessageContaining("clusterName must not be empty");
  }

  @Test
  void theDocumentedStyleRejectsCharactersInvalidInASecretName() {
    assertThatThrownBy(() -> new SecretNaming("acme_corp", "openmetadata", PrefixStyle.DOCUMENTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix 'acme_corp'");
    assertThatThrownBy(() -> new SecretNaming("", "open metadata", PrefixStyle.DOCUMENTED))
        .hasMessageContaining("clusterName");
  }

  @Test
  void aNameTheApiServerWouldRejectIsAnError() {
    SecretNaming dotted = new SecretNaming("", "prod.", PrefixStyle.DOCUMENTED);
    assertThatThrownBy(() -> dotted.secretName("-/x"))
        .isInstanceOf(InvalidSecretNameException.class)
        .hasMessageContaining("not a valid Secret name");
  }

  @ParameterizedTest
  @CsvSource({
    "database/my_service/password",
    "bot/ingestion-bot/config/jwttoken",
    "Database/My Service/AuthType/Password",
    "external-app/private-config/MyApp",
    "serverconnection/securityconfig/jwttoken",
  })
  void pathForGivesBackAPathThatNamesTheSameSecret(String path) throws Exception {
    for (SecretNaming n :
        new SecretNaming[] {naming, new SecretNaming("Team.A", "OM-Prod", PrefixStyle.SERVER)}) {
      String name = n.secretName(path);
      assertThat(n.pathFor(name)).get().satisfies(p -> assertThat(n.secretName(p)).isEqualTo(name));
    }
  }

  @Test
  void pathForRefusesNamesThisConfigurationNeverProduces() {
    assertThat(naming.pathFor("acmeopenmetadata-database-db-password")).isEmpty();
    assertThat(naming.pathFor("openmetadata-Database")).isEmpty();
    assertThat(naming.pathFor("openmetadata-database--db")).isEmpty();
    assertThat(naming.pathFor("openmetadata-database-db-")).isEmpty();
    assertThat(naming.pathFor("openmetadata-" + "a".repeat(300))).isEmpty();
    assertThat(naming.pathFor("openmetadata-a.b")).isEmpty();
    assertThat(naming.pathFor("external-app-private-config-my_app")).isEmpty();
    assertThat(naming.pathFor("external-app-private-config-myapp"))
        .contains("external-app/private-config/myapp");
  }
}
