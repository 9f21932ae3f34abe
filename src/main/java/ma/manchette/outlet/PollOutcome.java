package ma.manchette.outlet;

/**
 * How a poll of an outlet ended, as {@code manchette_polls_total{outcome}} labels it. A failed poll
 * is labelled by its error kind instead (the fetch's kind, "parse-error" or "error"), which is
 * open-ended.
 */
public enum PollOutcome {
  /** Live headlines pushed. */
  NEW("new"),
  /** The outlet answered 304 Not Modified. */
  NOT_MODIFIED("304"),
  /** The same body as last time (or no items to look at): nothing parsed. */
  UNCHANGED("unchanged"),
  /** A body parsed, nothing new in it. */
  NO_NEW("no-new"),
  FAILED("error");

  private final String label;

  PollOutcome(String label) {
    this.label = label;
  }

  /** The metric label; for {@link #FAILED}, use {@link #label(String)} with the error kind. */
  public String label() {
    return label;
  }

  /** The metric label, the error kind when the poll failed. */
  public String label(String errorKind) {
    return this == FAILED && errorKind != null ? errorKind : label;
  }

  /**
   * The outcome of a poll whose sources together gave {@code fresh} live headlines, whose first
   * status was {@code status} and that was {@code cheap} when every source was a 304 or an
   * unchanged body.
   */
  static PollOutcome of(boolean failed, int fresh, String status, boolean cheap) {
    if (failed) return FAILED;
    if (fresh > 0) return NEW;
    if ("304".equals(status)) return NOT_MODIFIED;
    return cheap ? UNCHANGED : NO_NEW;
  }
}
