package ma.manchette.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Normalizer;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ma.manchette.config.OutletConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * OPML 2.0 export and import of outlets. One outline per feed; {@code manchette:id} and {@code
 * language} carry what OPML has no word for, so an export imported elsewhere gives the same
 * outlets. Parsed with Jsoup's XML parser, which never fetches DTDs or entities.
 */
final class Opml {
  private Opml() {}

  static String write(List<OutletConfig> outlets) {
    StringBuilder sb =
        new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append(
                "<opml version=\"2.0\" xmlns:manchette=\"https://manchette.ma/opml\">\n<head>\n  <title>Manchette outlets</title>\n")
            .append("  <dateCreated>")
            .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()))
            .append("</dateCreated>\n")
            .append("</head>\n<body>\n");
    for (OutletConfig c : outlets) {
      for (String feed : c.feeds()) {
        sb.append("  <outline type=\"rss\" text=\"")
            .append(esc(c.name()))
            .append("\" title=\"")
            .append(esc(c.name()))
            .append("\" xmlUrl=\"")
            .append(esc(feed))
            .append('"');
        if (c.homepage() != null) sb.append(" htmlUrl=\"").append(esc(c.homepage())).append('"');
        sb.append(" language=\"")
            .append(esc(c.lang()))
            .append("\" manchette:id=\"")
            .append(esc(c.id()))
            .append('"');
        if (c.section() != null) sb.append(" category=\"").append(esc(c.section())).append('"');
        sb.append("/>\n");
      }
    }
    return sb.append("</body>\n</opml>\n").toString();
  }

  /**
   * Outlet candidates (file form) by id, feeds of the same id merged; throws on a document that is
   * not OPML.
   */
  static Map<String, ObjectNode> read(String xml) {
    Document doc = Jsoup.parse(xml, "", Parser.xmlParser());
    if (doc.selectFirst("opml") == null)
      throw new IllegalArgumentException("not an OPML document (no <opml> element)");
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (Element o : doc.select("outline[xmlUrl]")) {
      String name = first(o.attr("title"), o.attr("text"));
      String id = first(o.attr("manchette:id"), slug(name), slug(o.attr("xmlUrl")));
      ObjectNode node = out.get(id);
      if (node == null) {
        node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("name", name == null ? id : name);
        if (!o.attr("htmlUrl").isBlank()) node.put("homepage", o.attr("htmlUrl").trim());
        String lang = o.attr("language").trim().toLowerCase(Locale.ROOT);
        node.put("lang", lang.matches("[a-z]{2,3}") ? lang : "fr");
        if (o.attr("category").matches("[a-z0-9][a-z0-9-]{0,63}"))
          node.put("section", o.attr("category"));
        node.putArray("feeds");
        out.put(id, node);
      }
      ((com.fasterxml.jackson.databind.node.ArrayNode) node.get("feeds"))
          .add(o.attr("xmlUrl").trim());
    }
    return out;
  }

  static String slug(String text) {
    if (text == null || text.isBlank()) return null;
    String s =
        Normalizer.normalize(text, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceFirst("^https?://", "")
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (s.length() > 64) s = s.substring(0, 64).replaceAll("-+$", "");
    return s.isEmpty() ? null : s;
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v.trim();
    return null;
  }

  private static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> {
          if (ch >= 0x20 || ch == '\t') b.append(ch); // control characters are not XML
        }
      }
    }
    return b.toString();
  }

  static List<String> ids(Map<String, ObjectNode> m) {
    return new ArrayList<>(m.keySet());
  }
}
