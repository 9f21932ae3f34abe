package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/** The pages served from a webroot given as an absolute path, as a packaged install sets it. */
class WebrootIT {

  @Test
  void anAbsoluteWebrootServesThePages() throws Exception {
    Vertx vertx = Vertx.vertx();
    String webroot = Path.of("webroot").toAbsolutePath().toString();
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("quiet", "Quiet", "fr", "http://127.0.0.1:9/feed.xml", "1h")),
            Map.of("MANCHETTE_WEBROOT", webroot));
    try {
      Http.Response ticker = Http.get(vertx, s.port(), "/");
      assertThat(ticker.status()).isEqualTo(200);
      assertThat(ticker.body()).contains("<html");
      assertThat(Http.get(vertx, s.port(), "/app.js").status()).isEqualTo(200);
      assertThat(Http.get(vertx, s.port(), "/dashboard").status()).isEqualTo(200);
      // deep links to the ticker's own views load the ticker page, which shows them
      for (String view : new String[] {"/items/123", "/story/123"}) {
        Http.Response page = Http.get(vertx, s.port(), view);
        assertThat(page.status()).as(view).isEqualTo(200);
        assertThat(page.body()).as(view).contains("id=\"story\"").contains("/app.js");
      }
      Http.Response missing = Http.get(vertx, s.port(), "/no-such-page");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body()).contains("<html");
    } finally {
      s.close();
      Await.result(vertx.close());
    }
  }
}
