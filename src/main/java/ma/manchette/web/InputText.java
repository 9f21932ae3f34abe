package ma.manchette.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import ma.manchette.model.InvalidParameter;

/**
 * What a client sends must be text PostgreSQL can store: a NUL byte or bytes that are not UTF-8
 * would otherwise reach the database and come back as a 500. Vert.x decodes both silently (NUL
 * kept, bad bytes as U+FFFD), so the raw query and body are read strictly here.
 */
final class InputText {
  private InputText() {}

  /** A problem with one query parameter, or null when every name and value is clean text. */
  record Problem(String parameter, String message) {}

  static Problem firstBadParameter(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return null;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String name = decode(rawName);
      String shown = name == null || name.indexOf('\0') >= 0 ? printable(rawName) : name;
      if (name == null)
        return new Problem(shown, "parameter name '" + shown + "' is not valid UTF-8");
      if (name.indexOf('\0') >= 0)
        return new Problem(shown, "parameter name '" + shown + "' contains a NUL byte");
      if (eq < 0) continue;
      String value = decode(pair.substring(eq + 1));
      if (value == null) return new Problem(shown, "parameter '" + shown + "' is not valid UTF-8");
      if (value.indexOf('\0') >= 0)
        return new Problem(shown, "parameter '" + shown + "' contains a NUL byte (%00)");
    }
    return null;
  }

  /** A body's bytes as strict UTF-8; a 400 naming the body otherwise. */
  static String body(byte[] bytes) {
    String text = strictUtf8(bytes);
    if (text == null) throw new InvalidParameter("body", "body is not valid UTF-8");
    return text;
  }

  /**
   * Every string of a JSON object, keys included, free of NUL; a 400 naming the field otherwise.
   */
  static void checkJson(Object value, String field) {
    if (value instanceof String s && s.indexOf('\0') >= 0) {
      throw new InvalidParameter(field, "field '" + field + "' contains a NUL character");
    } else if (value instanceof JsonObject o) {
      for (String k : o.fieldNames()) {
        if (k.indexOf('\0') >= 0)
          throw new InvalidParameter("body", "a field name contains a NUL character");
        checkJson(o.getValue(k), field.isEmpty() ? k : field + "." + k);
      }
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) checkJson(a.getValue(i), field + "[" + i + "]");
    }
  }

  /**
   * Percent-decoding ('+' is a space) then strict UTF-8; null when the bytes are not UTF-8 or an
   * escape is broken.
   */
  static String decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) return null;
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) return null;
        out.write(hi * 16 + lo);
        i += 3;
      } else {
        byte[] b =
            (c == '+' ? " " : new String(Character.toChars(c))).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(c);
      }
    }
    return strictUtf8(out.toByteArray());
  }

  /**
   * The bytes as UTF-8, or null where they are not (String's own decoding would put U+FFFD there).
   */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x21-\\x7e]", "?");
    return p.length() > 40 ? p.substring(0, 40) + "..." : p;
  }
}
