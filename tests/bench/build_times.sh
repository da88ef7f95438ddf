#!/usr/bin/env bash
# Compile-time figures for BENCHMARKS.md:
#  1. CPU time (user + sys) of a clean release build of the quickstart example,
#     in a fresh target directory, with only its own dependencies (the
#     examples package's `fetch` feature, for website_fetcher, is off), and the
#     size of the binary it produces;
#  2. the debug rebuild after editing one tool body in the 50-tool example.
set -euo pipefail
cd "$(dirname "$0")/../.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"; git checkout -q -- examples/many_tools.rs' EXIT

cpu_seconds() { # runs "$@", prints user+sys seconds of it and its children
  /usr/bin/time -f '%U %S %e' -o "$scratch/time" "$@" >/dev/null 2>&1
  awk '{ printf "cpu %.1f s, wall %.1f s\n", $1 + $2, $3 }' "$scratch/time"
}

echo "clean release build of quickstart: $(CARGO_TARGET_DIR="$scratch/release" cpu_seconds cargo build --release --no-default-features --example quickstart)"
echo "quickstart binary: $(stat -c %s "$scratch/release/release/examples/quickstart") bytes"

export CARGO_TARGET_DIR="$scratch/debug"
cargo build --example many_tools >/dev/null 2>&1
sed -i 's/x + 17)/x + 1017)/' examples/many_tools.rs
echo "debug rebuild of many_tools after editing one tool body: $(cpu_seconds cargo build --example many_tools)"
