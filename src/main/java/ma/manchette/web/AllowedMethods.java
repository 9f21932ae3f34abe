package ma.manchette.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods the router answers on each API path, read from its routes once they are all added: a
 * request with another method on a known path is a 405 naming them in {@code Allow}, not a 404.
 */
final class AllowedMethods {
  private record PathMethods(Pattern path, Set<String> methods) {}

  private final List<PathMethods> paths = new ArrayList<>();

  AllowedMethods(Router router) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      Set<HttpMethod> methods = route.methods();
      if (path == null || methods == null || methods.isEmpty() || !path.startsWith("/api/"))
        continue;
      Pattern p = Pattern.compile(Pattern.quote(path).replaceAll(":[A-Za-z]+", "\\\\E[^/]+\\\\Q"));
      Set<String> names = new TreeSet<>();
      for (HttpMethod m : methods) {
        names.add(m.name());
        if (m == HttpMethod.GET) names.add("HEAD");
      }
      paths.add(new PathMethods(p, names));
    }
  }

  /** The methods answered on this path, empty when no route has it. */
  Set<String> of(String path) {
    Set<String> out = new TreeSet<>();
    for (PathMethods p : paths) if (p.path().matcher(path).matches()) out.addAll(p.methods());
    return out;
  }
}
