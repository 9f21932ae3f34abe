package ma.manchette.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import ma.manchette.config.OutletConfig;
import ma.manchette.model.Item;
import ma.manchette.model.UrlKind;
import ma.manchette.parse.ParsedEntry;
import ma.manchette.text.PlainText;
import ma.manchette.text.SafeUrl;

/**
 * Raw entry to a clean {@link Item} (id still 0): plain text, checked absolute URLs, a stable key
 * (guid, else canonical link, else a hash of title and date). Pure; runs on worker threads.
 */
public final class ItemNormalizer {
  public static final int MAX_TITLE = 300;
  public static final int MAX_SUMMARY = 600;

  private ItemNormalizer() {}

  public static List<Item> normalize(
      OutletConfig outlet, String sourceUrl, List<ParsedEntry> entries, Instant now) {
    List<Item> out = new ArrayList<>(entries.size());
    Set<String> byFragment = EntryFragments.telling(sourceUrl, entries);
    for (ParsedEntry e : entries) {
      Item item = normalize(outlet, sourceUrl, e, now, byFragment);
      if (item != null) out.add(item);
    }
    return out;
  }

  public static Item normalize(OutletConfig outlet, String sourceUrl, ParsedEntry e, Instant now) {
    return normalize(outlet, sourceUrl, e, now, Set.of());
  }

  /**
   * {@code byFragment}: addresses (without fragment) that only their fragment tells apart in this
   * feed, such as comment permalinks; those keep it in the link and the key.
   */
  static Item normalize(
      OutletConfig outlet, String sourceUrl, ParsedEntry e, Instant now, Set<String> byFragment) {
    String title = PlainText.of(e.title(), MAX_TITLE);
    if (title == null) return null;
    String url = SafeUrl.resolve(sourceUrl, e.link());
    if (url == null && e.guidIsPermaLink())
      url =
          SafeUrl.resolve(null, e.guid()); // a guid counts as the article only when it is absolute
    if (url != null) // readers get the link without tracking parameters
    url = EntryFragments.keep(url, SafeUrl.canonical(url), byFragment);
    String summary = PlainText.of(e.summary(), MAX_SUMMARY);
    if (summary != null && summary.equals(title)) summary = null;
    String image = SafeUrl.resolve(url != null ? url : sourceUrl, e.image());
    String author = PlainText.of(e.author(), 120);
    List<String> cats = new ArrayList<>();
    for (String c : e.categories()) {
      String clean = PlainText.of(c, 80);
      if (clean != null && !cats.contains(clean) && cats.size() < 12) cats.add(clean);
    }
    // zone-less and relative page dates read in Moroccan time; missing, unreadable or future: the
    // detection time
    Instant published = PublishedDate.of(e.publishedAt(), e.rawDate(), now);
    // the key is taken from the article link only: a homepage shared by many entries must not merge
    // them
    String key = key(e, url, title, byFragment);
    UrlKind kind = UrlKind.ARTICLE;
    if (url == null) {
      url = homepage(outlet, sourceUrl);
      kind = UrlKind.HOMEPAGE;
    }
    return new Item(
        0,
        outlet.id(),
        outlet.name(),
        key,
        title,
        url,
        summary,
        image,
        author,
        outlet.section(),
        outlet.lang(),
        outlet.region(),
        cats,
        published,
        now,
        null,
        kind);
  }

  /**
   * Where a reader can go for an entry without a usable link: the configured homepage, else the
   * origin of the outlet's first feed (or scraped page), else of the URL just read. Always a
   * checked absolute http(s) URL, or null.
   */
  public static String homepage(OutletConfig outlet, String sourceUrl) {
    String configured = SafeUrl.resolve(null, outlet.homepage());
    if (configured != null) return configured;
    for (String source : outlet.sources()) {
      String origin = origin(source);
      if (origin != null) return origin;
    }
    return origin(sourceUrl);
  }

  private static String origin(String url) {
    String u = SafeUrl.resolve(null, url);
    if (u == null) return null;
    java.net.URI uri = java.net.URI.create(u);
    return SafeUrl.resolve(
        null, uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "") + "/");
  }

  static String key(ParsedEntry e, String url, String title) {
    return key(e, url, title, Set.of());
  }

  private static String key(ParsedEntry e, String url, String title, Set<String> byFragment) {
    String guid = e.guid() == null ? null : e.guid().strip();
    if (guid != null && !guid.isEmpty() && guid.length() <= 512) {
      return guid.startsWith("http")
          ? "g:" + EntryFragments.keep(guid, SafeUrl.canonical(guid), byFragment)
          : "g:" + guid;
    }
    if (url != null) return "u:" + EntryFragments.keep(url, SafeUrl.canonical(url), byFragment);
    String date =
        e.publishedAt() != null ? e.publishedAt().toString() : String.valueOf(e.rawDate());
    return "h:" + sha1(title + "|" + date);
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }
}
