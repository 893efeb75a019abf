#!/usr/bin/env bash
# Instructions per reference call for each client, counted by callgrind in the client process
# only (the server is a child process callgrind does not follow).
#
#   benches/callgrind.sh                 # 204 and 403, every client
#   CLIENTS="restrait reqwest" STATUSES=ok benches/callgrind.sh
#
# Each client runs N=3000 and N=1000 calls; (I3000 - I1000) / 2000 is the cost of one call on a
# warm connection, with start-up, connecting and tear-down cancelled out. The callgrind files
# stay in $OUT (default target-bench/callgrind) for `callgrind_annotate`.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-bench}"
CLIENTS="${CLIENTS:-reqwest restrait hyper restrait-signed}"
STATUSES="${STATUSES:-ok denied}"
HIGH="${HIGH:-3000}"
LOW="${LOW:-1000}"
OUT="${OUT:-$CARGO_TARGET_DIR/callgrind}"
mkdir -p "$OUT"

bin=$(cargo bench --bench callgrind_calls --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*callgrind_calls[^"]*\)".*/\1/p' | tail -n 1)
if [[ -z "$bin" ]]; then
    echo "could not build the callgrind_calls bench" >&2
    exit 1
fi

# Prints the instructions callgrind collected for one run.
instructions() {
    local client=$1 calls=$2 status=$3
    local base="$OUT/$client-$status-$calls"
    valgrind --tool=callgrind --callgrind-out-file="$base.out" --log-file="$base.log" \
        "$bin" "$client" "$calls" "$status" >/dev/null
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$base.log"
}

for status in $STATUSES; do
    echo "status=$status calls=$HIGH-$LOW"
    printf '%-16s %14s %10s\n' client instr/call vs-reqwest
    reference=""
    for client in $CLIENTS; do
        high=$(instructions "$client" "$HIGH" "$status")
        low=$(instructions "$client" "$LOW" "$status")
        per_call=$(((high - low) / (HIGH - LOW)))
        if [[ -z "$reference" && "$client" == reqwest ]]; then
            reference=$per_call
        fi
        ratio=""
        if [[ -n "$reference" ]]; then
            ratio=$(awk -v a="$per_call" -v b="$reference" 'BEGIN { printf "%.2f", a / b }')
        fi
        printf '%-16s %14d %10s\n' "$client" "$per_call" "${ratio:--}"
    done
done
