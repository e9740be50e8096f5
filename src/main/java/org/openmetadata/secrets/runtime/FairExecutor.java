package org.openmetadata.secrets.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The reconcile thread pool, shared fairly between namespaces. JOSDK hands its executor one task
 * per resource to reconcile; a plain pool runs them first come, first served, so a namespace that
 * creates 5,000 resources at once makes every other namespace wait behind all of them. Here each
 * namespace has its own queue and the threads take from the queues in turn: a task waits for at
 * most one task of each other busy namespace, and one namespace alone still gets every thread.
 */
public final class FairExecutor extends AbstractExecutorService {

  /** Where JOSDK puts the namespace of the resource it is submitting (on the submitting thread). */
  static final String JOSDK_NAMESPACE_MDC_KEY = "resource.namespace";

  private final Supplier<String> queueOfSubmitter;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition done = lock.newCondition();

  /** Tasks by the namespace they reconcile; the namespaces take turns. */
  private final RoundRobin<String, Runnable> queues = new RoundRobin<>();

  private final List<Thread> workers = new ArrayList<>();
  private int alive;
  private boolean shutdown;

  /** The reconcile pool: tasks queue by the namespace JOSDK reconciles, read from its MDC. */
  public static FairExecutor byNamespace(int threads) {
    return new FairExecutor(
        threads,
        "reconciler-",
        () -> {
          String namespace = MDC.get(JOSDK_NAMESPACE_MDC_KEY);
          return namespace == null ? "" : namespace;
        });
  }

  /**
   * @param queueOfSubmitter the queue of the task being submitted, read on the submitting thread
   */
  FairExecutor(int threads, String threadPrefix, Supplier<String> queueOfSubmitter) {
    this.queueOfSubmitter = queueOfSubmitter;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::work, threadPrefix + i);
      t.setDaemon(true);
      workers.add(t);
    }
    alive = threads;
    workers.forEach(Thread::start);
  }

  @Override
  public void execute(Runnable task) {
    String queue = queueOfSubmitter.get();
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("reconcile pool shut down");
      }
      queues.add(queue, task);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    try {
      for (Runnable task = next(); task != null; task = next()) {
        try {
          task.run();
        } catch (RuntimeException e) {
          Thread t = Thread.currentThread();
          t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
      }
    } finally {
      lock.lock();
      try {
        alive--;
        done.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The first task of the queue whose turn it is (that queue then goes last); null once shut down
   * and drained.
   */
  private Runnable next() {
    lock.lock();
    try {
      while (queues.isEmpty()) {
        if (shutdown) {
          return null;
        }
        work.awaitUninterruptibly();
      }
      return queues.poll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> pending;
    lock.lock();
    try {
      shutdown = true;
      pending = queues.clear();
      work.signalAll();
    } finally {
      lock.unlock();
    }
    workers.forEach(Thread::interrupt);
    return pending;
  }

  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return shutdown && alive == 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!(shutdown && alive == 0)) {
        if (left <= 0) {
          return false;
        }
        left = done.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
