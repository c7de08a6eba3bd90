#!/usr/bin/env bash
# Builds the node's images without a registry, as OCI image archives that `ctr images import` takes:
#   pause  routemq.local/pause:1    a static Go pause (pause/main.go); containerd's sandbox_image
#   java   routemq.local/java17:1   a Java 17 runtime rootfs (+ /opt/routemq/Probe.class, a test program)
#   metrics-server  routemq.local/metrics-server:<release>   the static metrics-server of ../kubernetes (build.sh)
# Usage: build-images.sh [pause] [java] [metrics-server]   (default: pause and java; an archive already built is kept)
# Env:   ROUTEMQ_NODE_CACHE      default ${XDG_CACHE_HOME:-~/.cache}/routemq/node; archives go to $ROUTEMQ_NODE_CACHE/images
#        ROUTEMQ_JAVA_ROOTFS     host (default): the host's JRE and the libraries it links, copied into a rootfs
#                                debootstrap: debootstrap --variant=minbase bookworm + openjdk-17-jre-headless
#        ROUTEMQ_DEBIAN_MIRROR   for debootstrap; default: the first Debian URI of this machine's apt sources
# Prints the images folder on the last line of stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${ROUTEMQ_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/routemq/node}"
images="$cache/images"
mkdir -p "$images"
what=("$@"); [ ${#what[@]} -gt 0 ] || what=(pause java)

sha() { sha256sum "$1" | cut -d' ' -f1; }
# Work folders go when the script ends, failed or not (a failed rootfs copy once left 260 MB behind).
work_dirs=()
trap 'rm -rf "${work_dirs[@]}"' EXIT

# oci_archive ROOTFS NAME:TAG CONFIG_JSON OUT.tar -- a one-layer OCI image layout, tarred. The layer is left
# uncompressed (its digest is its diff_id; importing skips a gunzip). index.json names the image twice:
# io.containerd.image.name is the full name containerd's importer uses; org.opencontainers.image.ref.name the tag.
oci_archive() {
  local rootfs=$1 ref=$2 config=$3 out=$4 work
  work="$images/.build.$$.$RANDOM"; mkdir "$work"; work_dirs+=("$work")
  mkdir -p "$work/layout/blobs/sha256"
  tar -C "$rootfs" --numeric-owner --sort=name --mtime=@0 -cf "$work/layer.tar" .
  local layer layer_size cfg cfg_size man man_size
  layer=$(sha "$work/layer.tar"); layer_size=$(stat -c %s "$work/layer.tar")
  mv "$work/layer.tar" "$work/layout/blobs/sha256/$layer"
  printf '{"architecture":"amd64","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$config" "$layer" > "$work/config.json"
  cfg=$(sha "$work/config.json"); cfg_size=$(stat -c %s "$work/config.json")
  mv "$work/config.json" "$work/layout/blobs/sha256/$cfg"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$cfg" "$cfg_size" "$layer" "$layer_size" > "$work/manifest.json"
  man=$(sha "$work/manifest.json"); man_size=$(stat -c %s "$work/manifest.json")
  mv "$work/manifest.json" "$work/layout/blobs/sha256/$man"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$man" "$man_size" "$ref" "${ref##*:}" > "$work/layout/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$work/layout/oci-layout"
  tar -C "$work/layout" -cf "$out.partial" .
  mv "$out.partial" "$out"
  rm -rf "$work"
}

build_pause() {
  local out="$images/pause.tar"
  [ -f "$out" ] && { echo "pause: $out exists" >&2; return; }
  local t0=$SECONDS root
  root="$images/.pause.$$"; mkdir -p "$root"; work_dirs+=("$root")
  (cd "$here/pause" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$root/pause" .)
  oci_archive "$root" routemq.local/pause:1 '{"Entrypoint":["/pause"],"User":"65535:65535"}' "$out"
  rm -rf "$root"
  echo "pause: built $out in $((SECONDS - t0)) s ($(du -h "$out" | cut -f1))" >&2
}

# The host's JRE: the files of the package openjdk-17-jre-headless (a JDK's javac and jmods stay out), the CA store
# its lib/security/cacerts points to, /bin/sh (dash), and every library these link (ldd), in a merged-/usr layout.
# (`cp -a --parents` is not used: coreutils 9.1 copies but fails with "'usr/lib/jvm': No such file or directory".)
java_rootfs_host() {
  local root=$1 jre pkg
  jre="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  mkdir -p "$root"/{etc,tmp,proc,sys,dev,root,usr/bin,usr/sbin,usr/lib,usr/lib64}
  ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp"
  pkg="$(dpkg -S "$jre/bin/java" 2>/dev/null | cut -d: -f1 | head -1)"
  if [ -n "$pkg" ]; then
    # Directories are left out (tar would add them whole); symlinks stay symlinks.
    dpkg -L "$pkg" | while read -r f; do [ -d "$f" ] && [ ! -L "$f" ] || echo "$f"; done \
      | sed "s|^/||" | tar -C / -cf - --no-recursion -T - | tar -C "$root" -xf -
  else
    mkdir -p "$root$(dirname "$jre")"; cp -a "$jre" "$root$(dirname "$jre")/"
  fi
  mkdir -p "$root/etc/ssl/certs/java"
  [ -f /etc/ssl/certs/java/cacerts ] && cp -L /etc/ssl/certs/java/cacerts "$root/etc/ssl/certs/java/cacerts"
  cp -L /bin/dash "$root/usr/bin/sh"
  ln -sf "$jre/bin/java" "$root/usr/bin/java"
  local f lib dest
  { find "$root$jre" -type f \( -name '*.so' -o -perm -u+x \) | sed "s|^$root||"; echo /bin/dash; } | while read -r f; do
    ldd "$f" 2>/dev/null | awk '/=>/ { print $3 } /^\t\/lib64/ { print $1 }'
  done | sort -u | while read -r lib; do
    [ -n "$lib" ] && [ -e "$lib" ] || continue
    case "$lib" in /usr/*) dest="$lib" ;; *) dest="/usr$lib" ;; esac
    mkdir -p "$root$(dirname "$dest")"
    cp -L "$lib" "$root$dest"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
}

debian_mirror() {
  if [ -n "${ROUTEMQ_DEBIAN_MIRROR:-}" ]; then echo "$ROUTEMQ_DEBIAN_MIRROR"; return; fi
  grep -h -E '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | grep -o -E 'https?://[^ ]+/debian/?' | grep -v security | head -1
  true  # (no sources.list, a grep without a match: pipefail must not end the script)
}

java_rootfs_debootstrap() {
  local root=$1 mirror
  mirror="$(debian_mirror)"
  [ -n "$mirror" ] || { echo "java: no Debian mirror found; set ROUTEMQ_DEBIAN_MIRROR" >&2; exit 1; }
  command -v debootstrap >/dev/null || { echo "java: apt-get install debootstrap" >&2; exit 1; }
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$mirror" \
    > "$images/debootstrap.log" 2>&1 || { echo "java: debootstrap failed, see $images/debootstrap.log" >&2; exit 1; }
  # What a container never needs: package caches, docs, man pages, locales other than C.
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
    "$root"/usr/share/info/* "$root"/var/log/*
}

build_java() {
  local out="$images/java17.tar"
  [ -f "$out" ] && { echo "java: $out exists" >&2; return; }
  local how="${ROUTEMQ_JAVA_ROOTFS:-host}" t0=$SECONDS root
  root="$images/.java.$$"; rm -rf "$root"; mkdir -p "$root"; work_dirs+=("$root")
  case "$how" in
    host) java_rootfs_host "$root" ;;
    debootstrap) java_rootfs_debootstrap "$root" ;;
    *) echo "java: ROUTEMQ_JAVA_ROOTFS is host or debootstrap, not '$how'" >&2; exit 2 ;;
  esac
  mkdir -p "$root/opt/routemq"
  javac --release 17 -d "$root/opt/routemq" "$here/images/Probe.java"
  local t1=$SECONDS
  oci_archive "$root" routemq.local/java17:1 \
    '{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],"Cmd":["java","-version"],"WorkingDir":"/"}' \
    "$out"
  echo "java: rootfs ($how) $(du -sh "$root" | cut -f1) in $((t1 - t0)) s; archive $(du -h "$out" | cut -f1) in $((SECONDS - t1)) s" >&2
  rm -rf "$root"
}

# metrics-server: one static binary, as upstream's image is (plus /tmp for its self-signed serving certificate). The
# archive's name carries the binary's cache folder, so a new build of the binary makes a new image.
build_metrics_server() {
  local bin version out root t0=$SECONDS
  bin="$("$here/../kubernetes/build.sh" metrics-server | tail -1)/metrics-server"
  version="$(awk '$1 == "sigs.k8s.io/metrics-server" { print $2 }' "$here/../kubernetes/metrics-server/go.mod")"
  out="$images/metrics-server-$version-$(basename "$(dirname "$bin")").tar"
  ln -sf "$(basename "$out")" "$images/metrics-server.tar"
  [ -f "$out" ] && { echo "metrics-server: $out exists" >&2; return; }
  root="$images/.metrics-server.$$"; mkdir -p "$root/tmp"; work_dirs+=("$root")
  chmod 1777 "$root/tmp"
  cp "$bin" "$root/metrics-server"
  oci_archive "$root" "routemq.local/metrics-server:$version" \
    '{"Entrypoint":["/metrics-server"],"User":"65534:65534","WorkingDir":"/"}' "$out"
  rm -rf "$root"
  echo "metrics-server: built $out in $((SECONDS - t0)) s ($(du -h "$out" | cut -f1))" >&2
}

for w in "${what[@]}"; do
  case "$w" in
    pause) build_pause ;;
    java) build_java ;;
    metrics-server) build_metrics_server ;;
    *) echo "unknown image '$w' (pause, java, metrics-server)" >&2; exit 2 ;;
  esac
done
echo "$images"
