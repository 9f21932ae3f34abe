package ma.manchette.parse;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;

/**
 * The last try for a feed Rome refuses whole: each entry is handed to Rome in a document of its own
 * (the feed's head and that one entry), so one entry it cannot read costs that entry only. The head
 * keeps only what names the feed (title, links, id, dates): an unreadable skipHours or image must
 * not cost every entry.
 */
final class EntryByEntry {
  private static final Set<String> HEAD =
      Set.of(
          "channel",
          "title",
          "link",
          "description",
          "id",
          "updated",
          "modified",
          "subtitle",
          "tagline");

  /** What was read: the feed's head (from the first readable entry) and the entries paired. */
  record Result(SyndFeed head, List<SyndEntry> entries, List<Element> elements) {}

  private EntryByEntry() {}

  /** Null when not one entry could be read. */
  static Result read(Document doc) {
    List<Element> all = FeedDocument.entries(doc);
    if (all.isEmpty()) return null;
    Document shell = doc.clone();
    for (Element e : FeedDocument.entries(shell)) e.detach();
    Element root = shell.getRootElement();
    keepHead(root);
    for (Element channel : root.getChildren())
      if ("channel".equals(channel.getName())) keepHead(channel);
    SyndFeed head = null;
    List<SyndEntry> entries = new ArrayList<>();
    List<Element> elements = new ArrayList<>();
    for (Element entry : all) {
      Document one = shell.clone();
      Element parent = parentIn(one, entry);
      if (parent == null) continue;
      parent.addContent(entry.clone());
      try {
        SyndFeed feed = FeedDocument.toFeed(one);
        if (feed.getEntries().size() != 1) continue;
        if (head == null) head = feed;
        entries.add(feed.getEntries().get(0));
        elements.add(entry);
      } catch (Exception unreadable) {
        // this entry only is lost
      }
    }
    return head == null ? null : new Result(head, entries, elements);
  }

  private static void keepHead(Element parent) {
    List<Element> drop = new ArrayList<>();
    for (Element child : parent.getChildren()) if (!HEAD.contains(child.getName())) drop.add(child);
    drop.forEach(Element::detach);
  }

  /** The entry's parent in the copy: the root, or its channel. */
  private static Element parentIn(Document copy, Element entry) {
    Element root = copy.getRootElement();
    Element parent = entry.getParentElement();
    if (parent == null) return null;
    if (parent.isRootElement()) return root;
    return root.getChild(parent.getName(), parent.getNamespace());
  }
}
