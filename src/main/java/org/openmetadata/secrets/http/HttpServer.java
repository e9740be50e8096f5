package org.openmetadata.secrets.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server in which no thread ever waits on a client.
 *
 * <p>One selector thread does all socket I/O without blocking: it reads request heads and bodies,
 * enforces the {@link Limits} (size, a deadline per request, idle and write timeouts, a connection
 * cap), answers 400/404/405/411/413/431 itself, and writes responses. Only complete requests reach
 * the fixed pool of workers, so a worker is busy exactly as long as a handler runs, and a client
 * that sends half a request or never reads its answer holds one connection slot until its deadline
 * and nothing else. At the cap, a new connection replaces the one that has waited longest on its
 * client, so a flood of idle sockets cannot lock new clients out; one that has never completed a
 * request goes before one kept alive after an answer, so such a flood churns itself and not the
 * client that keeps its connection between calls (OpenMetadata's OkHttp). The one replaced may be a
 * client whose request has not arrived yet, so whatever must always be answered (the kubelet's
 * probes) gets a listener of its own, out of reach of the clients that could churn this one.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it reads the request line on the executor's
 * thread, so with any bounded pool N half-open sockets stall every endpoint; its only remedies are
 * JVM-global system properties ({@code sun.net.httpserver.maxReqTime}, ...) that apply only when
 * set before the class loads, and Java 17's version has no connection cap. Vert.x is in the jar
 * only as the engine of the {@code demo} mock server; this class keeps the production path to the
 * JDK, and its whole behaviour is covered by tests on real sockets ({@code HttpServerTest}).
 *
 * <p>Deliberately not supported: chunked request bodies (411), {@code Expect: 100-continue} (the
 * client sends its body after its own wait), HTTP/2, TLS. Responses always carry Content-Length.
 */
public final class HttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private enum Phase {
    /** Kept alive between requests: the idle timeout runs. */
    IDLE(true),
    /**
     * Reading a request: its deadline runs from the first byte (or from the connection's opening).
     */
    READING(true),
    /** A worker runs the handler: nothing is owed by the client. */
    HANDLING(false),
    WRITING(true),
    /**
     * After the last response, output shut: waiting for the client's close, so it gets the whole
     * answer.
     */
    CLOSING(true);

    final boolean waitsOnClient;

    Phase(boolean waitsOnClient) {
      this.waitsOnClient = waitsOnClient;
    }
  }

  /** Handlers are the server's own code, bounded by it, not by a timer. */
  private static final Duration UNBOUNDED = Duration.ofDays(365);

  private static final Response INTERNAL_ERROR = Response.text(500, "internal error\n");

  private final String name;
  private final Router router;
  private final Limits limits;
  private final ServerSocketChannel listener;
  private final Selector selector;
  private final ThreadPoolExecutor workers;
  private final Thread loop;

  /** Connections whose handler has finished, handed from the workers to the selector thread. */
  private final Queue<Connection> answered = new ConcurrentLinkedQueue<>();

  /** Owned by the selector thread. */
  private final Set<Connection> connections = new HashSet<>();

  private volatile boolean running = true;
  private SelectionKey acceptKey;

  /** When accepting resumes after a failed accept (nanoTime), or 0. */
  private long acceptPausedUntil;

  private HttpServer(String name, InetSocketAddress address, Router router, Limits limits)
      throws IOException {
    this.name = name;
    this.router = router;
    this.limits = limits;
    this.selector = Selector.open();
    this.listener = ServerSocketChannel.open();
    try {
      listener.bind(address);
      listener.configureBlocking(false);
      acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      listener.close();
      selector.close();
      throw e;
    }
    AtomicInteger n = new AtomicInteger();
    // At most one request per connection is in flight, so this queue can never overflow.
    this.workers =
        new ThreadPoolExecutor(
            limits.workers(),
            limits.workers(),
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(limits.maxConnections()),
            r -> daemon(r, name + "-worker-" + n.incrementAndGet()));
    this.loop = daemon(this::run, name + "-io");
  }

  /** Binds {@code address} and starts serving; port 0 picks a free port (see {@link #port()}). */
  public static HttpServer start(
      String name, InetSocketAddress address, Router router, Limits limits) throws IOException {
    HttpServer server = new HttpServer(name, address, router, limits);
    server.loop.start();
    return server;
  }

  public int port() {
    return listener.socket().getLocalPort();
  }

  private static Thread daemon(Runnable r, String threadName) {
    Thread t = new Thread(r, threadName);
    t.setDaemon(true);
    return t;
  }

  private void run() {
    while (running) {
      try {
        long now = System.nanoTime();
        long next = expire(now);
        selector.select(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(next - now) + 1)));
        for (Connection c; (c = answered.poll()) != null; ) {
          c.startWriting();
        }
        if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
          acceptPausedUntil = 0;
          acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isAcceptable()) {
            accept(now);
          } else if (key.attachment() instanceof Connection c) {
            c.ready(key);
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        // Only the selector itself can fail here; each connection's own failures close just it.
        if (running) {
          LOG.warn("{}: selector loop: {}", name, e.getClass().getSimpleName());
        }
      }
    }
  }

  /** Closes the connections past their deadline; returns the next deadline. */
  private long expire(long now) {
    long next = now + TimeUnit.SECONDS.toNanos(1);
    for (Connection c : new ArrayList<>(connections)) {
      if (c.deadline - now <= 0) {
        c.close();
      } else if (c.deadline - next < 0) {
        next = c.deadline;
      }
    }
    return next;
  }

  private void accept(long now) {
    SocketChannel channel;
    while (true) {
      try {
        channel = listener.accept();
      } catch (IOException e) {
        // Out of file descriptors, typically: the listener stays ready, so pause it rather than
        // spin.
        LOG.warn(
            "{}: accept failed ({}); pausing accepts for 100 ms",
            name,
            e.getClass().getSimpleName());
        acceptKey.interestOps(0);
        acceptPausedUntil = now + TimeUnit.MILLISECONDS.toNanos(100);
        return;
      }
      if (channel == null) {
        return;
      }
      if (connections.size() >= limits.maxConnections() && !evictOne()) {
        closeQuietly(channel);
        continue;
      }
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connections.add(new Connection(channel, channel.register(selector, SelectionKey.OP_READ)));
      } catch (IOException e) {
        closeQuietly(channel);
      }
    }
  }

  private void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("{}: close: {}", name, e.getClass().getSimpleName());
    }
  }

  /**
   * Closes the connection that has waited longest on its client, of those that never completed a
   * request if there are any; false when all are being handled.
   */
  private boolean evictOne() {
    Optional<Connection> oldest =
        connections.stream()
            .filter(c -> c.phase.waitsOnClient)
            .min(
                Comparator.comparing((Connection c) -> c.served)
                    .thenComparing((a, b) -> Long.signum(a.since - b.since)));
    oldest.ifPresent(Connection::close);
    return oldest.isPresent();
  }

  /**
   * Stops accepting, closes every connection and stops the workers (running handlers are
   * interrupted).
   */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    for (Connection c : new ArrayList<>(connections)) {
      c.close();
    }
    try {
      listener.close();
      selector.close();
    } catch (IOException e) {
      LOG.debug("{}: close: {}", name, e.getClass().getSimpleName());
    }
  }

  private final class Connection {
    private final SocketChannel channel;
    private final SelectionKey key;

    /** Head bytes, and whatever the client sent after the current request (pipelining). */
    private final ByteBuffer in;

    private Phase phase;

    /** When this connection began waiting on its client in the current phase; eviction order. */
    private long since;

    private long deadline;
    private RequestHead head;
    private Route route;
    private ByteBuffer body;
    private volatile Response response;

    /** Head and body of the response being written. */
    private ByteBuffer[] out;

    private boolean closeAfterWrite;

    /**
     * Where the search for the end of the head resumes, so a byte-by-byte sender costs linear time.
     */
    private int scanned;

    /** A response has been written whole: evicted after the connections that never got one. */
    private boolean served;

    Connection(SocketChannel channel, SelectionKey key) {
      this.channel = channel;
      this.key = key;
      this.in = ByteBuffer.allocate(limits.maxHeadBytes());
      key.attach(this);
      enter(Phase.READING, limits.requestTimeout());
    }

    private void enter(Phase next, Duration timeout) {
      phase = next;
      since = System.nanoTime();
      deadline = since + timeout.toNanos();
    }

    void ready(SelectionKey k) {
      try {
        if (k.isReadable()) {
          read();
        } else if (k.isWritable()) {
          write();
        }
      } catch (IOException | CancelledKeyException e) {
        close();
      } catch (RuntimeException e) {
        LOG.warn("{}: connection dropped: {}", name, e.getClass().getSimpleName());
        close();
      }
    }

    private void read() throws IOException {
      if (phase == Phase.CLOSING) {
        in.clear(); // discarded: the client is only expected to close now
        if (channel.read(in) < 0) {
          close();
        }
      } else if (readingBody()) {
        if (channel.read(body) < 0) {
          close();
          return;
        }
        dispatchIfComplete();
      } else {
        if (channel.read(in) < 0) {
          close();
          return;
        }
        if (phase == Phase.IDLE && in.position() > 0) {
          enter(Phase.READING, limits.requestTimeout());
        }
        parse();
      }
    }

    /** Looks for a complete head in {@code in}; answers it, or starts reading its body. */
    private void parse() {
      int end = RequestHead.end(in.array(), scanned, in.position());
      if (end < 0) {
        scanned = Math.max(0, in.position() - 3);
        if (!in.hasRemaining()) {
          reject(431, Map.of());
        }
        return;
      }
      try {
        head = RequestHead.parse(Arrays.copyOf(in.array(), end));
      } catch (RequestHead.Rejected e) {
        reject(e.status, Map.of());
        return;
      }
      route = router.route(head.path()).orElse(null);
      if (route == null) {
        reject(404, Map.of());
        return;
      }
      if (!route.accepts(head.method())) {
        reject(405, Map.of("Allow", route.allow()));
        return;
      }
      if (head.contentLength() > limits.maxBodyBytes()) {
        reject(413, Map.of());
        return;
      }
      body = ByteBuffer.allocate((int) head.contentLength());
      // Bytes after the head belong to the body first, then to the next request.
      in.flip().position(end);
      while (body.hasRemaining() && in.hasRemaining()) {
        body.put(in.get());
      }
      in.compact(); // the body keeps the request's deadline
      scanned = 0;
      dispatchIfComplete();
    }

    private boolean readingBody() {
      return body != null && body.hasRemaining();
    }

    private void dispatchIfComplete() {
      if (readingBody()) {
        return;
      }
      Request request =
          new Request(head.method(), head.path(), head.query(), head.headers(), body.array());
      Handler handler = route.handler();
      enter(Phase.HANDLING, UNBOUNDED);
      key.interestOps(0);
      try {
        workers.execute(
            () -> {
              Response r = INTERNAL_ERROR;
              try {
                r = Objects.requireNonNull(handler.handle(request));
              } catch (Exception | StackOverflowError | LinkageError e) {
                // The message may carry anything: the client and the log get only the exception's
                // class.
                LOG.warn(
                    "{}: {} {} failed: {}",
                    name,
                    request.method(),
                    request.path(),
                    e.getClass().getSimpleName());
              } finally {
                response = r; // answered whatever happens, or the connection would wait for ever
                answered.add(this);
                selector.wakeup();
              }
            });
      } catch (RejectedExecutionException e) {
        close(); // shutting down
      }
    }

    /** Called on the selector thread once the worker has set {@link #response}. */
    void startWriting() {
      if (!channel.isOpen()) {
        return;
      }
      closeAfterWrite = !head.keepAlive();
      send(response, !"HEAD".equals(head.method()), Map.of());
    }

    /**
     * Answers without a handler and closes: the rest of what the client sends is not read as a
     * request.
     */
    private void reject(int status, Map<String, String> headers) {
      closeAfterWrite = true;
      send(
          Response.text(status, Status.reason(status) + "\n"),
          head == null || !"HEAD".equals(head.method()),
          headers);
    }

    private void send(Response r, boolean withBody, Map<String, String> extra) {
      out =
          new ByteBuffer[] {
            ByteBuffer.wrap(statusAndHeaders(r, extra, closeAfterWrite)),
            ByteBuffer.wrap(withBody ? r.body() : new byte[0])
          };
      enter(Phase.WRITING, limits.writeTimeout());
      try {
        write();
      } catch (IOException | CancelledKeyException e) {
        close();
      }
    }

    private void write() throws IOException {
      channel.write(out);
      if (out[0].hasRemaining() || out[1].hasRemaining()) {
        key.interestOps(SelectionKey.OP_WRITE);
        return;
      }
      head = null;
      route = null;
      body = null;
      served = true;
      if (closeAfterWrite) {
        // Closing with unread input would reset the connection, and the client could lose the
        // answer: shut output, then read until the client closes (bounded by the write timeout).
        channel.shutdownOutput();
        enter(Phase.CLOSING, limits.writeTimeout());
        key.interestOps(SelectionKey.OP_READ);
        return;
      }
      key.interestOps(SelectionKey.OP_READ);
      if (in.position() > 0) {
        enter(Phase.READING, limits.requestTimeout());
        parse(); // a pipelined request already arrived
      } else {
        enter(Phase.IDLE, limits.idleTimeout());
      }
    }

    void close() {
      connections.remove(this);
      key.cancel();
      closeQuietly(channel);
    }
  }

  /** The status line and headers of {@code r}; Content-Length is the body's also for HEAD. */
  static byte[] statusAndHeaders(Response r, Map<String, String> extra, boolean close) {
    StringBuilder h =
        new StringBuilder(128)
            .append("HTTP/1.1 ")
            .append(r.status())
            .append(' ')
            .append(Status.reason(r.status()))
            .append("\r\n")
            .append("Content-Type: ")
            .append(r.contentType())
            .append("\r\n")
            .append("Content-Length: ")
            .append(r.body().length)
            .append("\r\n");
    r.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
    extra.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
    if (close) {
      h.append("Connection: close\r\n");
    }
    return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
