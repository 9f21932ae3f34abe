package ma.manchette.model;

import java.util.Locale;

/**
 * What an item's url opens: the article itself, or only the outlet's homepage (the entry had no
 * usable link).
 */
public enum UrlKind {
  ARTICLE,
  HOMEPAGE;

  /** The lowercase name clients see ("article", "homepage"). */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * From {@link #json()}; null or unknown (a row written before the column existed) reads as null.
   */
  public static UrlKind parse(String s) {
    if (s == null) return null;
    for (UrlKind k : values()) if (k.json().equals(s)) return k;
    return null;
  }
}
