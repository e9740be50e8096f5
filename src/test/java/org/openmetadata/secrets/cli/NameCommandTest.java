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
    assertThat(out.toString())
        .isEqualTo("openmetadata-database-my-service-password" + System.lineSeparator());
  }

  @Test
  void printsWhatOpenMetadatasServerStoresByDefault() {
    assertThat(run("name", "--prefix", "acme", "--cluster-name", "eu", "bot/b/config/jwttoken"))
        .isZero();
    assertThat(out.toString().trim()).isEqualTo("acmeeu-bot-b-config-jwttoken");
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "name",
                "--prefix",
                "Team.A",
                "--cluster-name",
                "OM-Prod",
                "database/my_db/password"))
        .isZero();
    assertThat(out.toString().trim()).isEqualTo("team-aom-prod-database-my-db-password");
    out.getBuffer().setLength(0);
    assertThat(run("name", "--prefix", "acme", "external-app/private-config/MyApp")).isZero();
    assertThat(out.toString().trim()).isEqualTo("external-app-private-config-myapp");
  }

  @Test
  void theDocumentedStyleIsAnOption() {
    assertThat(run("name", "--prefix", "acme", "--prefix-style", "documented", "bot/b")).isZero();
    assertThat(out.toString().trim()).isEqualTo("acme-openmetadata-bot-b");
  }

  @Test
  void anUnusableNameIsAOneLineErrorWithExitCode2() {
    assertThat(run("name", "--prefix-style", "documented", "--cluster-name", "---", "--", "___"))
        .isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().trim()).startsWith("error: ").contains("empty").doesNotContain("\n");
  }

  @Test
  void anInvalidPrefixIsAnErrorToo() {
    assertThat(run("name", "--prefix", "a%b", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("must not contain '%'");
  }
}
