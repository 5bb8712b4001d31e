package dev.fitkit.wiring;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which discovered handlers may run: an allow-list (empty: all) and a deny-list of handler ids,
 * from the estimator's builder and from the system properties {@value #ALLOW} and {@value #DENY}
 * (comma-separated ids), the two sources adding up. Handlers passed to the estimator and the
 * built-in ones are not filtered: they were asked for.
 */
public record HandlerSelection(Set<String> allowed, Set<String> denied) {
  public static final String ALLOW = "fitkit.handlers.allow";
  public static final String DENY = "fitkit.handlers.deny";

  public HandlerSelection {
    allowed = Set.copyOf(allowed);
    denied = Set.copyOf(denied);
  }

  /** The builder's lists joined with those of {@code properties}. */
  public static HandlerSelection of(
      Set<String> allowed, Set<String> denied, Properties properties) {
    return new HandlerSelection(
        union(allowed, properties.getProperty(ALLOW)), union(denied, properties.getProperty(DENY)));
  }

  private static Set<String> union(Set<String> ids, String listed) {
    Set<String> all = new LinkedHashSet<>(ids);
    if (listed != null) {
      Arrays.stream(listed.split(","))
          .map(String::trim)
          .filter(id -> !id.isEmpty())
          .forEach(all::add);
    }
    return all;
  }

  /** Whether a discovered handler of {@code id} may run. */
  public boolean admits(String id) {
    return !denied.contains(id) && (allowed.isEmpty() || allowed.contains(id));
  }

  /** The ids named in either list that no registered handler has: most likely misspelled. */
  Set<String> unknown(Set<String> registered) {
    return java.util.stream.Stream.concat(allowed.stream(), denied.stream())
        .filter(id -> !registered.contains(id))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
