#!/usr/bin/env bash
# Whole-process medians, side by side with the tools a reader knows:
#   - `postmortem render` of the seed to HTML vs `pandoc -s` on the seed's rendered Markdown;
#   - `postmortem check` and `postmortem report` over N generated incidents vs `jq -s length`
#     reading the same incidents as JSON, at 100, 1,000 and 10,000 incidents (`--large` adds
#     100,000), with the time per incident so growth can be read off (flat = linear).
# Installs pandoc, jq and hyperfine with apt-get when missing. Corpora (seed 42) are generated
# once under target/bench-corpus/ and reused.
# Usage: scripts/bench.sh [--large]
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=(100 1000 10000)
[ "${1:-}" = "--large" ] && sizes+=(100000)

missing=()
for tool in pandoc jq hyperfine; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --quiet --bin postmortem --example gen_corpus
bin="$PWD/target/release/postmortem"
work="$PWD/target/bench-corpus"
mkdir -p "$work"

# median NAME COMMAND: hyperfine's median in milliseconds.
median() {
    local json="$work/hyperfine.json"
    hyperfine --warmup 2 --min-runs 5 --max-runs 30 --style none --export-json "$json" -n "$1" "$2" >/dev/null 2>&1
    jq '.results[0].median * 1000' "$json"
}
row() { printf '%-44s %10.1f ms %12s\n' "$1" "$2" "$3"; }
per() { awk -v ms="$1" -v n="$2" 'BEGIN { printf "%.1f µs", ms * 1000 / n }'; }

echo "postmortem $("$bin" --version | cut -d' ' -f2), $(pandoc --version | head -n1), $(jq --version), $(nproc) cores"
echo
seed=incidents/2026-07-04-smsgate-api.toml
"$bin" render "$seed" > "$work/seed.md" 2>/dev/null
ours=$(median render "$bin render $seed --to html -o $work/seed.html")
theirs=$(median pandoc "pandoc -s --metadata title=seed $work/seed.md -o $work/seed-pandoc.html")
printf '%-44s %13s %12s\n' "command" "median" "per incident"
row "postmortem render seed --to html" "$ours" ""
row "pandoc -s on the seed's Markdown" "$theirs" ""
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "render is %.1f× faster than pandoc -s\n\n", b / a }'

for n in "${sizes[@]}"; do
    toml="$work/$n-toml" json="$work/$n-json"
    [ -f "$toml/postmortem.toml" ] || target/release/examples/gen_corpus --count "$n" --seed 42 --out "$toml" >/dev/null 2>&1
    [ -f "$json/postmortem.toml" ] || target/release/examples/gen_corpus --count "$n" --seed 42 --out "$json" --json >/dev/null 2>&1
    t=$(median check "$bin check $toml")
    row "postmortem check, $n incidents (TOML)" "$t" "$(per "$t" "$n")"
    t=$(median report "$bin report $json --quarter 2026-Q3 --to json -o $work/report-$n.json")
    row "postmortem report, $n incidents (JSON)" "$t" "$(per "$t" "$n")"
    # One jq reads the same bytes as one stream (100,000 names are too many for one command line).
    t=$(median jq "find $json -name '*.json' ! -name postmortem.toml -exec cat {} + | jq -s length")
    row "jq -s length, $n incidents (JSON)" "$t" "$(per "$t" "$n")"
done
