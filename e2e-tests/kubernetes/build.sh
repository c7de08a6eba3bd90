#!/usr/bin/env bash
# Builds the pinned Kubernetes components (and etcd) from their Go modules into a cache folder outside the repo,
# reusing what is already there. Prints the folder on the last line of stdout.
#   e2e-tests/kubernetes/build.sh                  etcd, kube-apiserver, kube-controller-manager, kube-scheduler
#   e2e-tests/kubernetes/build.sh kubelet          only the named components (kubelet, kube-proxy and metrics-server
#                                                  are what a real node adds)
#   e2e-tests/kubernetes/build.sh kstatus          only kstatus (cli-utils' status rules as a command, for the tests),
#                                                  in a cache folder of its own
# The cache lives under ${ROUTEMQ_KUBE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/routemq/kubernetes}/<release>-<go.sum hash>.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

release="$(awk '$1 == "k8s.io/kubernetes" { print $2 }' go.mod)"
cache_root="${ROUTEMQ_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/routemq/kubernetes}"
components=("$@")
[ ${#components[@]} -gt 0 ] || components=(etcd kube-apiserver kube-controller-manager kube-scheduler)

package_of() {
  case "$1" in
    etcd) echo ./cmd/etcd ;;
    kube-apiserver | kube-controller-manager | kube-scheduler | kubelet | kube-proxy) echo "k8s.io/kubernetes/cmd/$1" ;;
    # A module of its own (metrics-server/go.mod): its release with the dependencies it pins.
    metrics-server) echo sigs.k8s.io/metrics-server/cmd/metrics-server ;;
    kstatus) echo . ;;
    *) echo "unknown component '$1' (known: etcd kube-apiserver kube-controller-manager kube-scheduler kubelet" \
         "kube-proxy metrics-server kstatus)" >&2
       exit 2 ;;
  esac
}

if ! command -v go >/dev/null 2>&1; then
  echo "kubernetes: 'go' is not on PATH; install Go $(awk '$1 == "go" { print $2 }' go.mod) or newer" >&2
  exit 1
fi

minor="${release#v1.}"
minor="${minor%%.*}"
v=k8s.io/component-base/version
version_flags="-X $v.gitVersion=$release -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
# -trimpath and a stripped binary: the build does not depend on where the repo sits, and the cache is smaller. The
# version variables are what the release build sets (hack/lib/version.sh); without them /version says v0.0.0.
ldflags="-s -w $version_flags"
# The cache key: what the binaries are built from and with, nothing else (a new message here rebuilds nothing).
sum="$( { cat go.mod go.sum cmd/etcd/main.go metrics-server/go.sum; echo "$ldflags"; } | sha256sum | cut -c1-12)"
out="$cache_root/$release-$sum"
# kstatus is a test tool, not part of the cluster: its own key, so adding or changing it rebuilds no component.
if [[ " ${components[*]} " == *" kstatus "* ]]; then
  if [ ${#components[@]} -ne 1 ]; then
    echo "kubernetes: build kstatus on its own ($0 kstatus): it has a cache folder of its own" >&2
    exit 2
  fi
  out="$cache_root/kstatus-$(cat kstatus/go.mod kstatus/go.sum kstatus/main.go | sha256sum | cut -c1-12)"
fi

mkdir -p "$out"
started=$SECONDS
built=0
for i in "${!components[@]}"; do
  name="${components[$i]}"
  pkg="$(package_of "$name")"
  step="($((i + 1)) of ${#components[@]})"
  if [ -x "$out/$name" ]; then
    echo "kubernetes: $name (Kubernetes $release set) $step cached" >&2
    continue
  fi
  echo "kubernetes: building $name (Kubernetes $release set) $step; the first build downloads modules and takes minutes" >&2
  t0=$SECONDS
  # A line every 30 s, so a build without a terminal (CI) still shows it is alive.
  ( while sleep 30; do echo "kubernetes:   still building $name: $((SECONDS - t0)) s" >&2; done ) &
  ticker=$!
  # metrics-server is built in its own module, without the Kubernetes release's version stamp.
  module_dir=.; flags="$ldflags"
  [ "$name" != metrics-server ] || { module_dir=metrics-server; flags="-s -w"; }
  [ "$name" != kstatus ] || { module_dir=kstatus; flags="-s -w"; }
  if ! (cd "$module_dir" && CGO_ENABLED=0 go build -trimpath -ldflags="$flags" -o "$out/.$name.partial" "$pkg"); then
    kill "$ticker" 2>/dev/null || true
    echo "kubernetes: building $name failed (see above); fix and rerun $0" >&2
    exit 1
  fi
  kill "$ticker" 2>/dev/null || true
  mv "$out/.$name.partial" "$out/$name"
  built=$((built + 1))
  echo "kubernetes: built $name in $((SECONDS - t0)) s" >&2
done
echo "kubernetes: ${#components[@]} components ready in $out ($built built, $((SECONDS - started)) s, $(du -sh "$out" | cut -f1))" >&2
echo "$out"
