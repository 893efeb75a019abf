#!/usr/bin/env bash
# Cold `cargo build` (debug) of a one-call user crate depending on restrait, against the same
# call written with reqwest alone (same TLS backend), each in a fresh target directory.
#
#   benches/cold_build.sh            # two rounds, alternating
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here/cold/user-restrait" "$here/cold/user-reqwest" "$work/"
sed -i "s|path = \"../../..\"|path = \"$here/..\"|" "$work/user-restrait/Cargo.toml"
for crate in user-restrait user-reqwest; do
    (cd "$work/$crate" && cargo fetch -q)
done

for round in 1 2; do
    for crate in user-reqwest user-restrait; do
        rm -rf "$work/target-$crate"
        start=$(date +%s.%N)
        (cd "$work/$crate" && CARGO_TARGET_DIR="$work/target-$crate" cargo build -q)
        end=$(date +%s.%N)
        printf 'round %d %-14s %6.1f s\n' "$round" "$crate" "$(echo "$end - $start" | bc)"
    done
done
