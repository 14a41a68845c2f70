#!/bin/sh
# build.sh [--if-possible] BASE IMAGE CA_BUNDLE: the container image (Dockerfile) on a Debian
# base made from Debian's packages (base.sh), with podman; no image registry is needed.
# With --if-possible, a machine that cannot make or run containers is not an error: why
# goes to build/image/unavailable.txt, and the image test skips with that reason.
# build/image/built.txt names the image last built.
set -eu
if_possible=false
[ "${1:-}" = --if-possible ] && { if_possible=true; shift; }
base=$1 image=$2 ca_bundle=$3
cd "$(dirname "$0")/../.."
mkdir -p build/image
rm -f build/image/unavailable.txt build/image/built.txt
export CONTAINERS_CONF="$PWD/deploy/image/containers.conf"

unavailable() {
    $if_possible || { echo "$1" >&2; exit 1; }
    echo "$1" > build/image/unavailable.txt
    echo "No container image on this machine: $1"
    exit 0
}

command -v podman >/dev/null || unavailable "podman is not installed"
podman image exists "$base" || deploy/image/base.sh "$base" >build/image/base.log 2>&1 \
    || unavailable "the Debian base could not be made (build/image/base.log): $(tail -n 1 build/image/base.log)"
probe=$(podman run --rm "$base" true 2>&1) || unavailable "podman cannot run a container here: $probe"
podman build --network host --secret "id=ca_bundle,src=$ca_bundle" --build-arg "BASE=$base" --tag "$image" .
echo "$image" > build/image/built.txt
