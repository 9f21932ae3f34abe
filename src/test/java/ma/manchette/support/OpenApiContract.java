package ma.manchette.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * The served OpenAPI document as a response validator: every answer that {@link Http} receives from
 * a server started by {@link TestServer} for a documented operation must use a listed status,
 * content type and schema. Streams are left out (their bodies never end).
 */
public final class OpenApiContract {
  private static final Path DOCUMENT = Path.of("src/main/resources/openapi.yaml");
  // the validator runs on the Vert.x instance it was built with: one per test's instance
  private static final Map<Vertx, OpenApiContract> LOADED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private final JsonObject raw;
  private final OpenAPIContract contract;
  private final ResponseValidator validator;

  private OpenApiContract(JsonObject raw, OpenAPIContract contract, ResponseValidator validator) {
    this.raw = raw;
    this.contract = contract;
    this.validator = validator;
  }

  // the ports of real servers started by TestServer: stub routers in unit tests are not checked
  private static final java.util.Set<Integer> CHECKED_PORTS =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static void checkAnswersOf(int port) {
    CHECKED_PORTS.add(port);
  }

  static void stopChecking(int port) {
    CHECKED_PORTS.remove(port);
  }

  static boolean checksAnswersOf(int port) {
    return CHECKED_PORTS.contains(port);
  }

  /** The document, read once per Vert.x instance. */
  public static OpenApiContract get(Vertx vertx) throws Exception {
    OpenApiContract c = LOADED.get(vertx);
    if (c != null) return c;
    JsonObject raw =
        new JsonObject(
            new ObjectMapper()
                .writeValueAsString(
                    new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile())));
    JsonObject checkable = jsonBodiesOnly(raw.copy());
    OpenAPIContract contract = Await.result(OpenAPIContract.from(vertx, checkable));
    c = new OpenApiContract(raw, contract, ResponseValidator.create(vertx, contract));
    LOADED.put(vertx, c);
    return c;
  }

  /** The documented operation for this request, or null when the document does not list it. */
  public Operation operation(HttpMethod method, String uri) {
    int q = uri.indexOf('?');
    return contract.findOperation(q < 0 ? uri : uri.substring(0, q), method);
  }

  /**
   * Fails naming the operation and the violation when a documented operation answered with
   * something the document does not describe.
   */
  public void check(Vertx vertx, HttpMethod method, String uri, Http.Response response)
      throws Exception {
    Operation op = operation(method, uri);
    if (op == null || Boolean.TRUE.equals(op.getExtensions().get("x-streaming"))) return;
    String type = response.headers().get("Content-Type");
    String media = type == null ? null : type.split(";")[0].trim();
    boolean json = media != null && (media.equals("application/json") || media.endsWith("+json"));
    if (media != null && !json) {
      JsonObject listed = listedContent(op, response.status());
      if (listed != null && !listed.containsKey(media))
        throw new AssertionError(
            "OpenAPI contract: "
                + op.getOperationId()
                + " ("
                + method
                + " "
                + uri
                + ") answered "
                + response.status()
                + " as "
                + media
                + ", the document lists "
                + listed.fieldNames());
    }
    Map<String, String> headers = Map.copyOf(response.headers());
    ValidatableResponse r =
        response.body().isEmpty() || !json
            ? ValidatableResponse.create(response.status(), headers)
            : ValidatableResponse.create(
                response.status(), headers, Buffer.buffer(response.body()), "application/json");
    try {
      Await.onContext(vertx, () -> validator.validate(r, op.getOperationId()));
    } catch (Exception e) {
      throw new AssertionError(
          "OpenAPI contract: "
              + op.getOperationId()
              + " ("
              + method
              + " "
              + uri
              + ") answered "
              + response.status()
              + " that the document does not describe: "
              + e.getMessage()
              + "\nbody: "
              + abbreviated(response.body()),
          e);
    }
  }

  /** The media types the document lists for this status of the operation, or null. */
  private JsonObject listedContent(Operation op, int status) {
    JsonObject response =
        raw.getJsonObject("paths")
            .getJsonObject(op.getOpenAPIPath())
            .getJsonObject(op.getHttpMethod().name().toLowerCase())
            .getJsonObject("responses")
            .getJsonObject(Integer.toString(status));
    if (response != null && response.containsKey("$ref")) {
      String name = response.getString("$ref").substring("#/components/responses/".length());
      response = raw.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
    }
    return response == null ? null : response.getJsonObject("content");
  }

  /**
   * The validator knows JSON bodies only (the document's own copy is kept for media types): request
   * bodies are dropped (only answers are checked here), JSON-like media types become
   * application/json and other bodies are checked by type.
   */
  private static JsonObject jsonBodiesOnly(JsonObject doc) {
    JsonObject components = doc.getJsonObject("components");
    components.getJsonObject("responses").forEach(e -> jsonContentOnly((JsonObject) e.getValue()));
    doc.getJsonObject("paths")
        .forEach(
            p ->
                ((JsonObject) p.getValue())
                    .forEach(
                        o -> {
                          JsonObject op = (JsonObject) o.getValue();
                          op.remove("requestBody");
                          op.getJsonObject("responses")
                              .forEach(r -> jsonContentOnly((JsonObject) r.getValue()));
                        }));
    return doc;
  }

  private static void jsonContentOnly(JsonObject response) {
    // headers are not checked: the validator cannot decode an auth challenge such as realm="x"
    response.remove("headers");
    JsonObject content = response.getJsonObject("content");
    if (content == null) return;
    JsonObject json = null;
    for (String media : content.fieldNames())
      if (media.equals("application/json") || media.endsWith("+json"))
        json = content.getJsonObject(media);
    if (json == null) response.remove("content");
    else response.put("content", new JsonObject().put("application/json", json));
  }

  private static String abbreviated(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }
}
