package ma.manchette.store;

import io.vertx.pgclient.PgConnectOptions;

/** Where the database is, in the two forms we need: reactive (PG client) and JDBC (Flyway only). */
public record DatabaseLocation(PgConnectOptions options) {

  public static DatabaseLocation fromUrl(String url) {
    String u =
        url.startsWith("postgres://")
            ? "postgresql://" + url.substring("postgres://".length())
            : url;
    return new DatabaseLocation(PgConnectOptions.fromUri(u));
  }

  public static DatabaseLocation local(int port, String database, String user, String password) {
    return new DatabaseLocation(
        new PgConnectOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setDatabase(database)
            .setUser(user)
            .setPassword(password));
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + options.getHost()
        + ":"
        + options.getPort()
        + "/"
        + options.getDatabase();
  }

  public String user() {
    return options.getUser();
  }

  public String password() {
    return options.getPassword();
  }
}
