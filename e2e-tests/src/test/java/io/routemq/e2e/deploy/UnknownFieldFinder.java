package io.routemq.e2e.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a typed Fabric8 object did not recognise. Fabric8's model classes keep unknown JSON
 * fields in {@code additionalProperties} instead of failing, so a typo in a manifest (say
 * {@code imagePullPolcy}) would deserialize silently; this walks the object graph for them.
 */
final class UnknownFieldFinder {

  private final List<String> unknown = new ArrayList<>();
  private final Map<Object, Boolean> seen = new IdentityHashMap<>();

  static List<String> find(Object root) {
    UnknownFieldFinder finder = new UnknownFieldFinder();
    finder.visit(root, "");
    return finder.unknown;
  }

  private void visit(Object node, String path) {
    if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
        || node instanceof Enum<?> || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> visit(v, path + "." + k));
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        visit(item, path + "[" + i++ + "]");
      }
      return;
    }
    String pkg = node.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.routemq")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (!isGetter(getter)) {
        continue;
      }
      Object value = invoke(getter, node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> unknown.add(path + "." + k));
        }
      } else {
        visit(value, path + "." + propertyName(getter));
      }
    }
  }

  private static boolean isGetter(Method m) {
    return m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
        && m.getName().startsWith("get") && !m.getName().equals("getClass")
        && m.getDeclaringClass() != Object.class;
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  private static String propertyName(Method getter) {
    String n = getter.getName().substring(3);
    return n.isEmpty() ? n : Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }
}
