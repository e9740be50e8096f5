package org.openmetadata.secrets.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {

  @ParameterizedTest
  @CsvSource({
    "database/**, database/mysql/password, true",
    "database/**, database, true",
    "database/**, /database/a/b/c/, true",
    "database/**, bot/x/config/jwttoken, false",
    "bot/*/config/jwttoken, /bot/ingestion-bot/config/jwttoken, true",
    "bot/*/config/jwttoken, bot/a/b/config/jwttoken, false",
    "bot/*/config/jwttoken, bot/config/jwttoken, false",
    "**, anything/at/all, true",
    "**/password, database/x/password, true",
    "**/password, database/x/token, false",
  })
  void patternsMatchComponentByComponent(String pattern, String path, boolean matches) {
    assertThat(new PathPattern(pattern).matches(path)).isEqualTo(matches);
  }

  @Test
  void anEmptyPatternIsRejected() {
    assertThatThrownBy(() -> new PathPattern("//")).hasMessageContaining("empty path pattern");
  }

  private final Policy strict =
      new Policy(
          false,
          List.of(new PathPattern("database/**")),
          16,
          List.of("openmetadata-", "external-app-private-config-"));

  @Test
  void plaintextIsDeniedUnlessAllowed() {
    assertThat(strict.check("database/a/password", "openmetadata-database-a-password", true))
        .get()
        .satisfies(d -> assertThat(d.rule()).isEqualTo(Rule.PLAINTEXT));
    var open = new Policy(true, List.of(new PathPattern("**")), 16, List.of("openmetadata-"));
    assertThat(open.check("database/a/password", "openmetadata-database-a-password", true))
        .isEmpty();
  }

  @Test
  void pathsOutsideTheAllowListAreDeniedWithTheList() {
    assertThat(strict.check("bot/b/config/jwttoken", "openmetadata-bot-b-config-jwttoken", false))
        .get()
        .satisfies(
            d -> {
              assertThat(d.rule()).isEqualTo(Rule.PATH);
              assertThat(d.message())
                  .isEqualTo("path bot/b/config/jwttoken is not allowed (allowed: database/**)");
            });
  }

  @Test
  void namesOutsideThePrefixAreRefused() {
    assertThat(strict.check("database", "openmetadata", false))
        .get()
        .satisfies(d -> assertThat(d.rule()).isEqualTo(Rule.PREFIX));
    assertThat(strict.check("database", "external-app-private-config-x", false)).isEmpty();
  }

  @Test
  void valuesOverTheLimitAreDenied() {
    assertThat(strict.checkSize(16)).isEmpty();
    assertThat(strict.checkSize(17))
        .get()
        .satisfies(
            d -> {
              assertThat(d.rule()).isEqualTo(Rule.SIZE);
              assertThat(d.message()).isEqualTo("value is 17 bytes; the limit is 16");
            });
  }
}
