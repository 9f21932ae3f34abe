package ma.manchette.parse;

/** Every parse failure, whatever the library said, wrapped with a message fit for outlet health. */
public class FeedParseException extends Exception {
  public FeedParseException(String message, Throwable cause) {
    super(message, cause);
  }

  public FeedParseException(String message) {
    super(message);
  }
}
