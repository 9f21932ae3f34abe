package ma.manchette.ingest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ma.manchette.text.TextFold;

/**
 * A date as outlets write it on their pages, to an instant: ISO-8601 or RFC 1123 with a zone as
 * given, and the other feed writings {@link FeedDates} reads; without a zone in Moroccan time
 * (Africa/Casablanca, which knows the Ramadan switch to UTC+0); day-month-year with French,
 * Spanish, English or Moroccan/Middle-Eastern Arabic month names; relative dates ("il y a 5
 * minutes", "منذ ساعة", "hace 2 horas", "5 minutes ago", "hier"). Anything else is unparseable
 * (null).
 */
public final class PublishedDate {
  public static final ZoneId MOROCCO = ZoneId.of("Africa/Casablanca");

  private static final Pattern ISO_LOCAL =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");
  private static final Pattern DMY_NUMERIC =
      Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})(?:\\D+(\\d{1,2})[:hH](\\d{2}))?");
  private static final Pattern DMY_NAMED =
      Pattern.compile(
          "(\\d{1,2})(?:er)?\\s+(?:de\\s+)?(تشرين\\s+\\p{L}+|كانون\\s+\\p{L}+|\\p{L}+)\\.?\\s+(?:de\\s+)?(\\d{4})(?:\\D+(\\d{1,2})\\s*[:hH]\\s*(\\d{2}))?");
  private static final Pattern MDY_NAMED =
      Pattern.compile(
          "(\\p{L}+)\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})(?:\\D+(\\d{1,2}):(\\d{2})\\s*(am|pm)?)?");
  private static final Pattern AMOUNT_UNIT =
      Pattern.compile("(?:(\\d+)\\s*|(?:une|un|an|a|una|uno)\\s+)?(\\p{L}+)");

  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("janvier", 1),
          Map.entry("janv", 1),
          Map.entry("fevrier", 2),
          Map.entry("fevr", 2),
          Map.entry("mars", 3),
          Map.entry("avril", 4),
          Map.entry("avr", 4),
          Map.entry("mai", 5),
          Map.entry("juin", 6),
          Map.entry("juillet", 7),
          Map.entry("juil", 7),
          Map.entry("aout", 8),
          Map.entry("septembre", 9),
          Map.entry("sept", 9),
          Map.entry("octobre", 10),
          Map.entry("novembre", 11),
          Map.entry("decembre", 12),
          Map.entry("dec", 12),
          Map.entry("january", 1),
          Map.entry("jan", 1),
          Map.entry("february", 2),
          Map.entry("feb", 2),
          Map.entry("march", 3),
          Map.entry("mar", 3),
          Map.entry("april", 4),
          Map.entry("apr", 4),
          Map.entry("may", 5),
          Map.entry("june", 6),
          Map.entry("jun", 6),
          Map.entry("july", 7),
          Map.entry("jul", 7),
          Map.entry("august", 8),
          Map.entry("aug", 8),
          Map.entry("september", 9),
          Map.entry("sep", 9),
          Map.entry("october", 10),
          Map.entry("oct", 10),
          Map.entry("november", 11),
          Map.entry("nov", 11),
          Map.entry("december", 12),
          Map.entry("enero", 1),
          Map.entry("febrero", 2),
          Map.entry("marzo", 3),
          Map.entry("abril", 4),
          Map.entry("mayo", 5),
          Map.entry("junio", 6),
          Map.entry("julio", 7),
          Map.entry("agosto", 8),
          Map.entry("septiembre", 9),
          Map.entry("setiembre", 9),
          Map.entry("octubre", 10),
          Map.entry("noviembre", 11),
          Map.entry("diciembre", 12),
          // Moroccan (from the French) and Middle-Eastern Arabic month names, folded (hamza-free
          // alif)
          Map.entry("يناير", 1),
          Map.entry("فبراير", 2),
          Map.entry("مارس", 3),
          Map.entry("ابريل", 4),
          Map.entry("ماي", 5),
          Map.entry("مايو", 5),
          Map.entry("يونيو", 6),
          Map.entry("يوليوز", 7),
          Map.entry("يوليو", 7),
          Map.entry("غشت", 8),
          Map.entry("اغسطس", 8),
          Map.entry("شتنبر", 9),
          Map.entry("سبتمبر", 9),
          Map.entry("اكتوبر", 10),
          Map.entry("نونبر", 11),
          Map.entry("نوفمبر", 11),
          Map.entry("دجنبر", 12),
          Map.entry("ديسمبر", 12),
          Map.entry("كانون الثاني", 1),
          Map.entry("شباط", 2),
          Map.entry("اذار", 3),
          Map.entry("نيسان", 4),
          Map.entry("ايار", 5),
          Map.entry("حزيران", 6),
          Map.entry("تموز", 7),
          Map.entry("اب", 8),
          Map.entry("ايلول", 9),
          Map.entry("تشرين الاول", 10),
          Map.entry("تشرين الثاني", 11),
          Map.entry("كانون الاول", 12));

  private PublishedDate() {}

  /**
   * What the normaliser keeps: the feed's instant, else the page's raw date parsed; detection time
   * when there is none, it cannot be read, or it lies in the future (beyond 5 minutes of clock
   * skew).
   */
  public static Instant of(Instant given, String raw, Instant detected) {
    Instant t = given != null ? given : parse(raw, detected);
    if (t == null || t.isAfter(detected.plusSeconds(300))) return detected;
    return t;
  }

  /**
   * The instant a raw date names, relative ones counted back from {@code now}; null when
   * unreadable.
   */
  public static Instant parse(String raw, Instant now) {
    if (raw == null || raw.isBlank()) return null;
    String s = raw.strip();
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException ignored) {
      // not ISO with an offset
    }
    // RFC 1123 included: java.time's own reader takes a two-digit year as the first century
    Instant written = FeedDates.parse(s, MOROCCO);
    if (written != null) return written;
    try {
      Instant relative = relative(TextFold.fold(s).replace('ة', 'ه'), now);
      if (relative != null) return relative;
      return absolute(TextFold.fold(s).replace('ة', 'ه'));
    } catch (DateTimeException | NumberFormatException e) {
      return null; // 31/02/2026 and the like
    }
  }

  private static Instant absolute(String s) {
    Matcher m = ISO_LOCAL.matcher(s);
    if (m.find())
      return local(LocalDate.of(i(m, 1), i(m, 2), i(m, 3)), m.group(4), m.group(5), m.group(6));
    m = DMY_NUMERIC.matcher(s);
    if (m.find())
      return local(LocalDate.of(i(m, 3), i(m, 2), i(m, 1)), m.group(4), m.group(5), null);
    m = DMY_NAMED.matcher(s);
    while (m.find()) {
      Integer month = MONTHS.get(m.group(2).replaceAll("\\s+", " "));
      if (month != null)
        return local(LocalDate.of(i(m, 3), month, i(m, 1)), m.group(4), m.group(5), null);
    }
    m = MDY_NAMED.matcher(s);
    while (m.find()) {
      Integer month = MONTHS.get(m.group(1));
      if (month == null) continue;
      String hour = m.group(4);
      if (hour != null && m.group(6) != null) {
        int h = Integer.parseInt(hour) % 12 + ("pm".equals(m.group(6)) ? 12 : 0);
        hour = Integer.toString(h);
      }
      return local(LocalDate.of(i(m, 3), month, i(m, 2)), hour, m.group(5), null);
    }
    return null;
  }

  private static Instant relative(String s, Instant now) {
    if (s.contains("hier") || s.equals("yesterday") || s.contains("ayer") || s.contains("امس")) {
      return now.minus(Duration.ofDays(1));
    }
    String rest;
    if (s.startsWith("il y a ")) rest = s.substring(7);
    else if (s.startsWith("hace ")) rest = s.substring(5);
    else if (s.startsWith("منذ ")) rest = s.substring(4);
    else if (s.endsWith(" ago")) rest = s.substring(0, s.length() - 4);
    else return null;
    Matcher m = AMOUNT_UNIT.matcher(rest.strip());
    if (!m.lookingAt()) return null;
    String unit = m.group(2);
    // a number, else one ("une heure", "an hour", "ساعة"), or two for an Arabic dual ("ساعتين",
    // "يومين")
    long n =
        m.group(1) != null
            ? Long.parseLong(m.group(1))
            : unit.endsWith("ين") && unit.length() > 4 ? 2 : 1;
    Duration d = unit(unit);
    return d == null ? null : now.minus(d.multipliedBy(n));
  }

  private static Duration unit(String u) {
    if (u.startsWith("sec") || u.startsWith("seg") || u.startsWith("ثاني") || u.startsWith("ثوان"))
      return Duration.ofSeconds(1);
    if (u.startsWith("min") || u.startsWith("دقيق") || u.startsWith("دقاي"))
      return Duration.ofMinutes(1);
    if (u.startsWith("heure")
        || u.startsWith("hour")
        || u.startsWith("hora")
        || u.startsWith("ساع")) return Duration.ofHours(1);
    if (u.startsWith("jour")
        || u.startsWith("day")
        || u.startsWith("dia")
        || u.startsWith("يوم")
        || u.startsWith("ايام")) return Duration.ofDays(1);
    if (u.startsWith("semaine")
        || u.startsWith("week")
        || u.startsWith("semana")
        || u.startsWith("اسبوع")) return Duration.ofDays(7);
    return null;
  }

  private static Instant local(LocalDate date, String hour, String minute, String second) {
    LocalTime time =
        hour == null
            ? LocalTime.MIDNIGHT
            : LocalTime.of(
                Integer.parseInt(hour),
                Integer.parseInt(minute),
                second == null ? 0 : Integer.parseInt(second));
    return LocalDateTime.of(date, time).atZone(MOROCCO).toInstant();
  }

  private static int i(Matcher m, int g) {
    return Integer.parseInt(m.group(g));
  }
}
