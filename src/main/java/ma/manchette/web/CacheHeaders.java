package ma.manchette.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Ends a REST answer with an ETag (a digest of the body) and Cache-Control; a matching
 * If-None-Match gets 304 without the body. Public reads may be cached briefly and revalidated;
 * admin answers never.
 */
final class CacheHeaders {
  private CacheHeaders() {}

  static void send(RoutingContext rc, String contentType, Buffer body, int maxAgeSeconds) {
    RequestLoop.run(rc, () -> write(rc, contentType, body, maxAgeSeconds));
  }

  private static void write(RoutingContext rc, String contentType, Buffer body, int maxAgeSeconds) {
    var resp = rc.response();
    if (resp.ended()) return;
    var req = rc.request();
    boolean cacheable =
        (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)
            && resp.getStatusCode() == 200
            && !AdminHandler.passed(rc);
    resp.putHeader("Content-Type", contentType);
    if (!cacheable) {
      resp.putHeader("Cache-Control", "no-store").end(body);
      return;
    }
    String etag = "\"" + digest(body) + "\"";
    resp.putHeader("ETag", etag)
        .putHeader("Cache-Control", "public, max-age=" + maxAgeSeconds + ", must-revalidate")
        .putHeader("Vary", "Accept-Encoding, X-Api-Key");
    String inm = req.getHeader("If-None-Match");
    if (inm != null
        && (inm.trim().equals("*")
            || java.util.Arrays.stream(inm.split(","))
                .map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(etag::equals))) {
      resp.setStatusCode(304).end();
      return;
    }
    resp.end(body);
  }

  private static String digest(Buffer body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
