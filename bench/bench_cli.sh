#!/usr/bin/env bash
# Wall-clock start-up of the citydip CLI, run by hand (not a test):
#
#   PATH=/tmp/venv/bin:$PATH bash bench/bench_cli.sh [RUNS]
#
# Times `citydip --help` and `citydip run` (default scenario), `python -c "import pymcdm"`
# and `python -c pass` for comparison (RUNS runs each, default 10, after 2 warm-ups), then
# lists the slowest imports under `python -X importtime -c "import mcda_citydip.cli"`.
# Uses hyperfine when installed (HYPERFINE=none forces the fallback), otherwise a bash loop
# timed with `date +%s.%N` (each figure then includes one `bash -c` start, ~3 ms).
# Environment: CITYDIP (default: citydip on PATH), PYTHON (default: python on PATH),
# TOP (import-time rows shown, default 15).
set -euo pipefail

RUNS="${1:-10}"
CITYDIP="${CITYDIP:-citydip}"
PYTHON="${PYTHON:-python}"
TOP="${TOP:-15}"

command -v "$CITYDIP" >/dev/null || { echo "Error: $CITYDIP not found (activate the venv or set CITYDIP)" >&2; exit 2; }
command -v "$PYTHON" >/dev/null || { echo "Error: $PYTHON not found (set PYTHON)" >&2; exit 2; }

echo "citydip: $(command -v "$CITYDIP")"
echo "python:  $(command -v "$PYTHON") ($("$PYTHON" -V 2>&1))"
echo "runs:    $RUNS (+2 warm-up), $(nproc) cores"
echo

labels=("citydip --help" "citydip run" "python -c 'import pymcdm'" "python -c pass")
commands=(
    "$CITYDIP --help"
    "$CITYDIP run"
    "$PYTHON -c 'import pymcdm'"
    "$PYTHON -c pass"
)

# Fail early (with the program's own message) if a command does not work at all.
for cmd in "${commands[@]}"; do
    bash -c "$cmd" >/dev/null
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [[ "${HYPERFINE:-hyperfine}" != none ]] && command -v hyperfine >/dev/null; then
    echo "== hyperfine ($(hyperfine --version)) =="
    args=()
    for i in "${!commands[@]}"; do
        args+=(--command-name "${labels[$i]}" "${commands[$i]}")
    done
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$tmp/h.json" "${args[@]}"
    echo
    echo "== medians (seconds) =="
    "$PYTHON" - "$tmp/h.json" <<'EOF'
import json, sys

for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:28} median {r['median']:.3f}  min {r['min']:.3f}  max {r['max']:.3f}")
EOF
else
    echo "== bash loop (hyperfine not installed or HYPERFINE=none) =="
    for i in "${!commands[@]}"; do
        cmd="${commands[$i]}"
        for _ in 1 2; do bash -c "$cmd" >/dev/null; done
        : >"$tmp/t"
        for _ in $(seq "$RUNS"); do
            start=$(date +%s.%N)
            bash -c "$cmd" >/dev/null
            end=$(date +%s.%N)
            awk -v a="$start" -v b="$end" 'BEGIN {printf "%.6f\n", b - a}' >>"$tmp/t"
        done
        printf '%-28s median %.3f  min %.3f  max %.3f  (includes one bash start)\n' \
            "${labels[$i]}" "$(sort -g "$tmp/t" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')" \
            "$(sort -g "$tmp/t" | head -1)" "$(sort -g "$tmp/t" | tail -1)"
    done
fi

echo
echo "== python -X importtime -c 'import mcda_citydip.cli': top $TOP by cumulative µs =="
"$PYTHON" -X importtime -c "import mcda_citydip.cli" 2>"$tmp/imp" >/dev/null
head -1 "$tmp/imp"
grep -v '^import time: *self' "$tmp/imp" | sort -t'|' -k2 -n -r | head -n "$TOP" || true
echo "sum of self times: $(grep -v '^import time: *self' "$tmp/imp" | sed 's/^import time://' | awk -F'|' '{s+=$1} END {printf "%.1f ms", s/1000}')"
for mod in numpy pandas pymcdm scipy yaml pydantic rich click typer; do
    if grep -qE "\| +$mod\$" "$tmp/imp"; then echo "  imports $mod: yes"; else echo "  imports $mod: no"; fi
done

# `import mcda_citydip.cli` misses what the help imports only when it is drawn (rich).
echo
echo "== python -X importtime: citydip --help as run (main() with argv --help): top $TOP =="
"$PYTHON" -X importtime -c \
    "import sys; sys.argv = ['citydip', '--help']; from mcda_citydip.cli import main; main()" \
    2>"$tmp/imp2" >/dev/null || true
grep -v '^import time: *self' "$tmp/imp2" | sort -t'|' -k2 -n -r | head -n "$TOP" || true
echo "sum of self times: $(grep -v '^import time: *self' "$tmp/imp2" | sed 's/^import time://' | awk -F'|' '{s+=$1} END {printf "%.1f ms", s/1000}')"
