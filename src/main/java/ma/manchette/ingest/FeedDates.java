package ma.manchette.ingest;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date writings feeds use beyond what Rome reads: W3C-DTF and ISO 8601 in full, reduced (year,
 * year-month), with a space or without separators; RFC 822 with a missing weekday, seconds or zone,
 * two-digit years and obsolete zones (UT, EST, PDT, military letters, GMT+2); English, Greek and
 * Hungarian month names; the Korean year/month/day form. The whole writing must match; null
 * otherwise.
 */
public final class FeedDates {
  private static final String ZONE =
      "(Z|[A-Za-z]{1,5}(?:\\s*[+-]\\d{1,2}(?::?\\d{2})?)?|[+-]\\d{1,2}(?::?\\d{2})?)";
  private static final Pattern ISO_EXTENDED =
      Pattern.compile(
          "(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2})(?:[Tt ]\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?)?)?)?\\s*"
              + ZONE
              + "?");
  private static final Pattern ISO_BASIC =
      Pattern.compile(
          "(\\d{4})(\\d{2})(\\d{2})(?:[Tt ]?(\\d{2})(\\d{2})(?:(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?)?\\s*"
              + ZONE
              + "?");
  private static final Pattern RFC_822 =
      Pattern.compile(
          "(?:\\p{L}+\\.?,?\\s*)?(\\d{1,2})[\\s-]+(\\p{L}+)\\.?,?[\\s-]+(\\d{2,4})"
              + "(?:[\\s,T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?)?\\s*"
              + ZONE
              + "?");
  // asctime and what some PHP feeds print: weekday, month, day, time, then zone and year
  private static final Pattern MONTH_FIRST =
      Pattern.compile(
          "(?:\\p{L}+,?\\s+)?(\\p{L}+)\\.?\\s+(\\d{1,2}),?\\s+(?:(\\d{4}),?\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
              + "(?:\\s+"
              + ZONE
              + ")?(?:\\s+(\\d{4}))?");
  private static final Pattern KOREAN =
      Pattern.compile(
          "(\\d{4})\\s*년\\s*(\\d{1,2})\\s*월\\s*(\\d{1,2})\\s*일(?:\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");
  private static final Pattern KOREAN_HALF_DAY =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})\\s+(오전|오후)\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
  // Hungarian feeds name the month inside an ISO writing: 2004-július-14T23:30+02:00
  private static final Pattern ISO_NAMED_MONTH = Pattern.compile("(\\d{4})-(\\p{L}+)-(.+)");
  private static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

  /** RFC 822's obsolete zone names, in hours east of UTC. */
  private static final Map<String, Integer> ZONES =
      Map.ofEntries(
          Map.entry("UT", 0),
          Map.entry("UTC", 0),
          Map.entry("GMT", 0),
          Map.entry("Z", 0),
          Map.entry("WET", 0),
          Map.entry("WEST", 1),
          Map.entry("BST", 1),
          Map.entry("CET", 1),
          Map.entry("CEST", 2),
          Map.entry("MET", 1),
          Map.entry("MEST", 2),
          Map.entry("EET", 2),
          Map.entry("EEST", 3),
          Map.entry("AST", -4),
          Map.entry("ADT", -3),
          Map.entry("EST", -5),
          Map.entry("EDT", -4),
          Map.entry("CST", -6),
          Map.entry("CDT", -5),
          Map.entry("MST", -7),
          Map.entry("MDT", -6),
          Map.entry("PST", -8),
          Map.entry("PDT", -7),
          Map.entry("AKST", -9),
          Map.entry("AKDT", -8),
          Map.entry("HST", -10),
          Map.entry("JST", 9),
          Map.entry("KST", 9));

  /**
   * Month names by their folded (lower case, accent-free) form or its first three or four letters:
   * English, Greek and Hungarian.
   */
  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("feb", 2),
          Map.entry("mar", 3),
          Map.entry("apr", 4),
          Map.entry("may", 5),
          Map.entry("jun", 6),
          Map.entry("jul", 7),
          Map.entry("aug", 8),
          Map.entry("sep", 9),
          Map.entry("oct", 10),
          Map.entry("nov", 11),
          Map.entry("dec", 12),
          // Hungarian: május, október, szeptember (the others share the English letters)
          Map.entry("maj", 5),
          Map.entry("okt", 10),
          Map.entry("sze", 9),
          // Greek, accents folded: Ιαν, Φεβ, Μάρ, Απρ, Μάι/Μαΐ, Ιούν, Ιούλ, Αύγ, Σεπ, Οκτ, Νοέ, Δεκ
          Map.entry("ιαν", 1),
          Map.entry("φεβ", 2),
          Map.entry("μαρ", 3),
          Map.entry("απρ", 4),
          Map.entry("μαι", 5),
          Map.entry("μαη", 5),
          Map.entry("ιουν", 6),
          Map.entry("ιουλ", 7),
          Map.entry("αυγ", 8),
          Map.entry("σεπ", 9),
          Map.entry("οκτ", 10),
          Map.entry("νοε", 11),
          Map.entry("δεκ", 12));

  private FeedDates() {}

  /** The instant written, a writing without a zone read in {@code zoneless}; null if unreadable. */
  public static Instant parse(String raw, ZoneId zoneless) {
    if (raw == null) return null;
    String s = raw.strip().replaceAll("\\s+", " ");
    if (s.isEmpty() || s.length() > 80) return null;
    try {
      Matcher named = ISO_NAMED_MONTH.matcher(s);
      if (named.matches()) {
        Integer month = month(named.group(2));
        if (month == null) return null;
        s = named.group(1) + "-" + month + "-" + named.group(3);
      }
      Matcher m = ISO_EXTENDED.matcher(s);
      if (m.matches()) return iso(m, zoneless);
      m = ISO_BASIC.matcher(s);
      if (m.matches()) return iso(m, zoneless);
      m = RFC_822.matcher(s);
      if (m.matches()) {
        Integer month = month(m.group(2));
        if (month == null) return null;
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) year += year < 50 ? 2000 : 1900; // as RFC 2822 reads them
        return at(year, month, m, 1, 4, 5, 6, m.group(7), zoneless);
      }
      m = MONTH_FIRST.matcher(s);
      if (m.matches() && (m.group(3) != null || m.group(8) != null)) {
        Integer month = month(m.group(1));
        if (month == null) return null;
        int year = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(8));
        return at(year, month, m, 2, 4, 5, 6, m.group(7), zoneless);
      }
      m = KOREAN.matcher(s);
      if (m.matches()) return at(m, 1, 2, 3, 4, 5, 6, null, KOREA);
      m = KOREAN_HALF_DAY.matcher(s);
      if (m.matches()) {
        int hour = Integer.parseInt(m.group(5)) % 12 + ("오후".equals(m.group(4)) ? 12 : 0);
        return LocalDateTime.of(
                i(m, 1), i(m, 2), i(m, 3), hour, i(m, 6), m.group(7) == null ? 0 : i(m, 7))
            .atZone(KOREA)
            .toInstant();
      }
    } catch (DateTimeException | NumberFormatException e) {
      return null; // 31 February and the like
    }
    return null;
  }

  private static Instant iso(Matcher m, ZoneId zoneless) {
    Instant t = at(m, 1, 2, 3, 4, 5, 6, m.group(8), zoneless);
    String fraction = m.group(7);
    if (t == null || fraction == null) return t;
    return t.plusNanos(Long.parseLong((fraction + "00000000").substring(0, 9)));
  }

  private static Instant at(
      Matcher m, int y, int mo, int d, int h, int mi, int sec, String zone, ZoneId zoneless) {
    int month = m.group(mo) == null ? 1 : i(m, mo);
    return at(i(m, y), month, m, d, h, mi, sec, zone, zoneless);
  }

  private static Instant at(
      int year, int month, Matcher m, int d, int h, int mi, int sec, String zone, ZoneId zoneless) {
    LocalDateTime local =
        LocalDateTime.of(
            year,
            month,
            m.group(d) == null ? 1 : i(m, d),
            m.group(h) == null ? 0 : i(m, h),
            m.group(mi) == null ? 0 : i(m, mi),
            m.group(sec) == null ? 0 : i(m, sec));
    if (zone == null) return local.atZone(zoneless).toInstant();
    ZoneOffset offset = offset(zone);
    return offset == null ? null : local.toInstant(offset);
  }

  /**
   * +0100, -05:00, +2, a name from {@link #ZONES} possibly with an offset (GMT+2), or an RFC 822
   * military letter (A is -1 … M is -12, N is +1 … Y is +12, as that RFC defines them).
   */
  static ZoneOffset offset(String zone) {
    String z = zone.replace(" ", "");
    int sign = Math.max(z.indexOf('+'), z.indexOf('-'));
    String name = sign < 0 ? z : z.substring(0, sign);
    int base;
    if (name.isEmpty()) base = 0;
    else if (name.length() == 1 && Character.isLetter(name.charAt(0))) {
      char c = Character.toUpperCase(name.charAt(0));
      if (c == 'Z') base = 0;
      else if (c >= 'A' && c <= 'I') base = -(c - 'A' + 1);
      else if (c >= 'K' && c <= 'M') base = -(c - 'K' + 10);
      else if (c >= 'N' && c <= 'Y') base = c - 'N' + 1;
      else return null; // J is not a zone
    } else {
      Integer hours = ZONES.get(name.toUpperCase(Locale.ROOT));
      if (hours == null) return null;
      base = hours;
    }
    int seconds = base * 3600;
    if (sign >= 0) {
      String digits = z.substring(sign + 1).replace(":", "");
      int hh;
      int mm = 0;
      if (digits.length() <= 2) hh = Integer.parseInt(digits);
      else {
        hh = Integer.parseInt(digits.substring(0, digits.length() - 2));
        mm = Integer.parseInt(digits.substring(digits.length() - 2));
      }
      int delta = hh * 3600 + mm * 60;
      seconds += z.charAt(sign) == '-' ? -delta : delta;
    }
    return ZoneOffset.ofTotalSeconds(seconds);
  }

  private static Integer month(String name) {
    String folded =
        Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "");
    if (folded.length() >= 4) {
      Integer four = MONTHS.get(folded.substring(0, 4));
      if (four != null) return four;
    }
    return folded.length() >= 3 ? MONTHS.get(folded.substring(0, 3)) : null;
  }

  private static int i(Matcher m, int g) {
    return Integer.parseInt(m.group(g));
  }
}
