package ma.manchette.parse;

import org.jdom2.Element;

/** What an entry's elements say about its address beyond what Rome keeps. */
final class EntryLink {
  private EntryLink() {}

  /**
   * RSS 2.0: a guid is the article's address unless isPermaLink="false" says it is only an
   * identifier.
   */
  static boolean guidIsPermaLink(Element entry) {
    for (Element child : entry.getChildren()) {
      if ("guid".equals(child.getName()))
        return !"false".equalsIgnoreCase(child.getAttributeValue("isPermaLink", "").strip());
    }
    return true;
  }
}
