package ma.manchette.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import ma.manchette.model.Filter;

/**
 * Turns a {@link Filter} into a WHERE fragment with numbered parameters, appended to those given.
 */
final class FilterSql {
  final StringBuilder where = new StringBuilder(" WHERE NOT hidden");
  final List<Object> params;

  FilterSql(Filter f, List<Object> initialParams) {
    this.params = new ArrayList<>(initialParams);
    any("outlet_id", f.outlets());
    any("section", f.sections());
    any("lang", f.langs());
    any("region", f.regions());
    if (!f.authors().isEmpty()) {
      params.add(f.authors().toArray(String[]::new));
      where.append(" AND manchette_fold(author) = ANY($").append(params.size()).append(")");
    }
    if (!f.topics().isEmpty()) {
      params.add(f.topics().toArray(String[]::new));
      where
          .append(" AND EXISTS (SELECT 1 FROM unnest(categories) c WHERE manchette_fold(c) = ANY($")
          .append(params.size())
          .append("))");
    }
    if (f.q() != null) {
      params.add(f.q());
      where
          .append(" AND search @@ plainto_tsquery('simple', manchette_fold($")
          .append(params.size())
          .append("))");
    }
  }

  FilterSql and(String condition, Object value) {
    params.add(value);
    where.append(" AND ").append(condition.replace("?", "$" + params.size()));
    return this;
  }

  private void any(String column, Set<String> values) {
    if (values.isEmpty()) return;
    params.add(values.toArray(String[]::new));
    where.append(" AND ").append(column).append(" = ANY($").append(params.size()).append(")");
  }
}
