#!/usr/bin/env bash
# Creates a Kind cluster, builds and loads the operator and worker images, installs Mosquitto,
# the CRD and the operator, applies a sample fleet, and runs a short load so workers scale.
# Needs: docker, kind, kubectl, and a JDK 17. Run from anywhere; it works from the repo root.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLUSTER="${CLUSTER:-routemq}"

step() { printf '\n==> %s\n' "$*"; }
need() { command -v "$1" >/dev/null || { echo "up.sh: $1 is not installed: $2" >&2; exit 1; }; }
need docker "https://docs.docker.com/engine/install/"
need kind "https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
need kubectl "https://kubernetes.io/docs/tasks/tools/"

if ! kind get clusters | grep -qx "$CLUSTER"; then
  step "creating Kind cluster $CLUSTER"
  kind create cluster --name "$CLUSTER" --config deploy/kind/cluster.yaml
fi
kubectl config use-context "kind-$CLUSTER" >/dev/null

step "building the applications"
./mvnw -B -q package -DskipTests

step "building and loading images"
docker build -q -f deploy/images/operator.Dockerfile -t routemq-operator:dev .
docker build -q -f deploy/images/worker.Dockerfile -t routemq-worker:dev .
kind load docker-image routemq-operator:dev routemq-worker:dev --name "$CLUSTER"

step "installing Mosquitto, the CRD and the operator"
kubectl apply -f deploy/kind/mosquitto.yaml
kubectl apply -f deploy/crds/
kubectl apply -k deploy/kind/
kubectl -n routemq-demo rollout status deploy/mosquitto --timeout=120s
kubectl -n routemq-system rollout status deploy/routemq-operator --timeout=180s

step "applying the sample fleet"
kubectl apply -f deploy/kind/sample.yaml
kubectl -n routemq-demo wait rmq/demo --for=jsonpath='{.status.conditions[?(@.type=="Ready")].status}'=True --timeout=180s

step "running a short load (watch: kubectl -n routemq-demo get rmq -w)"
deploy/kind/load.sh --profile step --rate 100 --peak 1500 --at 20s --duration 120s

kubectl -n routemq-demo get rmq demo
kubectl -n routemq-demo get rmq demo -o jsonpath='{range .status.scalingHistory[*]}{.time} {.group} {.from}->{.to} {.reason}{"\n"}{end}'
