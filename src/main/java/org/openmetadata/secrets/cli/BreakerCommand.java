package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.reconciler.BreakerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The deletion circuit breakers as recorded in the operator's namespace: which namespaces are
 * paused and why, and closing them. Closing needs rights on that ConfigMap, which namespace authors
 * do not have.
 */
@Command(
    name = "breaker",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the namespaces whose deletion circuit breaker is open.",
      "Each with the reason it opened. `breaker close NAMESPACE...` closes them (needs rights on the ConfigMap "
          + BreakerRecord.NAME
          + " in the operator's namespace)."
    },
    subcommands = BreakerCommand.Close.class)
final class BreakerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(
      names = "--operator-namespace",
      defaultValue = "om-secrets-operator",
      description = "The operator's namespace (default: ${DEFAULT-VALUE}).")
  String operatorNamespace;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      Map<String, String> open = open(record(client).get());
      if (open.isEmpty()) {
        out.println("no deletion circuit breaker is open");
      } else {
        String format = "%-24s %s%n";
        out.printf(format, "NAMESPACE", "WHY");
        open.forEach((ns, why) -> out.printf(format, ns, why));
      }
      out.flush();
      return 0;
    }
  }

  private Resource<ConfigMap> record(KubernetesClient client) {
    return client.configMaps().inNamespace(operatorNamespace).withName(BreakerRecord.NAME);
  }

  private static Map<String, String> open(ConfigMap record) {
    return record == null || record.getData() == null ? Map.of() : new TreeMap<>(record.getData());
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = {
        "Closes the deletion circuit breaker of each NAMESPACE.",
        "Its resources lose the DeletionsPaused condition, Delete resources their extra finalizer, and deleting a"
            + " resource deletes its Secret again as its deletion policy says."
      })
  static final class Close implements Callable<Integer> {

    @Spec CommandSpec spec;
    @ParentCommand BreakerCommand parent;

    @Parameters(
        arity = "1..*",
        paramLabel = "NAMESPACE",
        description = "Namespaces whose breaker to close.")
    List<String> namespaces;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (KubernetesClient client = parent.kube.client()) {
        Resource<ConfigMap> record = parent.record(client);
        Map<String, String> open = open(record.get());
        List<String> closing = namespaces.stream().filter(open::containsKey).distinct().toList();
        namespaces.stream()
            .filter(ns -> !open.containsKey(ns))
            .forEach(ns -> err.println("namespace " + ns + ": no open deletion circuit breaker"));
        if (!closing.isEmpty()) {
          record.edit(
              cm -> {
                closing.forEach(cm.getData()::remove);
                return cm;
              });
          closing.forEach(
              ns -> out.println("closed the deletion circuit breaker of namespace " + ns));
        }
        out.flush();
        err.flush();
        return closing.size() == namespaces.stream().distinct().count() ? 0 : 1;
      }
    }
  }
}
