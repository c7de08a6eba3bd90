#!/usr/bin/env bash
# Starts one real Kubernetes node on this machine: containerd (CRI, runc, CNI bridge) and kubelet, registering with a
# running API server. Needs root, cgroup v1 or v2, Debian's containerd runc containernetworking-plugins, and the
# images of build-images.sh. stop-node.sh undoes everything this does.
# Env (defaults in brackets):
#   ROUTEMQ_NODE_KUBECONFIG   kubelet's kubeconfig: a client cert with CN system:node:$NODE_NAME, O system:nodes [required]
#   ROUTEMQ_NODE_CLIENT_CA    CA of the clients kubelet accepts (the API server's kubelet client cert) [required]
#   ROUTEMQ_NODE_RUN          the node's run folder [/tmp/routemq-node]; all state, logs, sockets but the few below
#   ROUTEMQ_NODE_CACHE        [${XDG_CACHE_HOME:-~/.cache}/routemq/node]; images in $ROUTEMQ_NODE_CACHE/images
#   ROUTEMQ_KUBE_BIN          folder with kubelet [what e2e-tests/kubernetes/build.sh kubelet prints]
#   NODE_NAME [routemq-node]  NODE_BRIDGE [routemq0]  POD_SUBNET [10.244.0.0/24]  NODE_IP [.1 of POD_SUBNET]
#   KUBELET_PORT [10250]      KUBELET_HEALTHZ_PORT [10248]   CNI_BIN [/usr/lib/cni]
#   CONTAINERD [containerd] CTR [ctr] CONTAINERD_CONFIG [containerd-config.toml]: for containerd 2.x, its binaries
#   (PATH must find its containerd-shim-runc-v2 first) and containerd2-config.toml
#   ROUTEMQ_NODE_WAIT [1]     0: return once kubelet runs, without waiting for Ready (the Java RealNode waits itself
#                             through its API client; then kubectl is not needed)
#   ROUTEMQ_NODE_STEP [all]   network: only the bridge with NODE_IP (before an API server that pods must reach binds
#                             that address), then exit
#   ROUTEMQ_PROXY_KUBECONFIG  when set, kube-proxy (nftables mode, its own table) runs too, with this kubeconfig
#                             (CN system:kube-proxy): Services' ClusterIPs work from the pods, e.g. the API server's
#   SERVICE_CIDR [10.96.0.0/16]  pods route it through NODE_IP, where kube-proxy's rules translate it
#   PROXY_HEALTHZ_PORT [10256]   PROXY_METRICS_PORT [10249]   (on 127.0.0.1)
# The pod subnet lives on a bridge with no uplink: no masquerade, no forwarding, no route off this machine; the host
# reaches pods through its address on the bridge (NODE_IP, also the node's InternalIP: kubelet refuses loopback).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="${ROUTEMQ_NODE_RUN:-/tmp/routemq-node}"
cache="${ROUTEMQ_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/routemq/node}"
kubeconfig="${ROUTEMQ_NODE_KUBECONFIG:-}"
client_ca="${ROUTEMQ_NODE_CLIENT_CA:-}"
node="${NODE_NAME:-routemq-node}"
bridge="${NODE_BRIDGE:-routemq0}"
subnet="${POD_SUBNET:-10.244.0.0/24}"
prefix="${subnet%/*}"; prefix="${prefix%.*}"
node_ip="${NODE_IP:-$prefix.1}"
kubelet_port="${KUBELET_PORT:-10250}"
healthz_port="${KUBELET_HEALTHZ_PORT:-10248}"
cni_bin="${CNI_BIN:-/usr/lib/cni}"
service_cidr="${SERVICE_CIDR:-10.96.0.0/16}"
proxy_kubeconfig="${ROUTEMQ_PROXY_KUBECONFIG:-}"
proxy_healthz_port="${PROXY_HEALTHZ_PORT:-10256}"
proxy_metrics_port="${PROXY_METRICS_PORT:-10249}"
step="${ROUTEMQ_NODE_STEP:-all}"
containerd_bin="${CONTAINERD:-containerd}"
containerd_config="${CONTAINERD_CONFIG:-$here/containerd-config.toml}"
ctr_bin="${CTR:-ctr}"
sock="$run/containerd/containerd.sock"

