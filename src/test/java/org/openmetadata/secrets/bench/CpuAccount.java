package org.openmetadata.secrets.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a phase: this benchmark's JVM (with the in-process operator),
 * its child processes (the forked operator), the control plane's processes, and everything else.
 * "Everything else" is other work on the same box; a large share of it means the phase's figures
 * were measured on a busy machine. Linux only (/proc); elsewhere it reports nothing.
 */
final class CpuAccount {

  private final List<Long> controlPlanePids;

  /**
   * @param pidsFile the control plane's {@code pids} file ("name pid" lines), or null
   */
  CpuAccount(Path pidsFile) {
    List<Long> pids = new ArrayList<>();
    if (pidsFile != null && Files.isRegularFile(pidsFile)) {
      try {
        for (String line : Files.readAllLines(pidsFile)) {
          String[] f = line.trim().split("\\s+");
          if (f.length == 2) {
            pids.add(Long.parseLong(f[1]));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // no control-plane accounting then
      }
    }
    controlPlanePids = List.copyOf(pids);
  }

  /**
   * Jiffies: machine total (idle included), machine busy, ours (bench + children), control plane.
   */
  record Sample(long total, long busy, long bench, long controlPlane, long nanos) {}

  Sample sample() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < cpu.length && i <= 8; i++) {
        long v = Long.parseLong(cpu[i]);
        total += v;
        if (i == 4 || i == 5) {
          idle += v; // idle, iowait
        }
      }
      long self = ProcessHandle.current().pid();
      long bench =
          times(self, true)
              + ProcessHandle.current().descendants().mapToLong(p -> times(p.pid(), false)).sum();
      long cp = controlPlanePids.stream().mapToLong(p -> times(p, false)).sum();
      return new Sample(total, total - idle, bench, cp, System.nanoTime());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** utime+stime (+ reaped children's when asked) of a process, in jiffies; 0 when it is gone. */
  private static long times(long pid, boolean withChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state is f[0], so utime (field 14) is f[11]
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Waits until other processes have used less than {@code cores} over a 2 s window, for at most
   * {@code max}; returns how long it waited.
   */
  Duration awaitIdle(double cores, Duration max) {
    return await(CpuAccount::otherCores, cores, max);
  }

  /**
   * As {@link #awaitIdle}, counting the control plane too: until it has done the work a previous
   * phase left it (the garbage collector's backlog after a namespace is deleted, say).
   */
  Duration awaitSettled(double cores, Duration max) {
    return await((a, b) -> otherCores(a, b) + controlPlaneCores(a, b), cores, max);
  }

  private Duration await(ToDoubleBiFunction<Sample, Sample> busy, double cores, Duration max) {
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < max.toNanos()) {
      Sample a = sample();
      LockSupport.parkNanos(2_000_000_000L);
      if (busy.applyAsDouble(a, sample()) < cores) {
        break;
      }
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** "bench JVM 1.10 cores, control plane 0.60, other processes 0.05 (of 2)". */
  static String describe(Sample a, Sample b) {
    if (a == null || b == null || b.total() <= a.total()) {
      return "n/a";
    }
    int cpus = Runtime.getRuntime().availableProcessors();
    double perCore = (b.total() - a.total()) / (double) cpus;
    double bench = (b.bench() - a.bench()) / perCore;
    double cp = (b.controlPlane() - a.controlPlane()) / perCore;
    double busy = (b.busy() - a.busy()) / perCore;
    double other = Math.max(0, busy - bench - cp);
    return String.format(
        "bench JVM %.2f, control plane %.2f, other processes %.2f, idle %.2f (cores of %d)",
        bench, cp, other, Math.max(0, cpus - busy), cpus);
  }

  static double controlPlaneCores(Sample a, Sample b) {
    if (a == null || b == null || b.total() <= a.total()) {
      return 0;
    }
    return (b.controlPlane() - a.controlPlane())
        / ((b.total() - a.total()) / (double) Runtime.getRuntime().availableProcessors());
  }

  static double otherCores(Sample a, Sample b) {
    if (a == null || b == null || b.total() <= a.total()) {
      return 0;
    }
    double perCore = (b.total() - a.total()) / (double) Runtime.getRuntime().availableProcessors();
    return Math.max(
        0,
        ((b.busy() - a.busy()) - (b.bench() - a.bench()) - (b.controlPlane() - a.controlPlane()))
            / perCore);
  }

  /** CPU seconds of this JVM's live threads, grouped by name with digits stripped. */
  static Map<String, Long> threadCpuNanos() {
    var mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new TreeMap<>();
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long t = mx.getThreadCpuTime(info.getThreadId());
      if (t > 0) {
        byGroup.merge(info.getThreadName().replaceAll("\\d+", "#"), t, Long::sum);
      }
    }
    return byGroup;
  }

  /**
   * CPU of another process's live threads from {@code /proc/PID/task}, grouped by the thread's name
   * (Linux keeps 15 characters of it) with digits stripped: where a forked JVM spent its CPU.
   */
  static Map<String, Long> threadCpuNanos(long pid) {
    Map<String, Long> byGroup = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(
          t -> {
            try {
              String stat = Files.readString(t.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name, in clock
              // ticks of USER_HZ (100 on Linux)
              long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
              byGroup.merge(name.replaceAll("\\d+", "#"), ticks * 10_000_000L, Long::sum);
            } catch (IOException | RuntimeException gone) {
              // the thread ended while being read
            }
          });
    } catch (IOException e) {
      return Map.of();
    }
    return byGroup;
  }

  /** The groups that used the most CPU between two {@link #threadCpuNanos()} snapshots. */
  static String topThreads(Map<String, Long> before, Map<String, Long> after, int limit) {
    Stream<Map.Entry<String, Long>> diffs =
        after.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() > 0)
            .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()));
    StringBuilder b = new StringBuilder();
    diffs
        .limit(limit)
        .forEach(
            e ->
                b.append(b.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(String.format("%.1f s", e.getValue() / 1e9)));
    return b.toString();
  }
}
