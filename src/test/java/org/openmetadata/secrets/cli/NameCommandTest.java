package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NameCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void printsTheCanonicalName() {
    assertThat(run("name", "database/my_service/password")).isZero();
    assertThat(out.toString()).isEqualTo("openmetadata-database-my-service-password" + System.lineSeparator());
  }

  @Test
  void honoursPrefixClusterAndStyle() {
    assertThat(run("name", "--prefix", "acme", "--cluster-name", "eu", "bot/b/config/jwttoken")).isZero();
    assertThat(out.toString().trim()).isEqualTo("acme-eu-bot-b-config-jwttoken");
    out.getBuffer().setLength(0);
    assertThat(run("name", "--prefix", "acme", "--prefix-style", "server-compat", "bot/b")).isZero();
    assertThat(out.toString().trim()).isEqualTo("acmeopenmetadata-bot-b");
  }

  @Test
  void anUnusableNameIsAOneLineErrorWithExitCode2() {
    assertThat(run("name", "--cluster-name", "---", "--", "___")).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().trim()).startsWith("error: ").contains("empty").doesNotContain("\n");
  }

  @Test
  void anInvalidPrefixIsAnErrorToo() {
    assertThat(run("name", "--prefix", "a_b", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("prefix 'a_b'");
  }

  @Test
  void runHelpListsEverySetting() {
    assertThat(run("run", "--help")).isZero();
    for (var setting : org.openmetadata.secrets.config.Setting.values()) {
      assertThat(out.toString()).contains(setting.name());
    }
  }

  @Test
  void topLevelHelpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("run", "demo", "name");
  }
}
