package ma.manchette.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import ma.manchette.config.AppConfig;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.hub.Replay;
import ma.manchette.model.EventType;
import ma.manchette.model.Item;
import ma.manchette.outlet.PollOutcome;
import ma.manchette.store.ItemWriter;
import org.slf4j.LoggerFactory;

/**
 * Everything /metrics shows, in one Prometheus registry: the pipeline's own meters (registered up
 * front, so a poll or a delivery only increments an existing meter), Vert.x's pool and HTTP
 * metrics, the JVM, and an event-loop delay probe.
 */
public final class Telemetry {
  private static final Map<Vertx, PrometheusMeterRegistry> BY_VERTX = new WeakHashMap<>();
  private static final Duration[] LAG_BUCKETS = {
    ms(5),
    ms(25),
    ms(100),
    ms(250),
    ms(500),
    ms(1_000),
    ms(2_500),
    ms(5_000),
    ms(15_000),
    ms(60_000),
    ms(300_000),
    ms(900_000),
    ms(3_600_000)
  };

  public final PrometheusMeterRegistry registry;
  private final Map<String, Map<String, Counter>> polls = new ConcurrentHashMap<>();
  private final Map<String, Counter> detected = new ConcurrentHashMap<>();
  private final Map<String, Counter> scoops = new ConcurrentHashMap<>();
  private final Map<String, Timer> pollTime = new ConcurrentHashMap<>();
  private final Timer publishedToDetected;
  private final Timer detectedToWritten;
  private final Timer eventLoopDelay;
  private final Timer crossNodeArrival;
  private long probeTimer = -1;

  /**
   * The server's Vert.x: with its own metrics unless MANCHETTE_VERTX_METRICS=0, or
   * MANCHETTE_PROXY_PROTOCOL=1, where Vert.x 5.0's HTTP server metrics take the client address the
   * PROXY header gave before the connection can read it (every client then looks like the
   * balancer).
   */
  public static Vertx newVertx(Map<String, String> env) {
    VertxOptions options = transport(env);
    if ("0".equals(env.get("MANCHETTE_VERTX_METRICS"))) return announced(Vertx.vertx(options));
    if ("1".equals(env.get("MANCHETTE_PROXY_PROTOCOL"))) {
      LoggerFactory.getLogger(Telemetry.class)
          .warn(
              "MANCHETTE_PROXY_PROTOCOL=1: Vert.x's own metrics (vertx_*) are off,"
                  + " they would hide the client address of the PROXY header; manchette_* and JVM metrics stay");
      return announced(Vertx.vertx(options));
    }
    return announced(newVertx(options));
  }

  /**
   * A Vert.x instance whose own metrics (pools, HTTP server and clients) go to a fresh Prometheus
   * registry.
   */
  public static Vertx newVertx() {
    return newVertx(transport(Map.of()));
  }

  /**
   * Netty's epoll transport unless MANCHETTE_NATIVE_TRANSPORT=0: the kernel's readiness events
   * without the JDK selector's garbage and locks, and writev of direct buffers as they are.
   */
  private static VertxOptions transport(Map<String, String> env) {
    return new VertxOptions().setPreferNativeTransport(AppConfig.nativeTransport(env));
  }

