#!/usr/bin/env bash
# Whole-process figures for `postmortem report` against `jq -s length` on the same incidents as
# JSON: wall time (hyperfine) and peak memory (/usr/bin/time -v).
# Needs: hyperfine, jq, GNU time (apt-get install -y hyperfine jq time).
# Usage: benches/report.sh [SIZES...]   (default: 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<< "${sizes[*]}"
cargo build --release --quiet --bin postmortem --example gen_corpus
bin=target/release/postmortem
base=target/bench-corpus
for n in "${sizes[@]}"; do
  for kind in json toml; do
    dir=$base/$n-$kind
    [[ -f $dir/postmortem.toml ]] || target/release/examples/gen_corpus --count "$n" --seed 42 --out "$dir" $([[ $kind == json ]] && echo --json)
  done
done
for n in "${sizes[@]}"; do
  json=$base/$n-json
  toml=$base/$n-toml
  echo "== $n incidents ($(du -sh "$json" | cut -f1) as JSON)"
  # One jq parses the same bytes in one stream (100,000 names are too many for one command line).
  hyperfine --warmup 1 --runs 5 --style basic \
    -n "report (JSON files)" "$bin report $json --quarter 2026-Q3 --to json -o /tmp/pm-report-$n.json" \
    -n "report (TOML files)" "$bin report $toml --quarter 2026-Q3 --to json -o /tmp/pm-report-$n-toml.json" \
    -n "jq -s length" "find $json -name '*.json' -exec cat {} + | jq -s length > /dev/null" \
    2>&1 | grep -E "^(Benchmark|  Time)"
  for cmd in "$bin report $json --quarter 2026-Q3 --to json -o /tmp/pm-report-$n.json" \
             "$bin report $toml --quarter 2026-Q3 --to md -o /tmp/pm-report-$n.md"; do
    rss=$(/usr/bin/time -v $cmd 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')
    echo "peak RSS ${rss} KB: $cmd"
  done
  rss=$( { /usr/bin/time -v sh -c "find $json -name '*.json' -exec cat {} + | jq -s length > /dev/null"; } 2>&1 | awk -F': ' '/Maximum resident/ {print $2}')
  echo "peak RSS ${rss} KB: jq -s length"
done
