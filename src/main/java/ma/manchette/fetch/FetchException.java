package ma.manchette.fetch;

/** A fetch that produced no usable body; {@code kind} is what outlet health shows as lastStatus. */
public class FetchException extends Exception {
  public final String kind;

  public FetchException(String kind, String message) {
    super(message);
    this.kind = kind;
  }
}
