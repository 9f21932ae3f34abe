package ma.manchette.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** An outlet back in its file form, as stored in the outlets table and served by the admin API. */
public final class OutletJson {
  private OutletJson() {}

  public static JsonObject of(OutletConfig c) {
    JsonObject o =
        new JsonObject()
            .put("id", c.id())
            .put("name", c.name())
            .put("homepage", c.homepage())
            .put("lang", c.lang())
            .put("section", c.section())
            .put("region", c.region())
            .put("interval", millis(c.interval()))
            .put("minInterval", millis(c.minInterval()))
            .put("maxInterval", millis(c.maxInterval()))
            .put("feeds", new JsonArray(c.feeds()))
            .put("enabled", c.enabled())
            .put("disabledReason", c.disabledReason());
    ScrapeRule s = c.scrape();
    if (s != null) {
      o.put(
          "scrape",
          new JsonObject()
              .put("url", s.url())
              .put("item", s.item())
              .put("title", s.title())
              .put("link", s.link())
              .put("image", s.image())
              .put("date", s.date()));
    }
    return o;
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }
}
