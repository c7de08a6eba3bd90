#!/usr/bin/env bash
# Deletes the Kind cluster up.sh created.
set -euo pipefail
kind delete cluster --name "${CLUSTER:-routemq}"
