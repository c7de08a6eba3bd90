#!/usr/bin/env bash
# Stops what start-node.sh started and leaves nothing behind: no kubelet, kube-proxy, containerd, shim or container
# process, no mount (overlay rootfs, sandbox /dev/shm, kubelet's pod volumes and its root-dir bind), no network
# namespace, no veth, no bridge, no nftables table, no cgroup, no file outside the run folder. Works with the API
# server already gone (nothing here needs it) and after a crash of kubelet or containerd. Safe to run twice.
# Env: as start-node.sh (ROUTEMQ_NODE_RUN, NODE_NAME, NODE_BRIDGE); ROUTEMQ_NODE_KEEP_RUN=1 keeps the node's state
#      in the run folder (containerd, kubelet, cni); otherwise only $ROUTEMQ_NODE_RUN/logs is kept.
set -uo pipefail
run="${ROUTEMQ_NODE_RUN:-/tmp/routemq-node}"
node="${NODE_NAME:-routemq-node}"
sock="$run/containerd/containerd.sock"
ctr_bin="${CTR:-ctr}"
bridge="$(cat "$run/bridge" 2>/dev/null || echo "${NODE_BRIDGE:-routemq0}")"
cgroup="routemq/$node"
log() { echo "node: $*" >&2; }

stop_pid() { # pidfile seconds
  local pid
  pid="$(cat "$1" 2>/dev/null)" || return 0
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq $(($2 * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null && log "$(basename "$1" .pid) did not stop in $2 s: killed"
  fi
  rm -f "$1"
}

# 0. The sandbox ids of this node's shims (one shim per pod), read now: they name files outside the run folder.
shim_ids=()
for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $sock" 2>/dev/null); do
  shim_ids+=("$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | awk 'p { print; exit } $0 == "-id" { p = 1 }')")
done

# 1. kubelet first, so it restarts nothing while the containers go.
stop_pid "$run/kubelet.pid" 10
# kube-proxy and its rules: nftables mode keeps all of them in its own tables (one node per machine: they are ours).
stop_pid "$run/kube-proxy.pid" 10
if command -v nft >/dev/null; then
  for family in ip ip6; do nft delete table "$family" kube-proxy 2>/dev/null; done
fi

# 2. Containers through containerd while it runs: kill each task, delete it (unmounts its rootfs) and its container
#    (and snapshot). The CRI plugin would also run CNI DEL and unmount the sandbox's /dev/shm, but only when kubelet
#    stops the pod; here those are cleaned by hand below. The pods' netns paths are read from the specs first.
netns=()
ids=()
if [ -S "$sock" ] && "$ctr_bin" -a "$sock" version >/dev/null 2>&1; then
  ctr_() { timeout 20 "$ctr_bin" -a "$sock" -n k8s.io "$@"; }
  mapfile -t ids < <(ctr_ containers ls -q)
  for id in "${ids[@]}"; do
    mapfile -t -O "${#netns[@]}" netns < <(ctr_ containers info "$id" | grep -o '/var/run/netns/cni-[0-9a-f-]*' | sort -u)
  done
  for id in $(ctr_ tasks ls -q); do ctr_ tasks kill -s SIGKILL --all "$id" >/dev/null 2>&1; done
  for id in $(ctr_ tasks ls -q); do
    for _ in $(seq 50); do ctr_ tasks ls | awk -v id="$id" '$1 == id { print $3 }' | grep -q RUNNING || break; sleep 0.1; done
    ctr_ tasks delete -f "$id" >/dev/null 2>&1
  done
  for id in "${ids[@]}"; do ctr_ containers delete "$id" >/dev/null 2>&1; done
fi
stop_pid "$run/containerd.pid" 10

# 3. Processes left: shims of this containerd (they outlive it by design) and anything in the node's cgroups.
for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $sock" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
for procs in $(find /sys/fs/cgroup/*/"$cgroup" -name cgroup.procs 2>/dev/null); do
  for pid in $(cat "$procs" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
done
sleep 0.3

# 4. Network namespaces of the pods (deleting one removes its veth end on the bridge too), then the bridge.
for ns in "${netns[@]}"; do ip netns delete "$(basename "$ns")" 2>/dev/null; done
# A sandbox whose spec was not readable (containerd already dead): a cni-* netns whose veth peer is on our bridge.
for ns in $(ip netns list 2>/dev/null | awk '/^cni-/ { print $1 }'); do
  peer="$(ip -n "$ns" -o link show eth0 2>/dev/null | grep -o '@if[0-9]*' | tr -d '@if')"
  [ -n "$peer" ] && ip -o link show master "$bridge" 2>/dev/null | grep -q "^$peer:" && ip netns delete "$ns"
done
ip link delete "$bridge" 2>/dev/null

# 5. Mounts under the run folder, deepest first (kubelet's root-dir is bind-mounted onto itself, rshared).
mount_points() { awk -v r="$run/" 'index($2, r) == 1 || $2 == substr(r, 1, length(r) - 1) { print $2 }' /proc/self/mounts | sed 's/\\040/ /g'; }
for _ in 1 2 3; do
  m="$(mount_points | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2-)"
  [ -n "$m" ] || break
  while read -r p; do umount "$p" 2>/dev/null || umount -l "$p" 2>/dev/null; done <<< "$m"
done
[ -z "$(mount_points)" ] || log "mounts left: $(mount_points | tr '\n' ' ')"

# 6. The node's cgroups, in every v1 hierarchy (or the v2 tree), leaves first.
for root in /sys/fs/cgroup/*/"$cgroup" /sys/fs/cgroup/"$cgroup"; do
  [ -d "$root" ] && find "$root" -depth -type d -exec rmdir {} \; 2>/dev/null
  rmdir "$(dirname "$root")" 2>/dev/null  # /routemq, when no other node uses it
done

# 7. Files that kubelet and containerd 1.6 put outside the run folder by compiled-in paths.
find /var/log/containers -maxdepth 1 -type l -lname "$run/*" -delete 2>/dev/null
# libcni's cache of each sandbox's CNI result (normally removed by CNI DEL when kubelet stops the pod), and the shim
# sockets: /run/containerd/s/<sha256 of "<containerd address>/<namespace>/<sandbox id>"> (removed by a shim that exits
# normally, left by one that was killed).
for id in "${ids[@]}" "${shim_ids[@]}"; do
  [ -n "$id" ] || continue
  rm -f /var/lib/cni/results/*-"$id"-* 2>/dev/null
  rm -f "/run/containerd/s/$(printf '%s' "$sock/k8s.io/$id" | sha256sum | cut -d' ' -f1)"
done
if [ -S /var/lib/kubelet/device-plugins/kubelet.sock ] && ! pgrep -x kubelet >/dev/null; then
  rm -f /var/lib/kubelet/device-plugins/kubelet.sock /var/lib/kubelet/device-plugins/kubelet_internal_checkpoint
fi
# The folders of those paths, if they are empty now (they were made by this or an earlier node).
rmdir /var/lib/kubelet/device-plugins /var/lib/kubelet /var/lib/cni/results /var/lib/cni /var/log/containers 2>/dev/null
# containerd 1.6 makes /run/containerd/{s,fifo} whatever its config says; empty, they go (another containerd remakes them).
for d in /run/containerd/s /run/containerd/fifo /run/containerd/runc /run/containerd; do rmdir "$d" 2>/dev/null; done
[ "${ROUTEMQ_NODE_KEEP_RUN:-0}" = 1 ] || rm -rf "$run/containerd" "$run/kubelet" "$run/kube-proxy" "$run/cni" "$run/bridge"
log "stopped"
