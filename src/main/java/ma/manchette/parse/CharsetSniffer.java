package ma.manchette.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how to decode a feed, in this order: byte-order mark; the declaration (HTTP header, then
 * XML prolog) unless the bytes are invalid in it; with no declaration, UTF-8 when the bytes are
 * valid UTF-8; then ICU's detector; then the declaration or UTF-8, with replacement characters.
 * Rome's own guess falls back to US-ASCII for text/xml, which garbles Arabic.
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

  public record Decoded(String text, Charset charset, Source source) {}

  /** Which step of the order above chose the charset. */
  public enum Source {
    BYTE_ORDER_MARK,
    DECLARED,
    UTF8,
    DETECTED,
    FALLBACK
  }

  public static Decoded decode(byte[] bytes, String contentType) {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF))
      return new Decoded(
          new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8),
          StandardCharsets.UTF_8,
          Source.BYTE_ORDER_MARK);
    if (startsWith(bytes, 0xFE, 0xFF))
      return new Decoded(
          new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE),
          StandardCharsets.UTF_16BE,
          Source.BYTE_ORDER_MARK);
    if (startsWith(bytes, 0xFF, 0xFE))
      return new Decoded(
          new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE),
          StandardCharsets.UTF_16LE,
          Source.BYTE_ORDER_MARK);
    Charset declared = fromHeader(contentType);
    if (declared == null) declared = fromProlog(bytes);
    Charset first = declared != null ? declared : StandardCharsets.UTF_8;
    String text = new String(bytes, first);
    if (decodesCleanly(bytes, text, first))
      return new Decoded(text, first, declared != null ? Source.DECLARED : Source.UTF8);
    // no declaration, or one the bytes contradict: only now is the detector worth its cost
    Charset detected = detected(bytes);
    if (detected != null && !detected.equals(first))
      return new Decoded(new String(bytes, detected), detected, Source.DETECTED);
    return new Decoded(text, first, Source.FALLBACK);
  }

  /**
   * True when the bytes are valid in the charset. The fast decode puts U+FFFD where bytes are
   * invalid, so a text without one needs no second look.
   */
  private static boolean decodesCleanly(byte[] bytes, String text, Charset cs) {
    if (text.indexOf('\uFFFD') < 0) return true;
    try {
      cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true; // a U+FFFD written in the feed itself
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static Charset detected(byte[] bytes) {
    String name = CharsetDetection.likeliest(bytes);
    return name == null ? null : lookup(name);
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
