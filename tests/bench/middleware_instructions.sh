#!/usr/bin/env bash
# What MCP middleware costs, in instructions, which (unlike time) do not
# change with what else the machine is doing: the `bench_layers` server
# answers the same 2,000 `tools/call`s over stdio with no layers and with
# three pass-through `from_fn` layers, under callgrind; the difference per
# call is the layers' cost. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --release -q -p mcp-tests --bin bench_layers
binary=target/release/bench_layers
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

calls=2000
{
  printf '%s\n' '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}'
  printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  for i in $(seq 1 "$calls"); do
    printf '{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"add_numbers","arguments":{"a":%d,"b":3}}}\n' "$i" "$i"
  done
} > "$scratch/requests"

instructions() { # MCP_BENCH_LAYERS=$1: total instructions of one run
  MCP_BENCH_LAYERS=$1 valgrind --tool=callgrind --callgrind-out-file="$scratch/out.$1" "$binary" \
    < "$scratch/requests" > "$scratch/answers.$1" 2> "$scratch/log.$1"
  test "$(grep -c '"result"' "$scratch/answers.$1")" -eq $((calls + 1))
  grep -E '^summary:|^totals:' "$scratch/out.$1" | head -1 | awk '{print $2}'
}

none=$(instructions 0)
three=$(instructions 3)
echo "instructions, ${calls} calls, no layers: ${none}"
echo "instructions, ${calls} calls, three pass-through layers: ${three}"
awk -v a="$none" -v b="$three" -v n="$calls" 'BEGIN {
  printf "per call: %.0f more instructions with three layers (%.1f%% of the whole run)\n", (b - a) / n, 100 * (b - a) / a
}'
