#!/usr/bin/env bash
# Compile-time figures for BENCHMARKS.md:
#  1. CPU time (user + sys) of a clean release build of the quickstart example,
#     in a fresh target directory, as a stdio-only server: the examples
#     package alone (`-p examples`: without it, cargo builds every workspace
#     member's library and unifies their features), with its default features
#     (HTTP, the client, `fetch`) off; and the size of the binary;
#  2. the debug rebuild after editing one tool body in the 50-tool example,
#     built the same way;
#  3. what a user builds: a stdio-only server crate of their own (one tool,
#     one resource; tests/bench/user_crates/ours) with a path dependency on
#     mcp-runtime and its default features, and the same server on rmcp
#     (tests/bench/user_crates/rmcp), each in a fresh target directory, debug
#     and release: CPU seconds and the ratio to rmcp's in the same run.
#     Building the rmcp crate needs the crates.io registry.
# `--users` runs part 3 alone, `--examples` parts 1 and 2.
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-}" in
  "" | --users | --examples) ;;
  *) echo "usage: $0 [--users | --examples]" >&2; exit 2 ;;
esac

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"; git checkout -q -- examples/many_tools.rs' EXIT

cpu_seconds() { # runs "$@", prints user+sys seconds of it and its children
  if ! /usr/bin/time -f '%U %S %e' -o "$scratch/time" "$@" >"$scratch/log" 2>&1; then
    cat "$scratch/log" >&2
    echo "failed: $*" >&2
    exit 1
  fi
  awk '{ printf "cpu %.1f s, wall %.1f s\n", $1 + $2, $3 }' "$scratch/time"
}

user_builds() { # part 3
  local ours rmcp
  for crate in ours rmcp; do
    cp -r tests/bench/user_crates/$crate "$scratch/$crate"
    sed -i "s#MCP_RUNTIME_PATH#$PWD/mcp-runtime#" "$scratch/$crate/Cargo.toml"
  done
  for profile in debug release; do
    local flag=""; [ "$profile" = release ] && flag="--release"
    ours=$(cd "$scratch/ours" && CARGO_TARGET_DIR="$scratch/ours-$profile" cpu_seconds cargo build $flag)
    rmcp=$(cd "$scratch/rmcp" && CARGO_TARGET_DIR="$scratch/rmcp-$profile" cpu_seconds cargo build $flag)
    echo "user's stdio server, $profile, mcp-runtime: $ours"
    echo "user's stdio server, $profile, rmcp:        $rmcp"
    echo "$ours $rmcp" | awk '{ printf "  ratio of CPU: %.2fx\n", $2 / $8 }'
  done
}

if [ "${1:-}" = "--users" ]; then
  user_builds
  exit 0
fi

stdio_example=(-p examples --no-default-features --example)
echo "clean release build of quickstart: $(CARGO_TARGET_DIR="$scratch/release" cpu_seconds cargo build --release "${stdio_example[@]}" quickstart)"
echo "quickstart binary: $(stat -c %s "$scratch/release/release/examples/quickstart") bytes"

export CARGO_TARGET_DIR="$scratch/debug"
cargo build "${stdio_example[@]}" many_tools >/dev/null 2>&1
sed -i 's/x + 17)/x + 1017)/' examples/many_tools.rs
echo "debug rebuild of many_tools after editing one tool body: $(cpu_seconds cargo build "${stdio_example[@]}" many_tools)"

if [ "${1:-}" = "--examples" ]; then
  exit 0
fi
user_builds