log() { echo "node: $*" >&2; }
fail() { log "$*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root"

# The bridge with the node's address, before kubelet (its node IP) and before the first pod (the CNI bridge plugin
# then only attaches veths; with isGateway false it neither adds an address nor turns on ip_forward).
mkdir -p "$run/logs"
if ! ip link show "$bridge" >/dev/null 2>&1; then
  ip link add "$bridge" type bridge
fi
ip addr replace "$node_ip/${subnet#*/}" dev "$bridge"
ip link set "$bridge" up
echo "$bridge" > "$run/bridge"
if [ "$step" = network ]; then
  log "bridge $bridge up with $node_ip/${subnet#*/}"
  echo "$run"
  exit 0
fi
[ -n "$kubeconfig" ] || fail "ROUTEMQ_NODE_KUBECONFIG: kubelet's kubeconfig (CN system:node:$node, O system:nodes)"
[ -n "$client_ca" ] || fail "ROUTEMQ_NODE_CLIENT_CA: the CA file of the clients kubelet accepts"
wait_ready="${ROUTEMQ_NODE_WAIT:-1}"
tools=("$containerd_bin" runc "$ctr_bin"); [ "$wait_ready" = 0 ] || tools+=(kubectl); [ -z "$proxy_kubeconfig" ] || tools+=(nft)
for b in "${tools[@]}"; do command -v "$b" >/dev/null || fail "$b not on PATH"; done
[ -x "$cni_bin/bridge" ] && [ -x "$cni_bin/host-local" ] && [ -x "$cni_bin/loopback" ] || fail "no CNI plugins in $cni_bin"
if [ -z "${ROUTEMQ_KUBE_BIN:-}" ]; then ROUTEMQ_KUBE_BIN="$("$here/../kubernetes/build.sh" kubelet kube-proxy | tail -1)"; fi
kubelet="$ROUTEMQ_KUBE_BIN/kubelet"
[ -x "$kubelet" ] || fail "no kubelet in $ROUTEMQ_KUBE_BIN"
[ -z "$proxy_kubeconfig" ] || [ -x "$ROUTEMQ_KUBE_BIN/kube-proxy" ] || fail "no kube-proxy in $ROUTEMQ_KUBE_BIN"
for i in pause java17; do [ -f "$cache/images/$i.tar" ] || fail "no $cache/images/$i.tar: run build-images.sh"; done

t_start=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
mkdir -p "$run"/{containerd,cni/net.d,cni/ipam,kubelet/data,kubelet/pod-logs,kubelet/volume-plugins,kube-proxy}

render() { # template out
  sed -e "s|@RUN@|$run|g" -e "s|@CNI_BIN@|$cni_bin|g" -e "s|@BRIDGE@|$bridge|g" -e "s|@POD_SUBNET@|$subnet|g" \
      -e "s|@POD_RANGE_START@|$prefix.10|g" -e "s|@NODE_IP@|$node_ip|g" -e "s|@KUBELET_PORT@|$kubelet_port|g" \
      -e "s|@KUBELET_HEALTHZ_PORT@|$healthz_port|g" -e "s|@CLIENT_CA@|$client_ca|g" -e "s|@NODE@|$node|g" \
      -e "s|@SERVICE_CIDR@|$service_cidr|g" -e "s|@PROXY_KUBECONFIG@|$proxy_kubeconfig|g" \
      -e "s|@PROXY_HEALTHZ_PORT@|$proxy_healthz_port|g" -e "s|@PROXY_METRICS_PORT@|$proxy_metrics_port|g" "$1" > "$2"
}
render "$containerd_config" "$run/containerd/config.toml"
render "$here/cni/10-routemq-bridge.conflist" "$run/cni/net.d/10-routemq-bridge.conflist"
render "$here/kubelet-config.yaml" "$run/kubelet/config.yaml"
[ -z "$proxy_kubeconfig" ] || render "$here/kube-proxy-config.yaml" "$run/kube-proxy/config.yaml"


# kubelet's cgroupRoot, /routemq/<node>, in every cgroup v1 hierarchy (cpuset needs its cpus and mems filled in before
# a child can hold a task), or in the cgroup v2 tree.
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  mkdir -p "/sys/fs/cgroup/routemq/$node"
else
  for h in /sys/fs/cgroup/*/; do
    [ "$(stat -fc %T "$h")" = cgroupfs ] || continue
    mkdir -p "$h/routemq/$node"
    if [ -f "$h/cpuset.cpus" ]; then
      for f in cpuset.cpus cpuset.mems; do
        for d in "$h/routemq" "$h/routemq/$node"; do [ -n "$(cat "$d/$f")" ] || cat "$h/$f" > "$d/$f"; done
      done
    fi
  done
fi

# containerd
"$containerd_bin" --config "$run/containerd/config.toml" > "$run/logs/containerd.log" 2>&1 &
echo $! > "$run/containerd.pid"
t0=$(date +%s.%N)
until "$ctr_bin" -a "$sock" version >/dev/null 2>&1; do
  kill -0 "$(cat "$run/containerd.pid")" 2>/dev/null || fail "containerd exited; see $run/logs/containerd.log"
  sleep 0.1
done
log "containerd $("$ctr_bin" -a "$sock" version 2>/dev/null | awk '/Server:/ { s=1 } s && /Version:/ { print $2; exit }') up in $(since "$t0") s"

# Images: imported (and unpacked into overlayfs) into the CRI's namespace, k8s.io.
t0=$(date +%s.%N)
for i in pause java17; do
  "$ctr_bin" -a "$sock" -n k8s.io images import --all-platforms "$cache/images/$i.tar" >> "$run/logs/import.log" 2>&1 \
    || fail "import of $i failed; see $run/logs/import.log"
done
log "images imported in $(since "$t0") s: $("$ctr_bin" -a "$sock" -n k8s.io images ls -q | tr '\n' ' ')"

# kubelet. Ready counts only with a heartbeat after this start: a Node object left from an earlier run still says
# Ready until the node lifecycle controller notices (40 s).
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
"$kubelet" --config="$run/kubelet/config.yaml" --kubeconfig="$kubeconfig" --root-dir="$run/kubelet/data" \
  --cert-dir="$run/kubelet/pki" --hostname-override="$node" --node-ip="$node_ip" --v="${KUBELET_V:-2}" \
  > "$run/logs/kubelet.log" 2>&1 &
echo $! > "$run/kubelet.pid"
if [ -n "$proxy_kubeconfig" ]; then
  "$ROUTEMQ_KUBE_BIN/kube-proxy" --config="$run/kube-proxy/config.yaml" --v="${KUBE_PROXY_V:-2}" \
    > "$run/logs/kube-proxy.log" 2>&1 &
  echo $! > "$run/kube-proxy.pid"
  log "kube-proxy started (pid $(cat "$run/kube-proxy.pid")), nftables table ip kube-proxy"
fi
if [ "$wait_ready" = 0 ]; then
  log "kubelet started (pid $(cat "$run/kubelet.pid")) at $started; not waiting for Ready"
  echo "$run"
  exit 0
fi
t0=$(date +%s.%N)
ready() {
  local s
  s="$(kubectl --kubeconfig "$kubeconfig" get node "$node" \
    -o jsonpath='{range .status.conditions[?(@.type=="Ready")]}{.status} {.lastHeartbeatTime}{end}' 2>/dev/null)"
  [ "${s%% *}" = True ] && [[ ! "${s#* }" < "$started" ]]
}
until ready; do
  kill -0 "$(cat "$run/kubelet.pid")" 2>/dev/null || fail "kubelet exited; see $run/logs/kubelet.log"
  [ "$(since "$t0" | cut -d. -f1)" -lt "${NODE_READY_TIMEOUT:-120}" ] || fail "node not Ready; see $run/logs/kubelet.log"
  sleep 0.2
done
log "node $node Ready $(since "$t0") s after kubelet start ($(since "$t_start") s in all)"
echo "$run"
