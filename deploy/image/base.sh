#!/bin/sh
# base.sh IMAGE: a Debian 12 image with Python 3.11 and nothing else, made from Debian's
# own packages with mmdebstrap and imported into podman (no image registry is reachable).
set -eu
image=$1
tarball=$(mktemp --suffix=.tar)
trap 'rm -f "$tarball"' EXIT
mmdebstrap --quiet --variant=minbase --include=python3,python3-venv,ca-certificates,passwd \
    bookworm "$tarball" http://deb.debian.org/debian
podman import --change 'CMD ["/bin/bash"]' "$tarball" "$image"
