package ma.manchette.outlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ma.manchette.config.OutletConfig;

/** The outlets this server knows, by id. Safe to read from any thread. */
public final class OutletRegistry {
  private final Map<String, Outlet> outlets = new ConcurrentHashMap<>();

  public OutletRegistry(Collection<OutletConfig> configs) {
    for (OutletConfig c : configs) outlets.put(c.id(), new Outlet(c));
  }

  public Outlet get(String id) {
    return outlets.get(id);
  }

  public String nameOf(String id) {
    Outlet o = outlets.get(id);
    return o == null ? id : o.config().name();
  }

  public List<Outlet> all() {
    List<Outlet> list = new ArrayList<>(outlets.values());
    list.sort(Comparator.comparing(Outlet::id));
    return list;
  }

  public Outlet put(OutletConfig c) {
    Outlet existing = outlets.get(c.id());
    if (existing != null) {
      existing.config(c);
      return existing;
    }
    Outlet o = new Outlet(c);
    outlets.put(c.id(), o);
    return o;
  }

  public Outlet remove(String id) {
    return outlets.remove(id);
  }
}
