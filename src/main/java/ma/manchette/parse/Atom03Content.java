package ma.manchette.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Atom 0.3 text constructs (title, summary, content…) made safe for Rome before it reads them: its
 * base64 decoder throws on unpadded or wrapped text and it refuses an unknown {@code mode}, either
 * failing the whole feed. Decoded here with the MIME decoder; what cannot be read loses that field
 * only.
 */
final class Atom03Content {
  static final Namespace ATOM_03 = Namespace.getNamespace("http://purl.org/atom/ns#");

  private Atom03Content() {}

  static void repair(Document doc) {
    Element root = doc.getRootElement();
    if (!ATOM_03.equals(root.getNamespace())) return;
    repairChildren(root);
    for (Element entry : root.getChildren("entry", ATOM_03)) repairChildren(entry);
  }

  private static void repairChildren(Element parent) {
    List<Element> unreadable = new ArrayList<>();
    for (Element el : parent.getChildren()) {
      String mode = el.getAttributeValue("mode");
      if (mode == null) continue;
      if ("base64".equals(mode)) {
        String decoded = base64(el.getTextTrim());
        if (decoded == null) unreadable.add(el);
        else {
          el.setText(decoded);
          el.setAttribute("mode", "escaped");
        }
      } else if (!"xml".equals(mode) && !"escaped".equals(mode)) {
        el.removeAttribute("mode"); // read as the default, xml
      }
    }
    for (Element el : unreadable) el.detach();
  }

  private static String base64(String text) {
    try {
      return new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
