#!/usr/bin/env bash
# Whole-process medians and peak memory, side by side with tools a reader knows, in one run:
#   - `postmortem render` of the seed to HTML vs `pandoc -s` on the seed's rendered Markdown;
#   - `postmortem check` and `postmortem report --to json` over N generated incidents vs
#     `jq -s length` merely parsing the same JSON files, at 1,000 and 10,000 incidents
#     (`--large` adds 100,000), with the time per incident (flat = linear) and the ratio to jq;
#   - `postmortem report --to json` over the same incidents for a whole year (every incident
#     listed) beside the quarter;
#   - `postmortem check` of single large files: 1,000 to 100,000 distinct events (pretty JSON),
#     1,000 to 45,000 repeated events on one line (45,000 is 10 MB), 100,000 windows on one
#     deployment (disjoint, and all identical), and one single-line summary of 1,000 to 100,000
#     prose phrases (each a duration and a clock time no timestamp supports: two findings per
#     phrase), with the size of the output.
# Medians come from hyperfine, peak resident memory from `/usr/bin/time -f %M` (one run).
# Installs pandoc, jq, hyperfine and time with apt-get when missing. Corpora (seed 42) are
# generated once under $BENCH_DIR (default /tmp/postmortem-bench) and reused.
# Usage: scripts/bench.sh [--large]
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=(1000 10000)
[ "${1:-}" = "--large" ] && sizes+=(100000)

missing=()
for tool in pandoc jq hyperfine; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --quiet --bin postmortem --example gen_corpus --example gen_big
bin="$PWD/target/release/postmortem"
gen="$PWD/target/release/examples"
work="${BENCH_DIR:-/tmp/postmortem-bench}"
mkdir -p "$work"

# median NAME COMMAND: hyperfine's median in milliseconds (3 to 10 runs, one warm-up).
median() {
    local json="$work/hyperfine.json"
    hyperfine --warmup 1 --min-runs 3 --max-runs 10 --ignore-failure --style none \
        --export-json "$json" -n "$1" "$2" >/dev/null 2>&1
    jq '.results[0].median * 1000' "$json"
}
# peak COMMAND: peak resident memory of one run, in MB.
peak() {
    local kb
    # time writes to its own file: the command's stderr is thrown away, time's must not be.
    /usr/bin/time -f %M -o "$work/peak.txt" bash -c "$1" >/dev/null 2>&1 || true
    kb=$(tail -n1 "$work/peak.txt")
    awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }'
}
per() { awk -v ms="$1" -v n="$2" 'BEGIN { printf "%.1f", ms * 1000 / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
header() { printf '%-46s %10s %9s %13s %9s\n' "$1" "median ms" "peak MB" "$2" "$3"; }
row() { printf '%-46s %10.1f %9s %13s %9s\n' "$1" "$2" "$3" "$4" "$5"; }

echo "postmortem $("$bin" --version | cut -d' ' -f2), $(pandoc --version | head -n1), $(jq --version), $(nproc) cores"
echo
seed=incidents/2026-07-04-smsgate-api.toml
"$bin" render "$seed" > "$work/seed.md" 2>/dev/null
ours=$(median render "$bin render $seed --to html -o $work/seed.html --force")
theirs=$(median pandoc "pandoc -s --metadata title=seed $work/seed.md -o $work/seed-pandoc.html")
header "render" "" ""
row "postmortem render seed --to html" "$ours" "" "" ""
row "pandoc -s on the seed's Markdown" "$theirs" "" "" ""
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "render is %.1f× faster than pandoc -s\n\n", b / a }'

header "N incidents (JSON, same files for all three)" "µs/incident" "× jq"
for n in "${sizes[@]}"; do
    dir="$work/$n-json"
    [ -f "$dir/postmortem.toml" ] || "$gen/gen_corpus" --count "$n" --seed 42 --out "$dir" --json >/dev/null 2>&1
    # One jq reads the same bytes as one stream (100,000 names are too many for one command line).
    jq_cmd="find $dir -name '*.json' -exec cat {} + | jq -s length"
    check_cmd="$bin check $dir"
    report_cmd="$bin report $dir --quarter 2026-Q3 --to json -o $work/report-$n.json --force"
    year_cmd="$bin report $dir --from 2026-01-01 --until 2026-12-31 --to json -o $work/year-$n.json --force"
    j=$(median jq "$jq_cmd"); jm=$(peak "$jq_cmd")
    c=$(median check "$check_cmd"); cm=$(peak "$check_cmd")
    r=$(median report "$report_cmd"); rm=$(peak "$report_cmd")
    y=$(median year "$year_cmd"); ym=$(peak "$year_cmd")
    row "jq -s length, $n" "$j" "$jm" "$(per "$j" "$n")" "1.00×"
    row "postmortem check, $n" "$c" "$cm" "$(per "$c" "$n")" "$(ratio "$c" "$j")"
    row "postmortem report --to json, quarter, $n" "$r" "$rm" "$(per "$r" "$n")" "$(ratio "$r" "$j")"
    row "postmortem report --to json, year, $n" "$y" "$ym" "$(per "$y" "$n")" "$(ratio "$y" "$j")"
done
echo

header "one large incident file" "µs/entry" "output"
big() { # NAME ENTRIES GEN_ARGS...
    local name=$1 entries=$2; shift 2
    local file="$work/big/$name.json"
    [ -f "$file" ] || "$gen/gen_big" "$@" --out "$file" >/dev/null 2>&1
    local t m bytes
    t=$(median "$name" "$bin check $file")
    m=$(peak "$bin check $file")
    bytes=$("$bin" check "$file" 2>/dev/null | wc -c || true)
    row "check $name ($(du -h "$file" | cut -f1))" "$t" "$m" "$(per "$t" "$entries")" "$bytes B"
}
for n in 1000 10000 100000; do big "distinct-events-$n" "$n" --events "$n"; done
for n in 1000 4000 16000 45000; do big "repeated-events-one-line-$n" "$n" --events "$n" --repeated --one-line; done
big "disjoint-windows-100000" 100000 --windows 100000
big "identical-windows-100000" 100000 --windows 100000 --identical
for n in 1000 4000 16000 64000 100000; do
    big "prose-phrases-one-line-$n" "$n" --windows 1 --phrases "$n" --one-line
done
