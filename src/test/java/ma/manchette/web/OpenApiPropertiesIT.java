package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random requests drawn from the OpenAPI document, sent to the running server: for every
 * non-streaming operation, arbitrary text (unicode, NUL, controls) and numbers past the long range
 * in its query and path parameters, random bodies, with and without the admin token. Whatever is
 * drawn, the answer is never a 5xx and uses a status the operation lists with a body the document
 * describes (checked by {@link Http}); with schema-valid input and the token it is a success or a
 * refusal the document allows for valid input (unknown id, conflict, rate limit).
 */
class OpenApiPropertiesIT {
  static final String TOKEN = "property-admin-token-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();
  static Vertx vertx;
  static FakeOutlet outlet;
  static TestServer server;
  static List<Op> ops;

  /** A documented operation: what is needed to draw requests for it. */
  record Op(
      String id,
      HttpMethod method,
      String path,
      List<JsonNode> params,
      boolean admin,
      JsonNode bodySchema,
      boolean nonJsonBody,
      boolean otherCredential,
      Set<Integer> statuses) {
    @Override
    public String toString() {
      return id;
    }
  }

  /** A drawn request; its toString is what jqwik prints for a falsified sample. */
  record Drawn(Op op, String uri, String body, boolean auth) {
    @Override
    public String toString() {
      return op.method() + " " + uri + (auth ? " [token]" : "") + (body == null ? "" : " " + body);
    }
  }

