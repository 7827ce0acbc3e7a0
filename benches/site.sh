#!/usr/bin/env bash
# Whole-process figures for `postmortem site` on generated corpora (examples/gen_corpus): wall
# time and peak memory of a release build, a few runs per size, to show it grows linearly.
# Needs: GNU time (apt-get install -y time).
# Usage: benches/site.sh [SIZES...]   (default: 100 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100 1000 10000}")
read -r -a sizes <<< "${sizes[*]}"
cargo build --release --quiet --bin postmortem --example gen_corpus
bin=target/release/postmortem
base=target/bench-corpus
for n in "${sizes[@]}"; do
  dir=$base/$n-toml
  [[ -f $dir/postmortem.toml ]] || target/release/examples/gen_corpus --count "$n" --seed 42 --out "$dir"
  out=target/bench-site/$n
  mkdir -p target/bench-site
  for run in 1 2 3; do
    /usr/bin/time -f "$n incidents, run $run: %e s wall, %U s user, peak RSS %M KB" \
      "$bin" site "$dir" -o "$out" --as-of 2026-09-30T00:00:00Z --public > /dev/null
  done
  echo "$n incidents: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)"
done
