#!/bin/sh
# measure-near.sh - regenerate the near-duplicate test sets and measure
# ndcluster's near mode over a grid of options (see measure-near.py).
#
# usage: scripts/measure-near.sh [--quick] > scripts/measure-near.txt
# environment: NDC_SETS (default /tmp/ndc-neardup), NDC_DATA (default
# ../shared/data), NDC_BIN (default ./ndcluster)
#
# The binary is copied first, so that a rebuild during the run (it takes
# a few minutes) cannot mix two builds in one table.
set -eu
cd "$(dirname "$0")/.."
sets=${NDC_SETS:-/tmp/ndc-neardup}
data=${NDC_DATA:-../shared/data}
bin=${NDC_BIN:-./ndcluster}
[ -x "$bin" ] || make >&2
tmpbin=$(mktemp "${TMPDIR:-/tmp}/ndcluster-measure.XXXXXX")
trap 'rm -f "$tmpbin"' EXIT INT TERM
cp "$bin" "$tmpbin"
chmod +x "$tmpbin"
python3 scripts/make-neardup.py --data "$data" --out "$sets" >&2
python3 scripts/measure-near.py --sets "$sets" --data "$data" \
    --bin "$tmpbin" --bin-name "$bin" "$@"
