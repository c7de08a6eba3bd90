#!/usr/bin/env bash
# Runs the RouteMQ load tester against the Kind cluster's Mosquitto through a port-forward.
# Arguments go to the load tester (see --help); default: 60 s at 500 msg/s.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-18830}"
kubectl -n routemq-demo port-forward svc/mosquitto "$PORT:1883" >/dev/null &
FORWARD=$!
trap 'kill $FORWARD 2>/dev/null || true' EXIT
sleep 2
./mvnw -B -q -pl e2e-tests -am -Pload verify \
  -Dload.args="--broker tcp://127.0.0.1:$PORT --topic sensors/{n}/data --listen processed/# ${*:---rate 500 --duration 60s}"
