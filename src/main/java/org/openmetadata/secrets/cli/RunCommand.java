package org.openmetadata.secrets.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openmetadata.secrets.config.ConfigException;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.keys.MissingKeyRingException;
import org.openmetadata.secrets.runtime.KubernetesClients;
import org.openmetadata.secrets.runtime.OperatorRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the operator against the cluster the environment points at, until it is stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the operator.",
      "Configured by the environment variables listed below (docs/configuration.md); a bad value stops it with a"
          + " message naming the variable."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment();
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
    var client = KubernetesClients.forOperator(config);
    OperatorRuntime runtime;
    try {
      runtime = OperatorRuntime.start(config, client);
    } catch (MissingKeyRingException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      client.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
