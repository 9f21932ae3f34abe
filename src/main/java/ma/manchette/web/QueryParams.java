package ma.manchette.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.InvalidParameter;

/** Strict parsing of the numeric and cursor parameters: anything odd is a 400 naming the field. */
public final class QueryParams {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private QueryParams() {}

  /**
   * A count such as limit or backfill: absent gives the default, above max is clamped, negative or
   * text is refused.
   */
  public static int count(String field, String raw, int dflt, int max) {
    if (raw == null || raw.isBlank()) return dflt;
    long n;
    try {
      n = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameter(
          field, field + " must be a whole number, not '" + shorten(raw) + "'");
    }
    if (n < 0) throw new InvalidParameter(field, field + " must not be negative");
    return (int) Math.min(n, max);
  }

  /** An id that must be there (a path segment): blank is a 400 too, never a null. */
  public static long requiredId(String field, String raw) {
    // a decimal id too big for 64 bits is well-formed but names no item: a 404 then, not a 400
    if (raw != null && DIGITS.matcher(raw).matches() && raw.length() >= 19) {
      try {
        Long.parseLong(raw);
      } catch (NumberFormatException tooBig) {
        return Long.MAX_VALUE;
      }
    }
    Long v = id(field, raw);
    if (v == null)
      throw new InvalidParameter(field, field + " is required (an item id, a decimal number)");
    return v;
  }

  public static Long id(String field, String raw) {
    if (raw == null || raw.isBlank()) return null;
    try {
      long v = Long.parseLong(raw.trim());
      if (v < 0) throw new InvalidParameter(field, field + " must not be negative");
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidParameter(field, field + " must be an item id (a decimal number)");
    }
  }

  /**
   * A resume point: an event id ("everything after it") or an ISO-8601 time ("everything detected
   * at or after it"). Returned as the cursor after which to replay.
   */
  public static Long cursor(String field, String raw) {
    if (raw == null || raw.isBlank()) return null;
    String v = raw.trim();
    if (v.chars().allMatch(Character::isDigit)) return id(field, v);
    try {
      Instant t = OffsetDateTime.parse(v).toInstant();
      return Math.max(0, IdGenerator.floorOf(t) - 1);
    } catch (DateTimeParseException e) {
      try {
        return Math.max(0, IdGenerator.floorOf(Instant.parse(v)) - 1);
      } catch (DateTimeParseException e2) {
        throw new InvalidParameter(field, field + " must be an event id or an ISO-8601 time");
      }
    }
  }

  private static String shorten(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }
}
