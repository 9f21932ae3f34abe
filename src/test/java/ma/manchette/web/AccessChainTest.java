package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import ma.manchette.config.AccessConfig.ApiKey;
import ma.manchette.support.Await;
import ma.manchette.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pieces of the access chain that decide something, each on a router of its own. */
class AccessChainTest {
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    Await.result(vertx.close());
  }

  private int serve(Consumer<Router> routes) throws Exception {
    Router router = Router.router(vertx);
    router.route().failureHandler(ApiError::handle);
    routes.accept(router);
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  private static void ok(RoutingContext rc) {
    rc.response().end("ok");
  }

  private Http.Response get(int port, String path, Map<String, String> headers) throws Exception {
    return Http.request(vertx, port, HttpMethod.GET, path, null, headers);
  }

  @Test
  void rateLimitCountsApiPathsPerAddressAndAnswers429WithRetryAfter() throws Exception {
    int port =
        serve(
            r -> {
              r.route().handler(new RateLimitHandler(new RateLimiter(), 3));
              r.get("/api/items").handler(AccessChainTest::ok);
              r.get("/dashboard").handler(AccessChainTest::ok);
            });
    for (int i = 0; i < 3; i++)
      assertThat(get(port, "/api/items", Map.of()).status()).isEqualTo(200);
    Http.Response over = get(port, "/api/items", Map.of());
    assertThat(over.status()).isEqualTo(429);
    assertThat(Long.parseLong(over.headers().get("Retry-After"))).isPositive();
    assertThat(over.json().getString("error"))
        .isEqualTo("too many requests from your address (3/min)");
    // pages are not counted, whatever the address has used
    for (int i = 0; i < 5; i++)
      assertThat(get(port, "/dashboard", Map.of()).status()).isEqualTo(200);
    assertThat(RateLimitHandler.limited("/feed.rss")).isTrue();
    assertThat(RateLimitHandler.limited("/openapi.yaml")).isTrue();
    assertThat(RateLimitHandler.limited("/items/12")).isFalse();
  }

  @Test
  void aCallerWithAnApiKeyHasTheKeysQuotaInsteadOfTheAddresses() throws Exception {
    ApiKey partner = new ApiKey("partner", "k", 2, 1);
    int port =
        serve(
            r -> {
              r.route()
                  .handler(
                      rc -> {
                        if (rc.request().getHeader("X-Api-Key") != null)
                          rc.put(ApiKeyHandler.API_KEY, partner);
                        rc.next();
                      });
              r.route().handler(new RateLimitHandler(new RateLimiter(), 100));
              r.get("/api/items").handler(AccessChainTest::ok);
            });
    Map<String, String> key = Map.of("X-Api-Key", "k");
    assertThat(get(port, "/api/items", key).status()).isEqualTo(200);
    assertThat(get(port, "/api/items", key).status()).isEqualTo(200);
    Http.Response over = get(port, "/api/items", key);
    assertThat(over.status()).isEqualTo(429);
    assertThat(over.json().getString("error"))
        .isEqualTo("request quota of API key 'partner' exceeded (2/min)");
    assertThat(get(port, "/api/items", Map.of()).status())
        .as("the address has its own bucket")
        .isEqualTo(200);
  }

  @Test
  void aStreamSlotIsHeldWhileTheStreamIsOpenAndFreedOnceWhenItEnds() throws Exception {
    StreamSlots slots = new StreamSlots();
    List<RoutingContext> open = new CopyOnWriteArrayList<>();
    int port =
        serve(
            r ->
                r.get("/api/stream")
                    .handler(new StreamSlotHandler(slots, 1))
                    .handler(
                        rc -> {
                          rc.response().setChunked(true).write(": open\n\n");
                          open.add(rc);
                        }));
    HttpClient client = vertx.createHttpClient();
    RequestOptions o =
        new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/api/stream");
    HttpClientResponse first =
        Await.onContext(vertx, () -> client.request(o).compose(req -> req.send()));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(slots.open("addr:127.0.0.1")).isEqualTo(1);

    Http.Response refused = get(port, "/api/stream", Map.of());
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers().get("Retry-After")).isEqualTo("10");
    assertThat(refused.json().getString("error"))
        .isEqualTo("too many open streams from your address (at most 1)");
    assertThat(slots.open("addr:127.0.0.1")).as("a refused stream takes no slot").isEqualTo(1);

    RoutingContext held = open.get(0);
    Runnable release = held.get(StreamSlotHandler.STREAM_SLOT);
    Await.onContext(vertx, () -> held.response().end());
    ma.manchette.support.Await.until(
        () -> slots.open("addr:127.0.0.1") == 0, 5_000, "slot freed when the stream ends");
    release
        .run(); // the WebSocket endpoint runs it too: a second release must not free someone else's
    // slot
    assertThat(slots.open("addr:127.0.0.1")).isZero();
    client.close();
  }

  @Test
  void theAdminGateWantsTheBearerTokenAndMarksTheRoutesItProtects() throws Exception {
    AdminHandler admin = new AdminHandler("s3cret-token");
    int port =
        serve(
            r -> {
              admin
                  .route(r, HttpMethod.POST, "/api/outlets/:id/pause")
                  .handler(AccessChainTest::ok);
              r.get("/api/outlets").handler(AccessChainTest::ok);
            });
    Http.Response none =
        Http.request(vertx, port, HttpMethod.POST, "/api/outlets/a/pause", null, Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"manchette-admin\"");
    assertThat(none.json().getString("error"))
        .isEqualTo("admin token required (Authorization: Bearer ...)");
    assertThat(none.json().getString("field")).isEqualTo("Authorization");
    Http.Response basic =
        Http.request(
            vertx,
            port,
            HttpMethod.POST,
            "/api/outlets/a/pause",
            null,
            Map.of("Authorization", "Basic s3cret-token"));
    assertThat(basic.json().getString("error"))
        .isEqualTo("admin token required (Authorization: Bearer ...)");
    Http.Response wrong =
        Http.request(
            vertx,
            port,
            HttpMethod.POST,
            "/api/outlets/a/pause",
            null,
            Map.of("Authorization", "Bearer s3cret-tokex"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().getString("error")).isEqualTo("invalid admin token");
    Http.Response right =
        Http.request(
            vertx,
            port,
            HttpMethod.POST,
            "/api/outlets/a/pause",
            null,
            Map.of("Authorization", "bearer s3cret-token"));
    assertThat(right.status()).isEqualTo(200);
    assertThat(get(port, "/api/outlets", Map.of()).status())
        .as("a GET on the same path is not an admin route")
        .isEqualTo(200);

    assertThat(admin.protectedRoutes())
        .containsExactly(
            new AdminHandler.Protected(Set.of(HttpMethod.POST), "/api/outlets/:id/pause"));
    assertThat(admin.covers(HttpMethod.POST, "/api/outlets/x-1/pause")).isTrue();
    assertThat(admin.covers(HttpMethod.GET, "/api/outlets/x-1/pause")).isFalse();
    assertThat(admin.covers(HttpMethod.POST, "/api/outlets/x/1/pause")).isFalse();
    assertThat(admin.covers(HttpMethod.POST, "/api/outlets/x.pause")).isFalse();
  }

  @Test
  void withoutATokenConfiguredTheAdminApiIsOff() throws Exception {
    AdminHandler admin = new AdminHandler(null);
    Route[] gate = new Route[1];
    int port =
        serve(
            r -> {
              admin.route(r, HttpMethod.GET, "/api/reports").handler(AccessChainTest::ok);
              gate[0] =
                  r.getRoutes().stream()
                      .filter(x -> x.getMetadata(AdminHandler.METADATA) != null)
                      .findFirst()
                      .orElseThrow();
            });
    Http.Response off = get(port, "/api/reports", Map.of("Authorization", "Bearer anything"));
    assertThat(off.status()).isEqualTo(403);
    assertThat(off.json().getString("error")).contains("MANCHETTE_ADMIN_TOKEN");
    assertThat((Object) gate[0].getMetadata(AdminHandler.METADATA)).isSameAs(admin);
  }

  @Test
  void crossOriginReadsAreOpenWritesAndAdminRoutesAreRefusedSameOriginIsLeftAlone()
      throws Exception {
    AdminHandler admin = new AdminHandler("t");
    int port =
        serve(
            r -> {
              r.route().handler(new CrossOrigin(admin));
              admin.route(r, HttpMethod.GET, "/api/reports").handler(AccessChainTest::ok);
              r.get("/api/items").handler(AccessChainTest::ok);
              r.post("/api/items/:id/reports").handler(AccessChainTest::ok);
            });
    Http.Response read = get(port, "/api/items", Map.of("Origin", "https://reader.example"));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(read.headers().get("Access-Control-Expose-Headers"))
        .contains("ETag")
        .contains("Retry-After");
    for (String odd : List.of("null", "not a url")) {
      Http.Response r = get(port, "/api/items", Map.of("Origin", odd));
      assertThat(r.status()).as(odd).isEqualTo(200);
      assertThat(r.headers().get("Access-Control-Allow-Origin")).as(odd).isEqualTo("*");
    }
    Http.Response preflight =
        Http.request(
            vertx,
            port,
            HttpMethod.OPTIONS,
            "/api/items",
            null,
            Map.of("Origin", "https://reader.example", "Access-Control-Request-Method", "GET"));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers().get("Access-Control-Allow-Methods"))
        .contains("GET")
        .contains("HEAD");
    assertThat(preflight.headers().get("Access-Control-Allow-Headers"))
        .contains("X-Api-Key")
        .contains("Last-Event-ID");
    assertThat(preflight.headers().get("Access-Control-Max-Age")).isEqualTo("600");

    for (var refused :
        List.of(
            Http.request(
                vertx,
                port,
                HttpMethod.POST,
                "/api/items/1/reports",
                "{}",
                Map.of("Origin", "https://evil.example")),
            Http.request(
                vertx,
                port,
                HttpMethod.OPTIONS,
                "/api/items/1/reports",
                null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST")),
            get(
                port,
                "/api/reports",
                Map.of("Origin", "https://evil.example", "Authorization", "Bearer t")),
            Http.request(
                vertx,
                port,
                HttpMethod.OPTIONS,
                "/api/reports",
                null,
                Map.of(
                    "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")))) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.headers()).doesNotContainKey("Access-Control-Allow-Origin");
      assertThat(refused.json().getString("field")).isEqualTo("Origin");
    }
    Http.Response own =
        Http.request(
            vertx,
            port,
            HttpMethod.POST,
            "/api/items/1/reports",
            "{}",
            Map.of("Origin", "http://127.0.0.1:" + port));
    assertThat(own.status()).as("the page's own origin posts a report").isEqualTo(200);
    assertThat(own.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    Http.Response badMethod =
        Http.request(
            vertx,
            port,
            HttpMethod.OPTIONS,
            "/api/items",
            null,
            Map.of("Origin", "https://reader.example", "Access-Control-Request-Method", "G E T"));
    assertThat(badMethod.status()).isEqualTo(400);
  }
}
