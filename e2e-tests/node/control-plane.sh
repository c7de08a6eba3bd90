#!/usr/bin/env bash
# Spike helper: a throw-away control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) on loopback,
# with the flags of ControlPlaneCommands.java, so start-node.sh has something to register with. The Java fixture
# (RealControlPlane) does the same for the tests; this is only for trying the node by hand.
#   control-plane.sh start   certs, kubeconfigs (admin, kubelet) and the four processes under $ROUTEMQ_NODE_RUN/cp
#   control-plane.sh stop    SIGTERM to the four processes (by the pids it wrote)
# Env: ROUTEMQ_NODE_RUN (default /tmp/routemq-node), ROUTEMQ_KUBE_BIN (the folder build.sh printed),
#      ROUTEMQ_CP_PORT_BASE (default 26000: etcd +379/+380, apiserver +443), NODE_NAME (default routemq-node).
set -euo pipefail
run="${ROUTEMQ_NODE_RUN:-/tmp/routemq-node}"
cp_dir="$run/cp"
base="${ROUTEMQ_CP_PORT_BASE:-26000}"
node="${NODE_NAME:-routemq-node}"
etcd_port=$((base + 379)); peer_port=$((base + 380)); api_port=$((base + 443))
pki="$cp_dir/pki"

cert() { # name CN O [san]
  local name=$1 cn=$2 o=$3 san=${4:-}
  openssl genrsa -out "$pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$pki/$name.key" -subj "/CN=$cn${o:+/O=$o}" -out "$pki/$name.csr"
  { echo "basicConstraints=CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=clientAuth,serverAuth"; [ -n "$san" ] && echo "subjectAltName=$san"; } > "$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 2 \
    -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
}

kubeconfig() { # file user
  cat > "$cp_dir/$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: "$pki/ca.crt"}
users:
- name: $2
  user: {client-certificate: "$pki/$2.crt", client-key: "$pki/$2.key"}
contexts:
- name: local
  context: {cluster: local, user: $2}
current-context: local
KC
}

start() {
  local bin="${ROUTEMQ_KUBE_BIN:?set ROUTEMQ_KUBE_BIN to the folder e2e-tests/kubernetes/build.sh printed}"
  mkdir -p "$pki" "$cp_dir/logs"
  if [ ! -f "$pki/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 2 \
      -subj "/CN=routemq-spike-ca" 2>/dev/null
    cert apiserver kube-apiserver "" "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
    cert admin kubernetes-admin system:masters
    cert kcm system:kube-controller-manager ""
    cert scheduler system:kube-scheduler ""
    cert kubelet "system:node:$node" system:nodes
    openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
    openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
    kubeconfig admin.kubeconfig admin; kubeconfig kcm.kubeconfig kcm
    kubeconfig scheduler.kubeconfig scheduler; kubeconfig kubelet.kubeconfig kubelet
  fi
  launch etcd "$bin/etcd" --name=routemq-spike --data-dir="$cp_dir/etcd" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$peer_port" \
    --initial-cluster="routemq-spike=http://127.0.0.1:$peer_port" --unsafe-no-fsync=true --log-level=warn
  launch kube-apiserver "$bin/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" --client-ca-file="$pki/ca.crt" \
    --kubelet-client-certificate="$pki/admin.crt" --kubelet-client-key="$pki/admin.key" \
    --kubelet-preferred-address-types=InternalIP \
    --authorization-mode=Node,RBAC --service-cluster-ip-range=10.96.0.0/16 \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --endpoint-reconciler-type=none --shutdown-watch-termination-grace-period=2s
  local t0=$SECONDS
  until kubectl --kubeconfig "$cp_dir/admin.kubeconfig" get --raw /readyz >/dev/null 2>&1; do
    [ $((SECONDS - t0)) -lt 90 ] || { echo "apiserver not ready; see $cp_dir/logs" >&2; exit 1; }; sleep 1
  done
  launch kube-controller-manager "$bin/kube-controller-manager" --kubeconfig="$cp_dir/kcm.kubeconfig" \
    --authentication-kubeconfig="$cp_dir/kcm.kubeconfig" --authorization-kubeconfig="$cp_dir/kcm.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=$((base + 257)) --leader-elect=false --controllers='*' \
    --use-service-account-credentials=true --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key"
  launch kube-scheduler "$bin/kube-scheduler" --kubeconfig="$cp_dir/scheduler.kubeconfig" \
    --authentication-kubeconfig="$cp_dir/scheduler.kubeconfig" --authorization-kubeconfig="$cp_dir/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=$((base + 259)) --leader-elect=false
  echo "control plane up in $((SECONDS - t0)) s after etcd; admin kubeconfig: $cp_dir/admin.kubeconfig" >&2
  echo "$cp_dir"
}

launch() {
  local name=$1; shift
  "$@" > "$cp_dir/logs/$name.log" 2>&1 &
  echo $! > "$cp_dir/$name.pid"
}

stop() {
  local name pid
  for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do
    [ -f "$cp_dir/$name.pid" ] || continue
    pid=$(cat "$cp_dir/$name.pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$cp_dir/$name.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
