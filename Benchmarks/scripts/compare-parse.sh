#!/usr/bin/env bash
# Parse speed side by side: leadpipe bench against DuckDB, Polars, Python's csv module and wc -l,
# on the same generated lead file. Installs what it needs (PyPI: duckdb, polars).
#
#   Benchmarks/scripts/compare-parse.sh [ROWS] [RUNS]      (defaults: 1000000 rows, 5 runs)
#
# Prints one table: median wall seconds (whole work, file in the page cache), MB/s of input, and
# each tool's time relative to leadpipe's.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-1000000}
RUNS=${2:-5}
DATA=${LEADPIPE_BENCH_DIR:-/tmp/leadpipe-bench}
mkdir -p "$DATA"
FILE="$DATA/leads-$ROWS.csv"

python3 -c "import duckdb, polars" 2>/dev/null || python3 -m pip install --quiet duckdb polars
swift build -c release --product leadpipe >/dev/null
LEADPIPE=.build/release/leadpipe
[ -f "$FILE" ] || "$LEADPIPE" generate --rows "$ROWS" --seed 1 -o "$FILE"
cat "$FILE" > /dev/null  # into the page cache

python3 - "$FILE" "$RUNS" "$LEADPIPE" <<'PY'
import csv, json, os, statistics, subprocess, sys, time
path, runs, leadpipe = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = os.path.getsize(path)

def median_of(fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter(); fn(); times.append(time.perf_counter() - start)
    return statistics.median(times)

results = []
bench = json.loads(subprocess.run([leadpipe, "bench", "--json", "--runs", str(runs), path],
                                  check=True, capture_output=True, text=True).stdout)
results.append(("leadpipe bench (1 core)", bench["median_seconds"], bench["rows"]))

import duckdb
con = duckdb.connect()
rows = con.execute(f"SELECT count(*) FROM read_csv('{path}')").fetchone()[0]
results.append(("DuckDB count(*) read_csv (all cores)",
                median_of(lambda: con.execute(f"SELECT count(*) FROM read_csv('{path}')").fetchone()), rows))

import polars as pl
results.append(("Polars read_csv (all cores)", median_of(lambda: pl.read_csv(path, infer_schema=False)), rows))

def python_csv():
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1
results.append(("Python csv module", median_of(python_csv), rows))
results.append(("wc -l", median_of(lambda: subprocess.run(["wc", "-l", path], check=True, capture_output=True)), rows))

base = results[0][1]
print(f"input: {path} ({size/1e6:.1f} MB, {rows:,} data rows), median of {runs} runs")
print(f"| tool | median s | MB/s | time vs leadpipe |")
print(f"|---|---:|---:|---:|")
for name, seconds, _ in results:
    print(f"| {name} | {seconds:.3f} | {size/seconds/1e6:,.0f} | {seconds/base:.2f}× |")
PY
