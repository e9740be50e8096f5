package org.openmetadata.secrets.http;

import java.util.Set;
import java.util.TreeSet;

/** The methods a path accepts and its handler. HEAD is accepted wherever GET is. */
public record Route(Set<String> methods, Handler handler) {

  public Route {
    methods = Set.copyOf(methods);
  }

  public static Route get(Handler handler) {
    return new Route(Set.of("GET"), handler);
  }

  public boolean accepts(String method) {
    return methods.contains(method) || ("HEAD".equals(method) && methods.contains("GET"));
  }

  /** The value of the Allow header of a 405. */
  public String allow() {
    Set<String> all = new TreeSet<>(methods);
    if (methods.contains("GET")) {
      all.add("HEAD");
    }
    return String.join(", ", all);
  }
}
