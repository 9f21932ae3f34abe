package ma.manchette.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import ma.manchette.model.InvalidParameter;
import ma.manchette.moderation.Moderation;
import ma.manchette.store.ItemStore;

/**
 * POST /api/items/{id}/reports {"reason": "...", "target": "item"|"image"}: a reader's report, 202.
 * The reporter is an anonymous client-id cookie (set here if missing) plus the address, both stored
 * only as keyed hashes; rate-limited per address.
 */
public final class ReportsApi {
  static final String COOKIE = "manchette_cid";
  private static final Pattern CLIENT_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Set<String> FIELDS = Set.of("reason", "target");
  private static final int MAX_REASON = 500;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Moderation moderation;
  private final ItemStore items;
  private final ApiKeys keys;
  private final int perMinute;
  private final RateLimiter limiter = new RateLimiter();

  public ReportsApi(Moderation moderation, ItemStore items, ApiKeys keys, int reportsPerMinute) {
    this.moderation = moderation;
    this.items = items;
    this.keys = keys;
    this.perMinute = reportsPerMinute;
  }

  public void install(Router router) {
    router.post("/api/items/:id/reports").handler(this::report);
  }

  private void report(RoutingContext rc) {
    long id = QueryParams.requiredId("id", rc.pathParam("id"));
    String address = ClientAddress.of(rc);
    long wait = limiter.acquire(address, perMinute);
    if (wait > 0) {
      rc.response().putHeader("Retry-After", Long.toString(wait));
      ApiError.send(rc, 429, "too many reports from your address (" + perMinute + "/min)", null);
      return;
    }
    JsonObject body = JsonBody.object(rc);
    for (String f : body.fieldNames()) {
      if (!FIELDS.contains(f))
        throw new InvalidParameter(f, "unknown field '" + f + "' (known: reason, target)");
    }
    Object reasonV = body.getValue("reason");
    if (!(reasonV instanceof String reason) || reason.isBlank())
      throw new InvalidParameter("reason", "reason must be a non-empty string");
    if (reason.length() > MAX_REASON)
      throw new InvalidParameter("reason", "reason is at most " + MAX_REASON + " characters");
    Object targetV = body.getValue("target", "item");
    if (!"item".equals(targetV) && !"image".equals(targetV))
      throw new InvalidParameter("target", "target must be \"item\" or \"image\"");
    String target = (String) targetV;

    Cookie cookie = rc.request().getCookie(COOKIE);
    String clientId =
        cookie != null && CLIENT_ID.matcher(cookie.getValue()).matches() ? cookie.getValue() : null;
    if (clientId == null) {
      byte[] b = new byte[16];
      RANDOM.nextBytes(b);
      clientId = HexFormat.of().formatHex(b);
      rc.response()
          .addCookie(
              Cookie.cookie(COOKIE, clientId)
                  .setPath("/")
                  .setHttpOnly(true)
                  .setSameSite(CookieSameSite.LAX)
                  .setMaxAge(365L * 24 * 3600));
    }
    String cid = clientId;
    // push comes before persist: an item seen a moment ago may still be in the write queue, so look
    // twice
    items
        .get(id)
        .compose(
            found ->
                found != null
                    ? io.vertx.core.Future.succeededFuture(found)
                    : io.vertx.core.Future.<Void>future(
                            p -> rc.vertx().setTimer(500, t -> p.complete()))
                        .compose(v -> items.get(id)))
        .compose(
            stored -> {
              if (stored == null || stored.hidden()) {
                ApiError.send(rc, 404, "no such item (it may have been hidden)", "id");
                return io.vertx.core.Future.succeededFuture();
              }
              if ("image".equals(target) && stored.item().image() == null) {
                ApiError.send(rc, 409, "this item shows no image", "target");
                return io.vertx.core.Future.succeededFuture();
              }
              // reasons are shown to editors: plain text only (500 characters, cheap enough for the
              // event loop)
              String text = ma.manchette.text.PlainText.of(reason, MAX_REASON);
              return moderation
                  .report(
                      id,
                      target,
                      text == null ? "(no text)" : text,
                      keys.pseudonym("cid:" + cid),
                      keys.pseudonym("addr:" + address))
                  .map(
                      o -> {
                        String json =
                            new JsonObject()
                                .put("accepted", true)
                                .put("counted", o.counted())
                                .encode();
                        RequestLoop.run(
                            rc,
                            () ->
                                rc.response()
                                    .setStatusCode(202)
                                    .putHeader("Content-Type", "application/json; charset=utf-8")
                                    .putHeader("Cache-Control", "no-store")
                                    .end(json));
                        return null;
                      });
            })
        .onFailure(rc::fail);
  }
}
