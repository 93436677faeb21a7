#!/bin/sh
# install-test.sh - stage `make install` under DESTDIR in a scratch
# folder, then build tests/install/example.c against it the way a user
# would, with `pkg-config --cflags --libs ndcluster`, and run it.
#
# usage: sh scripts/install-test.sh
#
# Run from the repository root after `make`; make test runs it.  Exits 0
# when the program builds, runs and finds the ids it expects.
set -eu

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ndc-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

prefix=/usr/local
make -s install DESTDIR="$tmp/root" PREFIX="$prefix" >/dev/null
pc=$tmp/root$prefix/lib/pkgconfig
test -f "$pc/ndcluster.pc" || { echo "install-test: no ndcluster.pc" >&2; exit 1; }
# The .pc names the final prefix; the sysroot maps it into the stage.
flags=$(PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$tmp/root \
    pkg-config --cflags --libs ndcluster)
${CC:-cc} -std=c99 -Wall -Wextra -Werror -o "$tmp/example" \
    tests/install/example.c $flags
"$tmp/example"
echo "install-test: built with: pkg-config --cflags --libs ndcluster"
