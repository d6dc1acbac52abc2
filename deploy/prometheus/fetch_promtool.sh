#!/usr/bin/env bash
# Make `prometheus` and `promtool` available without a system install: extract Debian's package into
# <repo>/.cache/prometheus and print the directory holding the two binaries. A no-op when they are there.
# Usage: deploy/prometheus/fetch_promtool.sh   (PROMETHEUS_CACHE overrides the destination)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${PROMETHEUS_CACHE:-$repo/.cache/prometheus}"
bin="$dest/usr/bin"

if [[ -x "$bin/promtool" && -x "$bin/prometheus" ]]; then
    echo "$bin"
    exit 0
fi

fail() { echo "fetch_promtool: $*" >&2; exit 1; }
for tool in apt-get dpkg-deb; do
    command -v "$tool" >/dev/null || fail "needs '$tool' (a Debian-based machine); install Prometheus 2.x by hand instead"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

download() { (cd "$work" && apt-get download prometheus) >"$work/apt.log" 2>&1; }

# `apt-get update` is slow, so only when the package lists cannot locate the package (e.g. a fresh image).
if ! download; then
    echo "fetch_promtool: 'apt-get download prometheus' failed; refreshing the package lists" >&2
    if [[ "$(id -u)" != 0 ]]; then
        cat "$work/apt.log" >&2
        fail "cannot run 'apt-get update' without root: run it once as root, or install prometheus yourself"
    fi
    apt-get update -qq >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; fail "'apt-get update' failed"; }
    download || { cat "$work/apt.log" >&2; fail "'apt-get download prometheus' failed even after 'apt-get update'"; }
fi

debs=("$work"/prometheus_*.deb)
[[ -f "${debs[0]}" ]] || fail "apt-get reported success but left no prometheus_*.deb in $work"

# Extract beside the destination, then move into place, so a half-extracted tree is never used.
mkdir -p "$(dirname "$dest")"
staging="$(mktemp -d "$dest.partial.XXXXXX")"
dpkg-deb -x "${debs[0]}" "$staging"
[[ -x "$staging/usr/bin/promtool" && -x "$staging/usr/bin/prometheus" ]] \
    || { rm -rf "$staging"; fail "${debs[0]##*/} holds no usr/bin/promtool and usr/bin/prometheus"; }
rm -rf "$dest"
mv "$staging" "$dest"
echo "fetch_promtool: extracted ${debs[0]##*/} into $dest" >&2
echo "$bin"