  @BeforeContainer
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    Path allow = Files.createTempFile("fetch-allow", ".yaml");
    Files.writeString(allow, "allow: [127.0.0.1/32]\n");
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN, "MANCHETTE_FETCH_ALLOW", allow.toString()));
    ops =
        operations(
            new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("src/main/resources/openapi.yaml").toFile()));
  }

  @AfterContainer
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    while (node != null && node.has("$ref")) {
      JsonNode n = doc;
      for (String part : node.get("$ref").asText().substring(2).split("/")) n = n.get(part);
      node = n;
    }
    return node;
  }

  static List<Op> operations(JsonNode doc) {
    List<Op> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext(); ) {
        Map.Entry<String, JsonNode> e = o.next();
        JsonNode op = e.getValue();
        if (op.has("x-streaming") || !op.has("operationId")) continue;
        List<JsonNode> params = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) params.add(resolve(doc, p));
        JsonNode body =
            resolve(
                doc, op.path("requestBody").path("content").path("application/json").get("schema"));
        Set<Integer> statuses = new TreeSet<>();
        op.path("responses").fieldNames().forEachRemaining(s -> statuses.add(Integer.parseInt(s)));
        out.add(
            new Op(
                op.get("operationId").asText(),
                HttpMethod.valueOf(e.getKey().toUpperCase()),
                path.getKey(),
                params,
                op.path("security").toString().contains("adminToken"),
                body,
                body == null && op.has("requestBody"),
                otherCredential(op.path("security")),
                statuses));
      }
    }
    return out;
  }

  // an operation that asks for a credential other than the admin token (an API key) and not
  // optionally
  private static boolean otherCredential(JsonNode security) {
    if (!security.isArray() || security.isEmpty()) return false;
    for (JsonNode s : security) if (s.isEmpty() || s.has("adminToken")) return false;
    return true;
  }

  // a path or query value percent-encoded as a client would (a space as %20, valid in both)
  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Any text, any number: what a careless or hostile client may send. */
  private static Arbitrary<String> anyValue() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(260),
        Arbitraries.strings()
            .withChars('\u0000', '\u001f', '\u007f', 'é', 'ب', '😀', '%', '/', '?', '&', '#', ' ')
            .ofMaxLength(20),
        Arbitraries.longs().map(Object::toString),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(Object::toString));
  }

  /** A value the parameter's schema accepts. */
  private static Arbitrary<String> validValue(JsonNode param) {
    JsonNode schema = param.path("schema");
    if (schema.has("enum"))
      return Arbitraries.of(JSON.convertValue(schema.get("enum"), String[].class));
    if ("integer".equals(schema.path("type").asText()))
      return Arbitraries.longs()
          .between(schema.path("minimum").asLong(Long.MIN_VALUE), Long.MAX_VALUE)
          .map(Object::toString);
    String pattern = schema.path("pattern").asText();
    if (pattern.equals("^[0-9]+$"))
      return Arbitraries.oneOf(
          Arbitraries.longs().between(0, Long.MAX_VALUE).map(Object::toString),
          Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30));
    if (pattern.equals("^[a-z0-9][a-z0-9-]{0,63}$"))
      return Arbitraries.oneOf(
          Arbitraries.just("alpha-fr"),
          Combinators.combine(
                  Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(1),
                  Arbitraries.strings()
                      .withCharRange('a', 'z')
                      .numeric()
                      .withChars('-')
                      .ofMaxLength(63))
              .as(String::concat));
    // comma-separated lists: up to five values of the item form the pattern repeats
    if (pattern.startsWith("^[a-z0-9][a-z0-9-]{0,63}(,")) return listOf(validValue(SLUG));
    if (pattern.startsWith("^[a-z]{2,3}(,"))
      return listOf(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(3));
    if (pattern.startsWith("^[^\\x00,]{0,120}(,"))
      return listOf(
          text(schema.deepCopy())
              .map(x -> x.replace(',', ' ').replace('\u0000', ' '))
              .map(x -> x.length() > 120 ? x.substring(0, 120) : x));
    return text(schema);
  }

  private static final JsonNode SLUG =
      JSON.createObjectNode()
          .set("schema", JSON.createObjectNode().put("pattern", "^[a-z0-9][a-z0-9-]{0,63}$"));

  private static Arbitrary<String> listOf(Arbitrary<String> item) {
    return item.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(",", l));
  }

  /** Any text within the schema's length bounds that matches its pattern (such as "no NUL"). */
  private static Arbitrary<String> text(JsonNode schema) {
    Arbitrary<String> t =
        Arbitraries.strings()
            .all()
            .ofMinLength(schema.path("minLength").asInt(0))
            .ofMaxLength(schema.path("maxLength").asInt(120));
    if (!schema.has("pattern") || schema.get("pattern").asText().contains(",")) return t;
    Pattern p = Pattern.compile(schema.get("pattern").asText());
    // the document's patterns only refuse NUL: replace it rather than filter most draws away
    return t.map(x -> x.replace('\u0000', ' ')).map(x -> p.matcher(x).find() ? x : "x");
  }

  /**
   * A body the schema accepts, its strings random within their bounds (only for Report-like
   * schemas).
   */
  private static Arbitrary<String> validBody(JsonNode schema) {
    JsonNode props = schema.path("properties");
    List<Arbitrary<Map.Entry<String, String>>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      JsonNode s = p.getValue();
      Arbitrary<String> v =
          s.has("enum")
              ? Arbitraries.of(JSON.convertValue(s.get("enum"), String[].class))
              : text(s);
      boolean required = schema.path("required").toString().contains("\"" + p.getKey() + "\"");
      Arbitrary<String> maybe = required ? v : v.injectNull(0.3);
      fields.add(maybe.map(x -> x == null ? null : Map.entry(p.getKey(), x)));
    }
    return Combinators.combine(fields)
        .as(
            entries -> {
              ObjectNode o = JSON.createObjectNode();
              for (Map.Entry<String, String> e : entries)
                if (e != null) o.put(e.getKey(), e.getValue());
              return o.toString();
            });
  }

  /** The schema's example with random extra keys, or a random object, or not JSON at all. */
  private static Arbitrary<String> anyBody(JsonNode schema) {
    Arbitrary<Map<String, String>> extra =
        Arbitraries.maps(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(40))
            .ofMaxSize(4);
    JsonNode example = schema == null ? null : schema.get("example");
    Arbitrary<String> withExtra =
        extra.map(
            keys -> {
              ObjectNode o =
                  example != null && example.isObject()
                      ? example.deepCopy()
                      : JSON.createObjectNode();
              keys.forEach(o::put);
              return o.toString();
            });
    List<Arbitrary<String>> bodies =
        new ArrayList<>(
            List.of(
                withExtra,
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.just((String) null)));
    if (schema != null && schema.path("additionalProperties").isBoolean())
      bodies.add(validBody(schema));
    return Arbitraries.oneOf(bodies);
  }

  private static String name(JsonNode param) {
    return param.get("name").asText();
  }

  private static boolean hasQ(Op op, List<String> values) {
    for (int i = 0; i < op.params().size(); i++)
      if (name(op.params().get(i)).equals("q")
          && values.get(i) != null
          && !values.get(i).trim().isBlank()) return true;
    return false;
  }

  private static Arbitrary<Drawn> request(Op op, boolean valid) {
    List<Arbitrary<String>> values = new ArrayList<>();
    for (JsonNode p : op.params()) {
      boolean inPath = "path".equals(p.path("in").asText());
      Arbitrary<String> v = valid ? validValue(p) : anyValue();
      // a path segment of "", "." or ".." names another resource, not a bad value of this one
      if (inPath) v = v.map(s -> s.isEmpty() || s.equals(".") || s.equals("..") ? s + "x" : s);
      else v = v.injectNull(0.4);
      values.add(v);
    }
    Arbitrary<List<String>> drawnValues =
        values.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(values).as(l -> l);
    Arbitrary<String> body =
        op.bodySchema() == null
            ? Arbitraries.just(null)
            : valid ? validBody(op.bodySchema()) : anyBody(op.bodySchema());
    Arbitrary<Boolean> auth = valid ? Arbitraries.just(true) : Arbitraries.of(true, false);
    return Combinators.combine(drawnValues, body, auth)
        .as(
            (vs, b, a) -> {
              String path = op.path();
              StringBuilder query = new StringBuilder();
              for (int i = 0; i < op.params().size(); i++) {
                JsonNode p = op.params().get(i);
                String v = vs.get(i);
                if (v == null) continue;
                // the document makes sort=relevance rank by q: valid only beside one
                if (valid && name(p).equals("sort") && !hasQ(op, vs)) continue;
                // a cursor is valid only as the server issued it: left to the any-input property
                if (valid && name(p).equals("after")) continue;
                String name = p.get("name").asText();
                if ("path".equals(p.path("in").asText()))
                  path = path.replace("{" + name + "}", encoded(v));
                else if ("query".equals(p.path("in").asText()))
                  query
                      .append(query.isEmpty() ? '?' : '&')
                      .append(name)
                      .append('=')
                      .append(encoded(v));
              }
              return new Drawn(op, path + query, b, a);
            });
  }

  @Provide
  Arbitrary<Drawn> anyRequest() {
    // the server's 4096-character query limit (a 414 no operation lists) is kept out of the draw
    return Arbitraries.of(ops)
        .flatMap(op -> request(op, false))
        .filter(d -> d.uri().length() - d.uri().indexOf('?') <= 4096);
  }

  @Provide
  Arbitrary<Drawn> validRequest() {
    // a schema-valid body is drawn only where the schema is closed and flat (anyOf and URLs aside)
    return Arbitraries.of(
            ops.stream()
                .filter(op -> !op.nonJsonBody() && !op.otherCredential())
                .filter(op -> op.bodySchema() == null || !op.bodySchema().has("anyOf"))
                .filter(
                    op ->
                        op.bodySchema() == null
                            || op.bodySchema().path("additionalProperties").isBoolean())
                .toList())
        .flatMap(op -> request(op, true));
  }

  private static Http.Response send(Drawn d) throws Exception {
    Map<String, String> headers = new HashMap<>();
    if (d.auth()) headers.put("Authorization", "Bearer " + TOKEN);
    if (d.body() != null) headers.put("Content-Type", "application/json");
    // Http checks the answer's status and body against the document (AssertionError otherwise)
    return Http.request(vertx, server.port(), d.op().method(), d.uri(), d.body(), headers);
  }

  @Property(tries = 250)
  void anyInputIsAnsweredAsTheDocumentSays(@ForAll("anyRequest") Drawn d) throws Exception {
    Http.Response r = send(d);
    assertThat(r.status()).as("%s answered %s", d, r.body()).isLessThan(500);
    assertThat(d.op().statuses())
        .as("statuses listed for %s (answered %s)", d, r.body())
        .contains(r.status());
  }

  @Property(tries = 200)
  void validInputWithTheTokenIsNeverRefusedAsBad(@ForAll("validRequest") Drawn d) throws Exception {
    Http.Response r = send(d);
    assertThat(d.op().statuses())
        .as("statuses listed for %s (answered %s)", d, r.body())
        .contains(r.status());
    // what the document allows for valid input: success, not modified, no such id, conflict, load
    assertThat(r.status() < 300 || Set.of(304, 404, 409, 429).contains(r.status()))
        .as("%s answered %s %s", d, r.status(), r.body())
        .isTrue();
  }
}
