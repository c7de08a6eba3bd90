#!/usr/bin/env bash
# Optional: containerd 2.x (containerd, containerd-shim-runc-v2, ctr) built from its Go module, for a kubelet that
# needs the CRI RuntimeConfig call (expected from Kubernetes 1.38 on; Debian bookworm's containerd is 1.6).
# Static (CGO_ENABLED=0), without the btrfs/devmapper/zfs snapshotters, at low CPU priority. Reuses what is built.
# Env: ROUTEMQ_CONTAINERD_VERSION [v2.4.2]; cache ${XDG_CACHE_HOME:-~/.cache}/routemq/containerd/<version>.
# Prints the folder on the last line of stdout. Use: PATH=<folder>:$PATH CONTAINERD=<folder>/containerd
#   CTR=<folder>/ctr CONTAINERD_CONFIG=e2e-tests/node/containerd2-config.toml start-node.sh
set -euo pipefail
version="${ROUTEMQ_CONTAINERD_VERSION:-v2.4.2}"
out="${XDG_CACHE_HOME:-$HOME/.cache}/routemq/containerd/$version"
if [ -x "$out/containerd" ] && [ -x "$out/containerd-shim-runc-v2" ] && [ -x "$out/ctr" ]; then
  echo "containerd: $version cached" >&2
else
  mkdir -p "$out"
  echo "containerd: building $version (minutes: about 3.5 on 2 busy cores)" >&2
  t0=$SECONDS
  m=github.com/containerd/containerd/v2
  GOBIN="$out" CGO_ENABLED=0 nice -n 19 go install -trimpath -tags "no_btrfs no_devmapper no_zfs" \
    -ldflags "-s -w -X $m/version.Version=$version" \
    "$m/cmd/containerd@$version" "$m/cmd/containerd-shim-runc-v2@$version" "$m/cmd/ctr@$version"
  echo "containerd: built $version in $((SECONDS - t0)) s" >&2
fi
echo "$out"
