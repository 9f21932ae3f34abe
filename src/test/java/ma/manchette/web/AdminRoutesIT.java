package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every route of the real server's router: each route the admin gate marks answers 401
 * without a token, and no write route under /api escapes the gate unless it is one of the few
 * public writes. The list of admin routes comes from the router, so a route added tomorrow is
 * checked without anyone remembering to add it here.
 */
class AdminRoutesIT {
  private static final String TOKEN = "route-walk-token-0123456789abcdef";

  /**
   * The writes that readers may make: everything else that changes state must be behind the gate.
   */
  private static final Set<String> PUBLIC_WRITES = Set.of("POST /api/items/:id/reports");

  private static TestServer server;
  private static Router router;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", "http://127.0.0.1:9/feed", "60s")),
            Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN));
    router = routerOf(server);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  /** The router of one HTTP verticle instance: every instance builds the same routes. */
  private static Router routerOf(TestServer s) {
    for (var d : ((VertxInternal) s.vertx).deploymentManager().deployments()) {
      for (var v : d.deployment().instances()) {
        if (v instanceof HttpVerticle h && h.router() != null) return h.router();
      }
    }
    throw new AssertionError("no HttpVerticle deployed");
  }

  private static boolean admin(Route r) {
    return r.getMetadata(AdminHandler.METADATA) instanceof AdminHandler;
  }

  /** "METHOD /path" for each method of each route with a plain path. */
  private static Set<String> keys(Route r) {
    Set<String> out = new TreeSet<>();
    if (r.getPath() == null || r.methods() == null) return out;
    for (HttpMethod m : r.methods()) out.add(m.name() + " " + r.getPath());
    return out;
  }

  private static String sample(String path) {
    return path.replaceAll(":[^/]+", "1");
  }

  @Test
  void everyAdminRouteAnswers401WithoutAToken() throws Exception {
    assertThat(router.getRoutes()).hasSizeGreaterThan(20);
    Set<String> admin = new TreeSet<>();
    for (Route r : router.getRoutes()) {
      if (admin(r)) admin.addAll(keys(r));
    }
    assertThat(admin)
        .as("admin routes found in the router")
        .isNotEmpty()
        .contains(
            "GET /api/reports",
            "POST /api/outlets",
            "DELETE /api/outlets/:id",
            "POST /api/items/:id/hide");
    Set<String> protectedByGate = new TreeSet<>();
    for (AdminHandler.Protected p : adminHandler().protectedRoutes()) {
      for (HttpMethod m : p.methods()) protectedByGate.add(m.name() + " " + p.path());
    }
    assertThat(admin)
        .as("routes marked in the router = routes the gate protects")
        .isEqualTo(protectedByGate);

    List<String> wrong = new ArrayList<>();
    for (String route : admin) {
      String method = route.substring(0, route.indexOf(' '));
      String path = sample(route.substring(route.indexOf(' ') + 1));
      Http.Response none =
          Http.request(
              server.vertx,
              server.port(),
              HttpMethod.valueOf(method),
              path,
              "{}",
              Map.of("Content-Type", "application/json"));
      if (none.status() != 401 || none.headers().get("WWW-Authenticate") == null)
        wrong.add(route + " -> " + none.status());
      Http.Response bad =
          Http.request(
              server.vertx,
              server.port(),
              HttpMethod.valueOf(method),
              path,
              "{}",
              Map.of("Content-Type", "application/json", "Authorization", "Bearer not-the-token"));
      if (bad.status() != 401) wrong.add(route + " with a wrong token -> " + bad.status());
      // the router matches the normalised path: a dot segment must not walk around the gate
      Http.Response dotted =
          Http.request(
              server.vertx,
              server.port(),
              HttpMethod.valueOf(method),
              "/x/.." + path,
              "{}",
              Map.of("Content-Type", "application/json"));
      if (dotted.status() != 401) wrong.add(route + " via /x/.. -> " + dotted.status());
    }
    assertThat(wrong).as("admin routes answering without the token").isEmpty();
  }

  @Test
  void noWriteRouteUnderTheApiEscapesTheGate() {
    Set<String> admin = new HashSet<>();
    for (Route r : router.getRoutes()) {
      if (admin(r)) admin.addAll(keys(r));
    }
    List<String> open = new ArrayList<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() == null || !r.getPath().startsWith("/api/") || r.methods() == null) continue;
      for (String k : keys(r)) {
        boolean read = k.startsWith("GET ") || k.startsWith("HEAD ");
        if (!read && !admin.contains(k) && !PUBLIC_WRITES.contains(k)) open.add(k);
      }
    }
    assertThat(open)
        .as(
            "write routes outside the admin gate (add them behind AdminHandler, or to PUBLIC_WRITES)")
        .isEmpty();
  }

  /** The gate the marked routes carry: one instance for all of them. */
  private static AdminHandler adminHandler() {
    Set<AdminHandler> gates = new HashSet<>();
    for (Route r : router.getRoutes()) {
      if (admin(r)) gates.add(r.getMetadata(AdminHandler.METADATA));
    }
    assertThat(gates).hasSize(1);
    return gates.iterator().next();
  }
}
