package io.routemq.operator.sessions;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Worker pods that went away after their worker ended its broker session, as the pod's last state before its
 * deletion showed. The kubelet deletes a pod moments after recording how its container ended, so a reconcile
 * rarely sees that state in the cache; the pod informer's delete event carries it. Without this, every scale-down
 * would start an adopter pod that finds nothing. Kept in memory only: after an operator restart such a pod just gets
 * an adopter, which ends the empty session. Bounded, oldest first out.
 */
public final class DepartedPods {
  private static final int LIMIT = 10_000;

  private final Map<String, Boolean> ended = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > LIMIT;
    }
  });

  /** Called with a pod's last known state when it is deleted. */
  public void gone(Pod pod) {
    if (AdopterPods.sessionEnded(pod)) {
      ended.put(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), Boolean.TRUE);
    }
  }

  /** Names of the pods of {@code namespace} that went away with their session ended. */
  public Set<String> endedIn(String namespace) {
    String prefix = namespace + "/";
    synchronized (ended) {
      return ended.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
          .collect(Collectors.toSet());
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
