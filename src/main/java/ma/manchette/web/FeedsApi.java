package ma.manchette.web;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndCategoryImpl;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEnclosureImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.SyndFeedOutput;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import ma.manchette.model.Filter;
import ma.manchette.model.Item;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.store.ItemStore;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * The aggregate as the ecosystem reads it: /feed.rss and /feed.atom (written by Rome), /feed.json
 * (JSON Feed 1.1), all with the stream's filters and a limit; /api/outlets.opml; /openapi.yaml.
 * Rendering runs on a worker thread; hidden items never appear (the store leaves them out).
 */
public final class FeedsApi {
  private static final Pattern XML_INVALID =
      Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]");

  private final Vertx vertx;
  private final ItemStore items;
  private final OutletRegistry registry;
  private final String publicUrl;
  private volatile Buffer openApi;

  public FeedsApi(Vertx vertx, ItemStore items, OutletRegistry registry, String publicUrl) {
    this.vertx = vertx;
    this.items = items;
    this.registry = registry;
    this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
  }

  public void install(Router r) {
    r.get("/feed.rss")
        .handler(rc -> syndication(rc, "rss_2.0", "application/rss+xml; charset=utf-8"));
    r.get("/feed.atom")
        .handler(rc -> syndication(rc, "atom_1.0", "application/atom+xml; charset=utf-8"));
    r.get("/feed.json").handler(this::jsonFeed);
    r.get("/api/outlets.opml").handler(this::opml);
    r.get("/openapi.yaml").handler(this::openApi);
  }

  private record Query(Filter filter, int limit) {}

  private Query query(RoutingContext rc) {
    var req = rc.request();
    Filter filter = Filter.fromQuery(req::getParam);
    int limit =
        QueryParams.count(
            "limit", req.getParam("limit"), ItemsApi.DEFAULT_LIMIT, ItemsApi.MAX_LIMIT);
    return new Query(filter, limit == 0 ? ItemsApi.DEFAULT_LIMIT : limit);
  }

  private String base(RoutingContext rc) {
    // behind a trusted proxy, the scheme and host the reader used (X-Forwarded-Proto/-Host or
    // Forwarded)
    return publicUrl != null ? publicUrl : ClientAddress.client(rc).baseUrl();
  }

  private void syndication(RoutingContext rc, String type, String contentType) {
    Query q = query(rc);
    String base = base(rc);
    String self =
        base
            + rc.request().path()
            + (rc.request().query() == null ? "" : "?" + rc.request().query());
    items
        .list(q.filter(), null, q.limit())
        .compose(
            list -> vertx.executeBlocking(() -> render(type, list, base, self, q.filter()), false))
        .onSuccess(xml -> CacheHeaders.send(rc, contentType, Buffer.buffer(xml), 30))
        .onFailure(rc::fail);
  }

  private static String render(
      String type, List<Item> list, String base, String self, Filter filter) throws Exception {
    SyndFeed feed = new SyndFeedImpl();
    feed.setFeedType(type);
    // the filter echoes client text: characters XML cannot hold are dropped, as in entries
    feed.setTitle(xml("Manchette" + (filter.isAll() ? "" : " — " + filter.toJson().encode())));
    feed.setLink(base + "/");
    feed.setUri(self);
    feed.setDescription("Headlines from Moroccan news outlets, as they appear");
    feed.setLanguage(filter.langs().size() == 1 ? filter.langs().iterator().next() : null);
    SyndLinkImpl selfLink = new SyndLinkImpl();
    selfLink.setRel("self");
    selfLink.setHref(self);
    SyndLinkImpl alt = new SyndLinkImpl();
    alt.setRel("alternate");
    alt.setHref(base + "/");
    feed.setLinks(List.of(alt, selfLink));
    // RSS 2.0 has no self link of its own: readers and validators look for atom:link rel="self"
    if (type.startsWith("rss")) feed.setForeignMarkup(List.of(atomSelfLink(self)));
    feed.setPublishedDate(list.isEmpty() ? new Date() : Date.from(list.get(0).detectedAt()));
    List<SyndEntry> entries = new ArrayList<>();
    for (Item i : list) {
      SyndEntry e = new SyndEntryImpl();
      e.setTitle(xml(i.title()));
      e.setLink(i.url() != null ? i.url() : base + "/items/" + i.id());
      e.setUri("urn:manchette:item:" + i.id());
      e.setPublishedDate(Date.from(i.publishedAt() != null ? i.publishedAt() : i.detectedAt()));
      e.setUpdatedDate(Date.from(i.detectedAt()));
      if (i.author() != null) e.setAuthor(xml(i.author()));
      if (i.summary() != null) {
        SyndContentImpl c = new SyndContentImpl();
        c.setType("text/plain");
        c.setValue(xml(i.summary()));
        e.setDescription(c);
      }
      List<SyndCategory> cats = new ArrayList<>();
      for (String cat : i.categories()) {
        SyndCategoryImpl sc = new SyndCategoryImpl();
        sc.setName(xml(cat));
        cats.add(sc);
      }
      e.setCategories(cats);
      if (i.image() != null) {
        SyndEnclosureImpl enc = new SyndEnclosureImpl();
        enc.setUrl(i.image());
        enc.setType(imageType(i.image()));
        enc.setLength(0);
        e.setEnclosures(List.of(enc));
      }
      entries.add(e);
    }
    feed.setEntries(entries);
    return new SyndFeedOutput().outputString(feed);
  }

  private static Element atomSelfLink(String self) {
    Element link =
        new Element("link", Namespace.getNamespace("atom", "http://www.w3.org/2005/Atom"));
    link.setAttribute("href", self);
    link.setAttribute("rel", "self");
    link.setAttribute("type", "application/rss+xml");
    return link;
  }

  private void jsonFeed(RoutingContext rc) {
    Query q = query(rc);
    String base = base(rc);
    String self =
        base
            + rc.request().path()
            + (rc.request().query() == null ? "" : "?" + rc.request().query());
    items
        .list(q.filter(), null, q.limit())
        .onSuccess(
            list -> {
              JsonArray arr = new JsonArray();
              for (Item i : list) {
                JsonObject o =
                    new JsonObject()
                        .put("id", Long.toString(i.id()))
                        .put("url", i.url())
                        .put("title", i.title())
                        .put("content_text", i.summary() != null ? i.summary() : i.title())
                        .put(
                            "date_published",
                            (i.publishedAt() != null ? i.publishedAt() : i.detectedAt()).toString())
                        .put("date_modified", i.detectedAt().toString())
                        .put("language", i.lang())
                        .put(
                            "_manchette",
                            new JsonObject()
                                .put("outlet", i.outlet())
                                .put("outletName", i.outletName())
                                .put("section", i.section())
                                .put("region", i.region())
                                .put("story", i.story()));
                if (i.summary() != null) o.put("summary", i.summary());
                if (i.image() != null) o.put("image", i.image());
                if (i.author() != null)
                  o.put("authors", new JsonArray().add(new JsonObject().put("name", i.author())));
                if (!i.categories().isEmpty()) o.put("tags", new JsonArray(i.categories()));
                arr.add(o);
              }
              JsonObject feed =
                  new JsonObject()
                      .put("version", "https://jsonfeed.org/version/1.1")
                      .put(
                          "title",
                          "Manchette"
                              + (q.filter().isAll() ? "" : " — " + q.filter().toJson().encode()))
                      .put("home_page_url", base + "/")
                      .put("feed_url", self)
                      .put("description", "Headlines from Moroccan news outlets, as they appear")
                      .put("items", arr);
              CacheHeaders.send(
                  rc, "application/feed+json; charset=utf-8", Buffer.buffer(feed.encode()), 30);
            })
        .onFailure(rc::fail);
  }

  private void opml(RoutingContext rc) {
    List<ma.manchette.config.OutletConfig> configs = new ArrayList<>();
    for (Outlet o : registry.all()) configs.add(o.config());
    vertx
        .executeBlocking(() -> Opml.write(configs), false)
        .onSuccess(
            xml -> CacheHeaders.send(rc, "text/x-opml; charset=utf-8", Buffer.buffer(xml), 60))
        .onFailure(rc::fail);
  }

  /**
   * The OpenAPI document, read once from the class path through Vert.x's non-blocking file system.
   */
  private void openApi(RoutingContext rc) {
    Buffer cached = openApi;
    if (cached != null) {
      CacheHeaders.send(rc, "application/yaml; charset=utf-8", cached, 300);
      return;
    }
    vertx
        .fileSystem()
        .readFile("openapi.yaml")
        .onSuccess(
            b -> {
              openApi = b;
              CacheHeaders.send(rc, "application/yaml; charset=utf-8", b, 300);
            })
        .onFailure(rc::fail);
  }

  private static String imageType(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.contains(".png")) return "image/png";
    if (u.contains(".webp")) return "image/webp";
    if (u.contains(".gif")) return "image/gif";
    return "image/jpeg";
  }

  private static String xml(String s) {
    return s == null ? null : XML_INVALID.matcher(s).replaceAll("");
  }
}
