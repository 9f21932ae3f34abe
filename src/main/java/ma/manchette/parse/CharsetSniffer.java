package ma.manchette.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how to decode a feed: byte-order mark, then the HTTP header, then the XML prolog, then
 * UTF-8. Rome's own guess falls back to US-ASCII for text/xml, which garbles Arabic.
 */
public final class CharsetSniffer {
  private static final Pattern HEADER_CHARSET =
      Pattern.compile("charset\\s*=\\s*[\"']?([\\w.:-]+)", Pattern.CASE_INSENSITIVE);
  // the XML declaration only ("<?xml" then a space, up to "?>"): not <?xml-stylesheet?> nor an
  // element's encoding attribute
  private static final Pattern PROLOG_ENCODING =
      Pattern.compile(
          "^\\s*<\\?xml\\s[^?>]*\\bencoding\\s*=\\s*[\"']([\\w.:-]+)[\"']",
          Pattern.CASE_INSENSITIVE);

  private CharsetSniffer() {}

  public record Decoded(String text, Charset charset) {}

  public static Decoded decode(byte[] bytes, String contentType) {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF))
      return new Decoded(
          new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    if (startsWith(bytes, 0xFE, 0xFF))
      return new Decoded(
          new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE),
          StandardCharsets.UTF_16BE);
    if (startsWith(bytes, 0xFF, 0xFE))
      return new Decoded(
          new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE),
          StandardCharsets.UTF_16LE);
    Charset cs = fromHeader(contentType);
    if (cs == null) cs = fromProlog(bytes);
    if (cs == null) cs = StandardCharsets.UTF_8;
    return new Decoded(new String(bytes, cs), cs);
  }

  static Charset fromHeader(String contentType) {
    if (contentType == null) return null;
    Matcher m = HEADER_CHARSET.matcher(contentType);
    return m.find() ? lookup(m.group(1)) : null;
  }

  static Charset fromProlog(byte[] bytes) {
    // the prolog is ASCII in every encoding we accept here, so a Latin-1 peek is safe
    String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
    Matcher m = PROLOG_ENCODING.matcher(head);
    return m.find() ? lookup(m.group(1)) : null;
  }

  private static Charset lookup(String name) {
    try {
      String n = name.toLowerCase(Locale.ROOT);
      // browsers read "iso-8859-1" as windows-1252; outlets that declare Latin-1 usually mean that
      if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("latin-1"))
        return Charset.forName("windows-1252");
      return Charset.forName(name);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xFF) != prefix[i]) return false;
    return true;
  }
}