  private static Vertx newVertx(VertxOptions options) {
    PrometheusMeterRegistry registry = newRegistry();
    Vertx vertx =
        Vertx.builder()
            .with(options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    synchronized (BY_VERTX) {
      BY_VERTX.put(vertx, registry);
    }
    return vertx;
  }

  /** Says at start which transport serves: an absent native library falls back to NIO. */
  private static Vertx announced(Vertx vertx) {
    org.slf4j.Logger log = LoggerFactory.getLogger(Telemetry.class);
    if (vertx.isNativeTransportEnabled()) log.info("network transport: native (epoll)");
    else if (vertx.unavailableNativeTransportCause() != null)
      log.warn(
          "network transport: NIO, the native one is unavailable ({})",
          vertx.unavailableNativeTransportCause().toString());
    else log.info("network transport: NIO (MANCHETTE_NATIVE_TRANSPORT=0)");
    return vertx;
  }

  /**
   * The registry of a Vert.x made by {@link #newVertx()}, else a new one (without Vert.x's own
   * metrics).
   */
  public static Telemetry of(Vertx vertx) {
    PrometheusMeterRegistry r;
    synchronized (BY_VERTX) {
      r = BY_VERTX.get(vertx);
    }
    return new Telemetry(r != null ? r : newRegistry());
  }

  /**
   * A registry whose every name passes {@code promtool check metrics}: two of Micrometer's JVM
   * meters do not (a "_count" suffix on a gauge, "ns" in a name), so they are renamed or replaced.
   */
  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
              }
            });
    return registry;
  }

  private Telemetry(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // in place of Micrometer's process.cpu.time (nanoseconds): the name Prometheus clients use
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os)
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by this process")
          .register(registry);
    publishedToDetected =
        Timer.builder("manchette.detection.lag")
            .description(
                "time from an item's publication date (as the outlet states it) to its detection")
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
    detectedToWritten =
        Timer.builder("manchette.delivery.lag")
            .description(
                "time from detection (on whatever node) to the headline written to this node's sockets, per event loop")
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
    crossNodeArrival =
        Timer.builder("manchette.cluster.arrival.lag")
            .description(
                "several nodes: from an event's id time on the node where it happened to its arrival here; keep MANCHETTE_REORDER_MS above it")
            .serviceLevelObjectives(
                ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1_000), ms(2_500), ms(10_000))
            .register(registry);
    eventLoopDelay =
        Timer.builder("manchette.event.loop.delay")
            .description(
                "how late a 1 s timer fires on an event loop: a blocked or saturated loop shows here")
            .serviceLevelObjectives(ms(1), ms(5), ms(20), ms(100), ms(500), ms(2_000))
            .register(registry);
  }

  /** Outlets known at start: their poll counters exist (at 0) before the first poll. */
  public void outlets(Collection<String> outletIds) {
    for (String id : outletIds) {
      for (PollOutcome outcome : PollOutcome.values())
        if (outcome != PollOutcome.FAILED) pollCounter(id, outcome.label());
      detectedCounter(id);
      scoopCounter(id);
      pollTimer(id);
    }
  }

  /** A finished poll of one outlet (called on the ingest context). */
  public void polled(String outletId, PollOutcome outcome, String errorKind, long nanos) {
    pollCounter(outletId, outcome.label(errorKind)).increment();
    pollTimer(outletId).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * This outlet's headline was the first of a story a second outlet just joined. Outlets come from
   * the configured ones only, so the label stays bounded.
   */
  public void scoop(String outletId) {
    scoopCounter(outletId).increment();
  }

  /** A new live headline. */
  public void detected(Item item) {
    detectedCounter(item.outlet()).increment();
    if (item.publishedAt() != null && item.detectedAt() != null) {
      long lag = item.detectedAt().toEpochMilli() - item.publishedAt().toEpochMilli();
      if (lag >= 0) publishedToDetected.record(lag, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * An item detected on another node, or an update or retract made there, has arrived here (before
   * the hold window).
   */
  public void arrivedFromOtherNode(long cursor) {
    long lag =
        System.currentTimeMillis() - ma.manchette.model.IdGenerator.timeOf(cursor).toEpochMilli();
    crossNodeArrival.record(Math.max(0, lag), TimeUnit.MILLISECONDS);
  }

  /** A headline written to the matching sockets of one event loop. */
  public void written(EncodedEvent e) {
    if (e.type != EventType.HEADLINE || e.item.detectedAt() == null) return;
    long lag = System.currentTimeMillis() - e.item.detectedAt().toEpochMilli();
    detectedToWritten.record(Math.max(0, lag), TimeUnit.MILLISECONDS);
  }

  public void hub(HeadlineHub hub) {
    for (String t : new String[] {"sse", "ws"}) {
      Gauge.builder("manchette.subscribers", hub, h -> h.subscribers(t))
          .tag("transport", t)
          .description("connected stream subscribers")
          .register(registry);
    }
    // the cap beside the count, so an alert can say "near the cap" without knowing the setting
    Gauge.builder("manchette.subscribers.max", hub, HeadlineHub::maxSubscribers)
        .description("stream cap (MANCHETTE_MAX_SUBSCRIBERS): beyond it new streams get 503")
        .register(registry);
    FunctionCounter.builder("manchette.messages.delivered", hub.delivered, a -> a.sum())
        .description("events handed to subscriber connections")
        .register(registry);
    FunctionCounter.builder("manchette.messages.dropped", hub.dropped, a -> a.sum())
        .description("events discarded when a slow connection was cut (the client resumes them)")
        .register(registry);
    FunctionCounter.builder("manchette.slow.client.disconnects", hub.slowDisconnects, a -> a.sum())
        .description("connections closed for not reading")
        .register(registry);
    for (Replay.Source s : Replay.Source.values()) {
      FunctionCounter.builder("manchette.resumes", hub.replays[s.ordinal()], a -> a.sum())
          .tag("outcome", s.name().toLowerCase())
          .description("resumed streams by where the missed events came from")
          .register(registry);
    }
    FunctionCounter.builder("manchette.cluster.late.events", hub.late, a -> a.sum())
        .description(
            "several nodes: items from another node that arrived after the hold window (sent without an SSE id)")
        .register(registry);
    hub.onWritten(this::written);
    Gauge.builder("manchette.cluster.holding", hub, h -> h.holding() ? 1 : 0)
        .description(
            "1 while events wait in the hold window (more than one live node), 0 alone or without cluster mode")
        .register(registry);
  }

  /** WebSockets closed with 1009, and server-closed streams reset after the close grace. */
  public void streamCloses(
      java.util.concurrent.atomic.LongAdder oversize,
      java.util.concurrent.atomic.LongAdder resets) {
    FunctionCounter.builder("manchette.ws.oversize.closes", oversize, a -> a.sum())
        .description("WebSockets closed with 1009 for a message over 64 KiB")
        .register(registry);
    FunctionCounter.builder("manchette.stream.close.resets", resets, a -> a.sum())
        .description(
            "server-closed streams reset because their close did not finish in MANCHETTE_CLOSE_GRACE_MS")
        .register(registry);
  }

  /** Cluster mode: live nodes on this database at the last lease round, this one included. */
  public void liveNodes(java.util.function.IntSupplier live) {
    Gauge.builder("manchette.cluster.live.nodes", live, l -> l.getAsInt())
        .description("live nodes in cluster_nodes at the last lease round, this one included")
        .register(registry);
  }

  /** Several nodes: updates and retracts relayed to and from the other nodes (ClusterEvents). */
  public void clusterEvents(ma.manchette.cluster.ClusterEvents relay) {
    FunctionCounter.builder("manchette.cluster.relayed.events", relay.sent, a -> a.sum())
        .tag("direction", "sent")
        .description(
            "several nodes: updates and retracts told to the other nodes / received from them")
        .register(registry);
    FunctionCounter.builder("manchette.cluster.relayed.events", relay.received, a -> a.sum())
        .tag("direction", "received")
        .description(
            "several nodes: updates and retracts told to the other nodes / received from them")
        .register(registry);
    FunctionCounter.builder("manchette.cluster.relay.failures", relay.failed, a -> a.sum())
        .description(
            "several nodes: notifications to the other nodes that PostgreSQL refused (seen there through history only)")
        .register(registry);
  }

  public void writer(ItemWriter writer) {
    Gauge.builder("manchette.db.write.backlog", writer, ItemWriter::backlog)
        .description("items queued for PostgreSQL")
        .register(registry);
    Gauge.builder(
            "manchette.db.write.last.batch.seconds", writer, w -> w.lastBatchMillis() / 1000.0)
        .description("duration of the last batch written to PostgreSQL")
        .register(registry);
    FunctionCounter.builder("manchette.db.items.written", writer, ItemWriter::written)
        .description("items written to PostgreSQL by this process")
        .register(registry);
    Gauge.builder("manchette.db.up", writer, w -> w.databaseUp() ? 1 : 0)
        .description("1 while the last write to PostgreSQL succeeded")
        .register(registry);
  }

  /** Measures every second how late a timer fires on one event loop. */
  public void probeEventLoop(Vertx vertx) {
    long[] due = {System.nanoTime() + 1_000_000_000L};
    probeTimer =
        vertx.setPeriodic(
            1_000,
            t -> {
              long now = System.nanoTime();
              eventLoopDelay.record(Math.max(0, now - due[0]), TimeUnit.NANOSECONDS);
              due[0] = now + 1_000_000_000L;
            });
  }

  public void stop(Vertx vertx) {
    if (probeTimer >= 0) vertx.cancelTimer(probeTimer);
  }

  public String scrape() {
    return registry.scrape();
  }

  private Counter pollCounter(String outlet, String outcome) {
    return polls
        .computeIfAbsent(outlet, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder("manchette.polls")
                    .tag("outlet", outlet)
                    .tag("outcome", o)
                    .description(
                        "polls by outcome: new, 304, unchanged (same body), no-new, or the error kind")
                    .register(registry));
  }

  private Counter scoopCounter(String outlet) {
    return scoops.computeIfAbsent(
        outlet,
        o ->
            Counter.builder("manchette.story.scoops")
                .tag("outlet", o)
                .description(
                    "stories this outlet broke first (its headline came before the others')")
                .register(registry));
  }

  private Counter detectedCounter(String outlet) {
    return detected.computeIfAbsent(
        outlet,
        o ->
            Counter.builder("manchette.items.detected")
                .tag("outlet", o)
                .description("new live headlines detected")
                .register(registry));
  }

  private Timer pollTimer(String outlet) {
    return pollTime.computeIfAbsent(
        outlet,
        o ->
            Timer.builder("manchette.fetch.duration")
                .tag("outlet", o)
                .description("a whole poll of an outlet: fetch of every source, parse, detection")
                .serviceLevelObjectives(ms(50), ms(250), ms(1_000), ms(5_000), ms(30_000))
                .register(registry));
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }
}
