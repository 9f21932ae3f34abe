package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad bytes get a clear 400 naming where they were, and never reach PostgreSQL. */
class InputLimitsIT {
  private static final Vertx vertx = Vertx.vertx();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("quiet", "Quiet", "fr", "http://127.0.0.1:9/feed.xml", "1h")),
            Map.of("MANCHETTE_POLLING", "0"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(vertx.close());
  }

  @Test
  void aNulByteOrInvalidUtf8InAParameterIsA400NamingIt() throws Exception {
    for (String path :
        List.of(
            "/api/items?q=abc%00def",
            "/api/items?author=%00",
            "/feed.rss?q=%00",
            "/api/stream?lang=fr%00",
            "/api/items?q=%C3%28",
            "/api/items?q=%FF")) {
      Http.Response r = Http.get(vertx, server.port(), path);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.json().getString("field")).as(path).isIn("q", "author", "lang");
      assertThat(r.json().getString("error")).as(path).containsAnyOf("NUL", "UTF-8");
    }
    assertThat(Http.get(vertx, server.port(), "/api/items?q=%C3%A9t%C3%A9").status())
        .as("é is fine")
        .isEqualTo(200);
  }

  @Test
  void aNulCharacterInAJsonBodyIsA400NamingTheField() throws Exception {
    Http.Response r =
        Http.request(
            vertx,
            server.port(),
            HttpMethod.POST,
            "/api/items/1/reports",
            "{\"reason\":\"spam\\u0000\",\"target\":\"item\"}",
            Map.of("Content-Type", "application/json"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("field")).isEqualTo("reason");
  }
}
