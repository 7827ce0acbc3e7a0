#!/usr/bin/env bash
# Run every fuzz target for a bounded time on stable Rust (no sanitizer), seeded from the
# fixtures. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

seed_corpus() {
    local target="$1" dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    case "$target" in
        load_toml) cp tests/fixtures/valid/*.toml tests/fixtures/invalid/*.toml incidents/*.toml "$dir"/ ;;
        load_json) cp tests/fixtures/valid/*.json tests/fixtures/invalid/*.json "$dir"/ ;;
        import_statuspage) cp tests/fixtures/statuspage/*.json "$dir"/ ;;
        import_slack_day)
            # Day files of different channels share names: name each seed by channel and day.
            for day in tests/fixtures/slack/export/*/*.json; do
                channel="$(basename "$(dirname "$day")")"
                cp "$day" "$dir/$channel-$(basename "$day")"
            done
            ;;
        import_pagerduty) cp tests/fixtures/pagerduty/*.json "$dir"/ ;;
        import_markdown | markdown_html) cp tests/fixtures/markdown/* tests/fixtures/authoring/import/* tests/fixtures/import/*.md tests/fixtures/import/*.txt "$dir"/ ;;
    esac
    # Inputs that once crashed a target stay in its corpus.
    if [ -d "tests/fixtures/fuzz-regressions/$target" ]; then
        cp "tests/fixtures/fuzz-regressions/$target"/* "$dir"/
    fi
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cd fuzz && cargo fuzz list)
fi
for target in "${targets[@]}"; do
    echo "fuzz: $target for ${seconds}s"
    seed_corpus "$target"
    (cd fuzz && cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 2>&1 | tail -n 30)
done
