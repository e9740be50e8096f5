package org.openmetadata.secrets.runtime;

/**
 * The write budget's arithmetic, with no threads or clock of its own: a token bucket ({@code rate}
 * per second, {@code burst} at once) whose tokens, when callers have to wait, go to the waiting
 * namespaces in turn — one token per namespace per round, each namespace's callers in order. So a
 * namespace that floods the operator with writes does not make a quiet namespace's write wait
 * behind all of the flood's; with one namespace waiting it is a plain first-come bucket. Not
 * thread-safe: {@link WriteBudget} holds a lock around it.
 */
final class FairBucket {

  /** One caller's place in its namespace's queue. */
  static final class Ticket {
    private final String namespace;
    private boolean granted;

    private Ticket(String namespace) {
      this.namespace = namespace;
    }

    boolean granted() {
      return granted;
    }
  }

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;

  /** Waiting callers by namespace; the namespaces take turns. */
  private final RoundRobin<String, Ticket> waiting = new RoundRobin<>();

  FairBucket(double ratePerSecond, int burst, long now) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "a write budget needs a positive rate and a burst of at least 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  /**
   * A token for a write in {@code namespace}: granted at once if there is one and nobody waits,
   * else queued.
   */
  Ticket take(String namespace, long now) {
    refill(now);
    Ticket ticket = new Ticket(namespace);
    if (waiting.isEmpty() && tokens >= 1) {
      tokens -= 1;
      ticket.granted = true;
    } else {
      waiting.add(namespace, ticket);
      handOut(now);
    }
    return ticket;
  }

  /**
   * Grants the tokens earned by {@code now}, one per waiting namespace in turn; true if any was
   * granted.
   */
  boolean handOut(long now) {
    refill(now);
    boolean any = false;
    while (tokens >= 1 && !waiting.isEmpty()) {
      waiting.poll().granted = true;
      tokens -= 1;
      any = true;
    }
    return any;
  }

  /**
   * Withdraws a caller that will not write after all (its thread was interrupted): its place in the
   * queue goes, and a token it was granted meanwhile goes back, to the next waiter if there is one.
   * True if that granted anyone.
   */
  boolean cancel(Ticket ticket, long now) {
    refill(now);
    if (ticket.granted) {
      ticket.granted = false;
      tokens = Math.min(burst, tokens + 1);
    } else {
      waiting.remove(ticket.namespace, ticket);
    }
    return handOut(now);
  }

  /** How many callers wait for a token. */
  int waiting() {
    return waiting.size();
  }

  /** How long until the next token is earned. */
  long nanosToNextToken(long now) {
    refill(now);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
  }

  private void refill(long now) {
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
  }
}
