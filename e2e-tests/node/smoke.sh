#!/usr/bin/env bash
# The spike end to end, with times: a control plane (control-plane.sh), the images (build-images.sh), one node
# (start-node.sh), a Pod that runs Java to completion, a Pod with an HTTP readiness probe that the host then reaches
# on its pod IP, a graceful delete, then stop-node.sh and control-plane.sh stop, and a check that nothing is left.
# Needs root. Env: as the scripts it runs; ROUTEMQ_NODE_RUN [/tmp/routemq-node].
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export ROUTEMQ_NODE_RUN="${ROUTEMQ_NODE_RUN:-/tmp/routemq-node}"
export ROUTEMQ_KUBE_BIN="${ROUTEMQ_KUBE_BIN:-$("$here/../kubernetes/build.sh" etcd kube-apiserver kube-controller-manager kube-scheduler kubelet | tail -1)}"
# A new cluster every time: pods left in an old etcd would be "unchanged" and already Succeeded.
"$here/control-plane.sh" stop
rm -rf "$ROUTEMQ_NODE_RUN/cp"
cp_dir="$("$here/control-plane.sh" start | tail -1)"
export KUBECONFIG="$cp_dir/admin.kubeconfig"
export ROUTEMQ_NODE_KUBECONFIG="$cp_dir/kubelet.kubeconfig" ROUTEMQ_NODE_CLIENT_CA="$cp_dir/pki/ca.crt"
export KUBELET_PORT="${KUBELET_PORT:-26250}" KUBELET_HEALTHZ_PORT="${KUBELET_HEALTHZ_PORT:-26248}"
cleanup() {
  "$here/stop-node.sh" || true
  "$here/control-plane.sh" stop || true
}
trap cleanup EXIT
"$here/build-images.sh" >/dev/null
"$here/start-node.sh" >/dev/null
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
until kubectl get serviceaccount default >/dev/null 2>&1; do sleep 0.2; done
t0=$(now)
kubectl apply -f "$here/pods/java-version.yaml" >/dev/null
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/java-version --timeout=120s >/dev/null
echo "smoke: java-version Succeeded in $(since "$t0") s: $(kubectl logs java-version)"
t0=$(now)
kubectl apply -f "$here/pods/java-http.yaml" >/dev/null
kubectl wait --for=condition=Ready pod/java-http --timeout=120s >/dev/null
ip="$(kubectl get pod java-http -o jsonpath='{.status.podIP}')"
echo "smoke: java-http Ready in $(since "$t0") s; GET http://$ip:8080/ from the host: $(curl -sS -m 5 "http://$ip:8080/")"
t0=$(now)
kubectl delete pod java-http java-version >/dev/null
echo "smoke: pods deleted (graceful) in $(since "$t0") s"
trap - EXIT
cleanup
left="$(ps -eo args | grep -E '^(/usr/bin/)?containerd|kubelet --config|containerd-shim|^/pause' | grep -v grep || true)"
left+="$(grep -E 'containerd|kubelet|netns' /proc/self/mounts || true)"
left+="$(ip netns list 2>/dev/null)"
[ -z "$left" ] || { echo "smoke: LEFT BEHIND:"; echo "$left"; exit 1; }
echo "smoke: nothing left behind (processes, mounts, netns)"
