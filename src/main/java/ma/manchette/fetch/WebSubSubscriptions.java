package ma.manchette.fetch;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSub subscriber side: subscribes to the hub a feed advertises (callback {@code
 * <public>/websub/<outlet>}), confirms only the intents it asked for, checks the HMAC of every
 * distributed body against the secret it chose, and renews each lease before it runs out. Polling
 * continues slowly as a fallback.
 */
public final class WebSubSubscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(WebSubSubscriptions.class);
  static final long REQUESTED_LEASE_SECONDS = 7 * 86_400;
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(30);

  public enum State {
    PENDING,
    ACTIVE,
    DENIED,
    FAILED
  }

  /**
   * One outlet's subscription; replaced as a whole, so readers on other threads see a consistent
   * one.
   */
  public record Subscription(
      String outlet,
      String hub,
      String topic,
      String secret,
      State state,
      Instant leaseUntil,
      Instant retryAt) {
    Subscription with(State s, Instant lease) {
      return new Subscription(outlet, hub, topic, secret, s, lease, retryAt);
    }
  }

  /** What the callback should answer to a content distribution. */
  public enum Verdict {
    ACCEPTED,
    UNKNOWN,
    UNSIGNED,
    BAD_SIGNATURE
  }

  private final Vertx vertx;
  private final WebClient client;
  private final String publicUrl;
  private final Map<String, Subscription> subs = new ConcurrentHashMap<>();
  private final Map<String, Long> renewTimers = new ConcurrentHashMap<>();
  private final Map<String, String> pendingIntent =
      new ConcurrentHashMap<>(); // outlet -> topic we asked for
  private final SecureRandom random = new SecureRandom();
  private final Function<Subscription, Future<Void>> saver;
  private final java.util.Set<Future<Void>> saving =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param saver keeps each subscription as it changes (PostgreSQL), so a restart can {@link
   *     #restore} it
   */
  public WebSubSubscriptions(
      Vertx vertx, String publicUrl, Function<Subscription, Future<Void>> saver) {
    this.vertx = vertx;
    this.saver = saver;
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent(FeedFetcher.USER_AGENT)
                .setConnectTimeout(10_000)
                .setIdleTimeout(30)
                .setFollowRedirects(false));
  }

  public String callbackOf(String outlet) {
    return publicUrl + "/websub/" + URLEncoder.encode(outlet, StandardCharsets.UTF_8);
  }

  public Subscription get(String outlet) {
    return subs.get(outlet);
  }

  /** True while a verified lease runs: the outlet may then be polled at its slowest pace. */
  public boolean active(String outlet) {
    Subscription s = subs.get(outlet);
    return s != null
        && s.state() == State.ACTIVE
        && s.leaseUntil() != null
        && s.leaseUntil().isAfter(Instant.now());
  }

  /**
   * A poll saw {@code hub} advertised for {@code topic}: subscribe unless already (being)
   * subscribed.
   */
  public void discovered(String outlet, String hub, String topic) {
    if (hub == null || topic == null || !isHttp(hub) || !isHttp(topic)) return;
    Subscription s = subs.get(outlet);
    if (s != null && s.hub().equals(hub) && s.topic().equals(topic)) {
      boolean waiting =
          s.state() == State.PENDING || s.state() == State.ACTIVE || s.state() == State.DENIED;
      if (waiting || (s.retryAt() != null && s.retryAt().isAfter(Instant.now()))) return;
    }
    subscribe(outlet, hub, topic, s != null && s.topic().equals(topic) ? s.secret() : newSecret());
  }

  private Future<Void> subscribe(String outlet, String hub, String topic, String secret) {
    Subscription previous = subs.get(outlet);
    boolean renewal = previous != null && previous.state() == State.ACTIVE;
    // a renewal keeps the running lease until the hub confirms the new one
    put(
        new Subscription(
            outlet,
            hub,
            topic,
            secret,
            renewal ? State.ACTIVE : State.PENDING,
            renewal ? previous.leaseUntil() : null,
            null));
    pendingIntent.put(outlet, topic);
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("hub.mode", "subscribe")
            .add("hub.callback", callbackOf(outlet))
            .add("hub.topic", topic)
            .add("hub.secret", secret)
            .add("hub.lease_seconds", String.valueOf(REQUESTED_LEASE_SECONDS));
    return client
        .postAbs(hub)
        .timeout(30_000)
        .sendForm(form)
        .<Void>map(
            resp -> {
              if (resp.statusCode() / 100 == 2) {
                LOG.info(
                    "websub: asked {} to push {} for outlet {} (HTTP {})",
                    hub,
                    topic,
                    outlet,
                    resp.statusCode());
              } else {
                failed(outlet, "hub answered HTTP " + resp.statusCode());
              }
              return null;
            })
        .recover(
            e -> {
              failed(outlet, e.getMessage());
              return Future.succeededFuture();
            });
  }

  private void failed(String outlet, String why) {
    pendingIntent.remove(outlet);
    Subscription s = subs.get(outlet);
    if (s != null && s.state() != State.ACTIVE) {
      put(
          new Subscription(
              s.outlet(),
              s.hub(),
              s.topic(),
              s.secret(),
              State.FAILED,
              null,
              Instant.now().plus(RETRY_AFTER_FAILURE)));
    }
    LOG.warn("websub: subscription of outlet {} failed: {}; polling carries on", outlet, why);
  }

  /**
   * The hub checks our intent: echo the challenge only for a subscription we asked for and still
   * want. Returns the body to answer with 200, or null for 404.
   */
  public String verify(
      String outlet, String mode, String topic, String challenge, String leaseSeconds) {
    Subscription s = subs.get(outlet);
    String wanted = pendingIntent.get(outlet);
    if (s == null || topic == null || !topic.equals(s.topic())) {
      LOG.warn(
          "websub: refused {} verification for outlet {} topic {}: not ours", mode, outlet, topic);
      return null;
    }
    if ("denied".equals(mode)) {
      put(s.with(State.DENIED, null));
      LOG.warn("websub: hub denied the subscription of outlet {}: {}", outlet, topic);
      return "";
    }
    if (!"subscribe".equals(mode) || challenge == null || !topic.equals(wanted)) {
      LOG.warn(
          "websub: refused {} verification for outlet {}: no such request pending", mode, outlet);
      return null;
    }
    long lease = parseLease(leaseSeconds);
    pendingIntent.remove(outlet);
    Instant until = Instant.now().plusSeconds(lease);
    put(s.with(State.ACTIVE, until));
    scheduleRenewal(outlet, lease);
    LOG.info("websub: outlet {} subscribed to {} for {} s", outlet, s.hub(), lease);
    return challenge;
  }

  private void put(Subscription s) {
    subs.put(s.outlet(), s);
    Future<Void> saved =
        saver
            .apply(s)
            .onFailure(
                e ->
                    LOG.warn(
                        "websub: could not save the subscription of {}: {}",
                        s.outlet(),
                        e.getMessage()));
    saving.add(saved);
    saved.onComplete(ar -> saving.remove(saved));
  }

  /**
   * Subscriptions saved by an earlier run: a running lease is kept (its secret still checks pushes)
   * and renewed in time; anything else is asked for again with the same secret.
   */
  public void restore(List<Subscription> saved) {
    for (Subscription s : saved) {
      if (subs.containsKey(s.outlet()))
        continue; // this run already subscribed afresh: its secret wins
      if (s.state() == State.DENIED) {
        subs.put(s.outlet(), s);
      } else if (s.state() == State.ACTIVE
          && s.leaseUntil() != null
          && s.leaseUntil().isAfter(Instant.now())) {
        subs.put(s.outlet(), s);
        scheduleRenewal(s.outlet(), Duration.between(Instant.now(), s.leaseUntil()).toSeconds());
      } else {
        subscribe(s.outlet(), s.hub(), s.topic(), s.secret());
      }
    }
    if (!saved.isEmpty()) LOG.info("websub: {} subscriptions restored", saved.size());
  }

  /** Renew at 90 % of the lease (at least a minute early for long leases) so pushes never lapse. */
  private void scheduleRenewal(String outlet, long leaseSeconds) {
    Long old = renewTimers.remove(outlet);
    if (old != null) vertx.cancelTimer(old);
    long early = Math.min(3_600, Math.max(1, leaseSeconds / 10));
    long delayMs = Math.max(500, (leaseSeconds - early) * 1_000);
    renewTimers.put(
        outlet,
        vertx.setTimer(
            delayMs,
            t -> {
              renewTimers.remove(outlet);
              Subscription s = subs.get(outlet);
              if (s != null) subscribe(outlet, s.hub(), s.topic(), s.secret());
            }));
  }

  /**
   * Checks X-Hub-Signature (sha1= or sha256=, also X-Hub-Signature-256) against the secret; worker
   * thread.
   */
  public Verdict check(String outlet, byte[] body, String signature) {
    Subscription s = subs.get(outlet);
    if (s == null || s.state() == State.DENIED) return Verdict.UNKNOWN;
    if (signature == null || !signature.contains("=")) return Verdict.UNSIGNED;
    String algo = signature.substring(0, signature.indexOf('=')).trim().toLowerCase(Locale.ROOT);
    String given = signature.substring(signature.indexOf('=') + 1).trim();
    String mac =
        switch (algo) {
          case "sha1" -> "HmacSHA1";
          case "sha256" -> "HmacSHA256";
          case "sha384" -> "HmacSHA384";
          case "sha512" -> "HmacSHA512";
          default -> null;
        };
    if (mac == null) return Verdict.BAD_SIGNATURE;
    try {
      Mac m = Mac.getInstance(mac);
      m.init(new SecretKeySpec(s.secret().getBytes(StandardCharsets.UTF_8), mac));
      byte[] expected = m.doFinal(body);
      byte[] actual = HexFormat.of().parseHex(given.toLowerCase(Locale.ROOT));
      return MessageDigest.isEqual(expected, actual) ? Verdict.ACCEPTED : Verdict.BAD_SIGNATURE;
    } catch (IllegalArgumentException e) {
      return Verdict.BAD_SIGNATURE; // not hex
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits for the saves under way: a lease confirmed just before a stop must survive it, or the
   * next run asks again.
   */
  public Future<Void> close() {
    renewTimers.values().forEach(vertx::cancelTimer);
    return Future.join(new java.util.ArrayList<>(saving))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture()) // a failed save was logged already
        .andThen(ar -> client.close());
  }

  private String newSecret() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static long parseLease(String s) {
    try {
      long v = Long.parseLong(s.trim());
      return v > 0 ? v : REQUESTED_LEASE_SECONDS;
    } catch (RuntimeException e) {
      return REQUESTED_LEASE_SECONDS; // the spec makes lease_seconds required; be lenient with hubs
      // that omit it
    }
  }

  private static boolean isHttp(String url) {
    return url.startsWith("http://") || url.startsWith("https://");
  }
}
