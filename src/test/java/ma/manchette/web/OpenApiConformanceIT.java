package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at /openapi.yaml against the real server: every documented GET
 * answers with a documented status, content type and the schema's required top-level fields;
 * documented admin routes exist (401 without the token, never 404/405); documented examples are
 * accepted.
 */
class OpenApiConformanceIT {
  static final String TOKEN = "openapi-admin-token-0123456789";
  static Vertx vertx;
  static FakeOutlet outlet;
  static TestServer server;
  static JsonNode doc;
  static String itemId;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    Path allow = Files.createTempFile("fetch-allow", ".yaml");
    Files.writeString(allow, "allow: [127.0.0.1/32]\n");
    Path keys = Files.createTempFile("api-keys", ".yaml");
    Files.writeString(keys, "keys:\n  - {name: docs, key: docs-key-0123456789abcdef}\n");
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of(
                "MANCHETTE_ADMIN_TOKEN",
                TOKEN,
                "MANCHETTE_API_KEYS",
                keys.toString(),
                "MANCHETTE_FETCH_ALLOW",
                allow.toString()));
    Await.until(
        () -> TestDatabase.count(server.databaseUrl, "SELECT count(*) FROM items") == 1,
        20_000,
        "item stored");
    Http.Response served = Http.get(vertx, server.port(), "/openapi.yaml");
    assertThat(served.status()).isEqualTo(200);
    doc = new ObjectMapper(new YAMLFactory()).readTree(served.body());
    itemId =
        Http.get(vertx, server.port(), "/api/items")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private static String concrete(String template) {
    return template
        .replace("/api/items/{id}", "/api/items/" + itemId)
        .replace("/api/outlets/{id}", "/api/outlets/alpha-fr");
  }

  private static JsonNode resolve(JsonNode node) {
    while (node != null && node.has("$ref")) {
      JsonNode n = doc;
      for (String part : node.get("$ref").asText().substring(2).split("/")) n = n.get(part);
      node = n;
    }
    return node;
  }

  /** Required top-level fields, following $ref and allOf. */
  private static List<String> required(JsonNode schema) {
    List<String> out = new ArrayList<>();
    schema = resolve(schema);
    if (schema == null) return out;
    if (schema.has("required")) schema.get("required").forEach(n -> out.add(n.asText()));
    if (schema.has("allOf")) schema.get("allOf").forEach(s -> out.addAll(required(s)));
    return out;
  }

  @Test
  void isOpenApi31AndCoversTheContractRoutes() {
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    List<String> paths = new ArrayList<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths)
        .contains(
            "/api/stream",
            "/api/ws",
            "/api/items",
            "/api/items/{id}",
            "/api/outlets",
            "/api/outlets/{id}",
            "/api/items/{id}/reports",
            "/api/items/{id}/unhide",
            "/feed.rss",
            "/feed.atom",
            "/feed.json",
            "/api/outlets.opml",
            "/openapi.yaml",
            "/health/live",
            "/health/ready");
  }

  @Test
  void everyDocumentedGetAnswersAsDocumented() throws Exception {
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      JsonNode get = path.getValue().get("get");
      if (get == null || get.has("x-streaming")) continue;
      boolean admin = get.has("security") && get.get("security").toString().contains("adminToken");
      boolean keyed =
          get.has("security")
              && get.get("security").toString().contains("apiKey")
              && !get.get("security").toString().contains("{}");
      Map<String, String> headers =
          admin
              ? Map.of("Authorization", "Bearer " + TOKEN)
              : keyed ? Map.of("X-Api-Key", "docs-key-0123456789abcdef") : Map.of();
      Http.Response r =
          Http.request(
              vertx, server.port(), HttpMethod.GET, concrete(path.getKey()), null, headers);
      JsonNode responses = get.get("responses");
      assertThat(responses.has(Integer.toString(r.status())))
          .as("GET " + path.getKey() + " answered " + r.status() + " " + r.body())
          .isTrue();
      JsonNode response = resolve(responses.get(Integer.toString(r.status())));
      if (response.has("content") && r.status() != 304) {
        List<String> types = new ArrayList<>();
        response.get("content").fieldNames().forEachRemaining(types::add);
        String actual = r.headers().getOrDefault("Content-Type", "").split(";")[0].trim();
        assertThat(types).as("content type of GET " + path.getKey()).contains(actual);
        JsonNode media = response.get("content").get(actual);
        if (actual.contains("json") && media.has("schema")) {
          JsonObject body = new JsonObject(r.body());
          for (String field : required(media.get("schema"))) {
            assertThat(body.containsKey(field))
                .as("GET " + path.getKey() + " has '" + field + "'")
                .isTrue();
          }
          if (path.getKey().equals("/api/items")) {
            JsonArray items = body.getJsonArray("items");
            for (String field : required(doc.at("/components/schemas/Item"))) {
              assertThat(items.getJsonObject(0).containsKey(field))
                  .as("item has '" + field + "'")
                  .isTrue();
            }
          }
        }
      }
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(12);
  }

  @Test
  void documentedAdminRoutesExistAndAskForTheToken() throws Exception {
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!op.getValue().has("security")
            || !op.getValue().get("security").toString().contains("adminToken")) continue;
        Http.Response r =
            Http.request(
                vertx,
                server.port(),
                HttpMethod.valueOf(op.getKey().toUpperCase()),
                concrete(path.getKey()),
                "{}",
                Map.of("Content-Type", "application/json"));
        assertThat(r.status()).as(op.getKey() + " " + path.getKey()).isEqualTo(401);
        assertThat(op.getValue().get("responses").has("401")).isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(9);
  }

  @Test
  void documentedExamplesAreAccepted() throws Exception {
    JsonNode report = doc.at("/components/schemas/Report/example");
    Http.Response r =
        Http.request(
            vertx,
            server.port(),
            HttpMethod.POST,
            "/api/items/" + itemId + "/reports",
            new JsonObject(report.toString()).put("target", "item").encode(),
            Map.of("Content-Type", "application/json"));
    assertThat(r.status()).isEqualTo(202);
    for (String field :
        required(
            doc.at(
                "/paths/~1api~1items~1{id}~1reports/post/responses/202/content/application~1json/schema"))) {
      assertThat(r.json().containsKey(field)).isTrue();
    }
    JsonNode outletExample = doc.at("/components/schemas/OutletInput/example");
    // the example's shape is accepted; its feed is pointed at the loopback fake outlet so tests
    // stay off the network
    JsonObject outletBody =
        new JsonObject(outletExample.toString())
            .put("feeds", new JsonArray().add(outlet.url("/fr")));
    Http.Response added =
        Http.request(
            vertx,
            server.port(),
            HttpMethod.POST,
            "/api/outlets",
            outletBody.encode(),
            Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));
    assertThat(added.status()).isEqualTo(201);
    for (String field : required(doc.at("/components/schemas/Outlet")))
      assertThat(added.json().containsKey(field)).as(field).isTrue();
    Http.Response paused =
        Http.request(
            vertx,
            server.port(),
            HttpMethod.POST,
            "/api/outlets/le360-fr/pause",
            null,
            Map.of("Authorization", "Bearer " + TOKEN));
    assertThat(paused.status()).isEqualTo(200);
  }
}
