package ma.manchette.model;

/** A client sent a value we cannot use; the web layer turns it into 400 {"error","field"}. */
public class InvalidParameter extends IllegalArgumentException {
  public final String field;

  public InvalidParameter(String field, String message) {
    super(message);
    this.field = field;
  }
}
