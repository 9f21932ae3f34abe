package ma.manchette.parse;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.XmlFixerReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;

/**
 * The feed as an XML tree, read the way Rome reads it (DTDs refused, its XML healer on), and kept:
 * the parser looks at the elements Rome drops (raw dates, namespaced titles, guid attributes) and
 * can hand Rome one entry at a time.
 */
final class FeedDocument {
  /** Rome's reader, for its SAX builder set up against XXE and for turning a tree into a feed. */
  private static final class RomeInput extends WireFeedInput {
    RomeInput() {
      setAllowDoctypes(false);
      setXmlHealerOn(true);
    }

    Document read(String xml) throws JDOMException, IOException {
      return createSAXBuilder().build(new XmlFixerReader(new StringReader(xml)));
    }
  }

  private FeedDocument() {}

  static Document read(String xml) throws JDOMException, IOException {
    return new RomeInput().read(xml);
  }

  static SyndFeed toFeed(Document doc) throws FeedException {
    return new SyndFeedImpl(new RomeInput().build(doc), false);
  }

  /**
   * The item or entry elements in document order: children of the root (RSS 0.90/1.0, Atom) or of
   * the channel (RSS 0.91–2.0), as Rome lists them.
   */
  static List<Element> entries(Document doc) {
    List<Element> out = new ArrayList<>();
    Element root = doc.getRootElement();
    for (Element child : root.getChildren()) {
      String name = child.getName();
      if ("item".equals(name) || "entry".equals(name)) out.add(child);
      else if ("channel".equals(name))
        for (Element c : child.getChildren()) if ("item".equals(c.getName())) out.add(c);
    }
    return out;
  }
}
