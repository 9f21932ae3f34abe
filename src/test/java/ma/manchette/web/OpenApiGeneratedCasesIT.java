package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * Cases generated from the OpenAPI document for every operation, sent to the running server: the
 * admin token absent, then present; every query parameter at its documented bound and just past it;
 * path ids at the edge of their pattern; methods a path does not list. Each answer must use a
 * status the operation lists (checked with its schema by {@link Http}); a value past a bound must
 * be a 400, a value within one must not. All mismatches are collected and reported together.
 */
class OpenApiGeneratedCasesIT {
  static final String TOKEN = "generated-admin-token-0123456789";
  static Vertx vertx;
  static FakeOutlet outlet;
  static TestServer server;
  static JsonNode doc;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    // outlets added from the schema's example poll the loopback fake outlet
    Path allow = Files.createTempFile("fetch-allow", ".yaml");
    Files.writeString(allow, "allow: [127.0.0.1/32]\n");
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN, "MANCHETTE_FETCH_ALLOW", allow.toString()));
    doc =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("src/main/resources/openapi.yaml").toFile());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  /** One generated request and what the document says of its answer. */
  record Case(
      String what, HttpMethod method, String uri, String body, boolean admin, Expect expect) {}

  /** What the document promises for a case. */
  enum Expect {
    LISTED,
    LISTED_NOT_400,
    BAD_REQUEST,
    UNAUTHORIZED,
    NOT_ALLOWED
  }

  private static JsonNode resolve(JsonNode node) {
    while (node != null && node.has("$ref")) {
      JsonNode n = doc;
      for (String part : node.get("$ref").asText().substring(2).split("/")) n = n.get(part);
      node = n;
    }
    return node;
  }

  private static boolean isAdmin(JsonNode op) {
    return op.path("security").toString().contains("adminToken");
  }

  private static String concrete(String template, String itemId) {
    return template.replace("/api/items/{id}", "/api/items/" + itemId).replace("{id}", "alpha-fr");
  }

  /**
   * The schema's example as a body; an outlet's feeds point at the loopback fake outlet and, on a
   * path with an outlet id, its id is the path's.
   */
  private static String exampleOf(JsonNode schema, String path) {
    JsonNode example = schema.get("example");
    if (example == null || !example.isObject()) return null;
    ObjectNode copy = example.deepCopy();
    if (copy.has("feeds")) copy.set("feeds", copy.arrayNode().add(outlet.url("/fr")));
    if (copy.has("id") && path.startsWith("/api/outlets/{id}")) copy.put("id", "alpha-fr");
    return copy.toString();
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      Set<String> listed = new TreeSet<>();
      path.getValue().fieldNames().forEachRemaining(m -> listed.add(m.toUpperCase()));
      for (String method : List.of("TRACE", "PATCH"))
        if (!listed.contains(method) && path.getKey().startsWith("/api/"))
          out.add(
              new Case(
                  method + " " + path.getKey(),
                  HttpMethod.valueOf(method),
                  concrete(path.getKey(), "1"),
                  null,
                  true,
                  Expect.NOT_ALLOWED));
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> e = ops.next();
        JsonNode op = e.getValue();
        if (op.has("x-streaming")) continue;
        HttpMethod method = HttpMethod.valueOf(e.getKey().toUpperCase());
        String id = op.path("operationId").asText();
        boolean admin = isAdmin(op);
        // a non-GET is sent only without the token or with bad input: it must not change anything
        String base = concrete(path.getKey(), "1");
        if (admin)
          out.add(new Case(id + " without token", method, base, null, false, Expect.UNAUTHORIZED));
        if (method == HttpMethod.GET)
          out.add(new Case(id + " plain", method, base, null, admin, Expect.LISTED));
        JsonNode body = op.path("requestBody").path("content").path("application/json");
        JsonNode bodySchema = resolve(body.path("schema"));
        String example = bodySchema == null ? null : exampleOf(bodySchema, path.getKey());
        if (path.getKey().contains("/api/items/{id}")) {
          out.add(
              new Case(
                  id + " with a 20-digit id",
                  method,
                  concrete(path.getKey(), "9".repeat(20)),
                  example,
                  admin,
                  Expect.LISTED_NOT_400));
          out.add(
              new Case(
                  id + " with a non-numeric id",
                  method,
                  concrete(path.getKey(), "abc"),
                  example,
                  admin,
                  Expect.BAD_REQUEST));
        }
        for (JsonNode p : op.path("parameters")) {
          JsonNode param = resolve(p);
          if (!"query".equals(param.path("in").asText())) continue;
          String name = param.get("name").asText();
          JsonNode schema = param.path("schema");
          if (schema.has("maxLength")) {
            int max = schema.get("maxLength").asInt();
            out.add(
                new Case(
                    id + " " + name + " at maxLength",
                    method,
                    base + "?" + name + "=" + "a".repeat(max),
                    null,
                    admin,
                    Expect.LISTED_NOT_400));
            out.add(
                new Case(
                    id + " " + name + " past maxLength",
                    method,
                    base + "?" + name + "=" + "a".repeat(max + 1),
                    null,
                    admin,
                    Expect.BAD_REQUEST));
          }
          if (schema.has("minimum")) {
            long min = schema.get("minimum").asLong();
            out.add(
                new Case(
                    id + " " + name + " below minimum",
                    method,
                    base + "?" + name + "=" + (min - 1),
                    null,
                    admin,
                    Expect.BAD_REQUEST));
            out.add(
                new Case(
                    id + " " + name + " hugely negative",
                    method,
                    base + "?" + name + "=-99999999999999999999",
                    null,
                    admin,
                    Expect.BAD_REQUEST));
          }
          if (schema.has("maximum")) {
            long max = schema.get("maximum").asLong();
            out.add(
                new Case(
                    id + " " + name + " at maximum",
                    method,
                    base + "?" + name + "=" + max,
                    null,
                    admin,
                    Expect.LISTED_NOT_400));
          }
          if ("integer".equals(schema.path("type").asText()))
            out.add(
                new Case(
                    id + " " + name + " not an integer",
                    method,
                    base + "?" + name + "=ten",
                    null,
                    admin,
                    Expect.BAD_REQUEST));
        }
        if (!body.isMissingNode()) {
          if (admin && example != null)
            out.add(
                new Case(
                    id + " with the schema's example",
                    method,
                    base,
                    example,
                    admin,
                    Expect.LISTED_NOT_400));
          if (admin && bodySchema.has("required")) {
            // only the keys the schema requires: enough unless the schema asks for more (anyOf)
            StringBuilder minimal = new StringBuilder("{");
            for (JsonNode k : bodySchema.get("required"))
              minimal
                  .append(minimal.length() > 1 ? "," : "")
                  .append('"')
                  .append(k.asText())
                  .append("\":\"gen-minimal\"");
            out.add(
                new Case(
                    id + " with only the required keys",
                    method,
                    base,
                    minimal.append('}').toString(),
                    admin,
                    bodySchema.has("anyOf") ? Expect.BAD_REQUEST : Expect.LISTED_NOT_400));
          }
          out.add(
              new Case(
                  id + " with an unknown JSON key",
                  method,
                  base,
                  "{\"noSuchField\": 1}",
                  admin,
                  Expect.BAD_REQUEST));
          out.add(
              new Case(id + " with a JSON array", method, base, "[]", admin, Expect.BAD_REQUEST));
          JsonNode reason = bodySchema.path("properties").path("reason");
          if (reason.has("maxLength"))
            out.add(
                new Case(
                    id + " reason past maxLength",
                    method,
                    base,
                    "{\"reason\": \"" + "a".repeat(reason.get("maxLength").asInt() + 1) + "\"}",
                    admin,
                    Expect.BAD_REQUEST));
        }
      }
    }
    return out;
  }

  @Test
  void everyGeneratedCaseIsAnsweredAsTheDocumentSays() throws Exception {
    List<Case> cases = cases();
    List<String> mismatches = new ArrayList<>();
    for (Case c : cases) {
      Map<String, String> headers = new HashMap<>();
      if (c.admin()) headers.put("Authorization", "Bearer " + TOKEN);
      if (c.body() != null) headers.put("Content-Type", "application/json");
      Http.Response r;
      try {
        r = Http.request(vertx, server.port(), c.method(), c.uri(), c.body(), headers);
      } catch (AssertionError contract) {
        mismatches.add(c.what() + ": " + contract.getMessage().lines().findFirst().orElse(""));
        continue;
      }
      String problem =
          switch (c.expect()) {
            case LISTED -> r.status() >= 500 ? "answered " + r.status() : null;
            case LISTED_NOT_400 ->
                r.status() == 400 || r.status() >= 500 ? "answered " + r.status() : null;
            case BAD_REQUEST -> r.status() != 400 ? "answered " + r.status() + ", not 400" : null;
            case UNAUTHORIZED -> r.status() != 401 ? "answered " + r.status() + ", not 401" : null;
            case NOT_ALLOWED ->
                r.status() != 405 || !r.headers().containsKey("Allow")
                    ? "answered " + r.status() + " (Allow: " + r.headers().get("Allow") + ")"
                    : null;
          };
      if (problem != null) mismatches.add(c.what() + ": " + problem + " " + r.body());
    }
    assertThat(cases.size()).isGreaterThan(60);
    assertThat(mismatches)
        .as(
            mismatches.size()
                + " of "
                + cases.size()
                + " generated cases disagree with the document")
        .isEmpty();
  }
}
