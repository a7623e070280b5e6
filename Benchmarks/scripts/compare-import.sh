#!/usr/bin/env bash
# The main job side by side: read a generated lead export, dedupe on the normalized e-mail
# keeping the first row, write gzip NDJSON — leadpipe import against Polars (lazy and eager),
# DuckDB (COPY to .ndjson.gz, and plain NDJSON piped to pigz) and the compression floors.
# Installs what it needs: PyPI polars and duckdb; Debian pigz and libdeflate-tools (when apt-get
# is there).
#
#   Benchmarks/scripts/compare-import.sh [ROWS] [RUNS]      (defaults: 1000000 rows, 3 runs)
#
# Every tool runs as its own process, timed whole with /usr/bin/time (wall seconds and peak
# RSS), the input in the page cache; the table shows medians and each tool's time relative to
# leadpipe's, and the output sizes against `gzip -6` of leadpipe's NDJSON.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-1000000}
RUNS=${2:-3}
DATA=${LEADPIPE_BENCH_DIR:-/tmp/leadpipe-bench}
mkdir -p "$DATA"
FILE="$DATA/leads-$ROWS.csv"

python3 -c "import duckdb, polars" 2>/dev/null || python3 -m pip install --quiet duckdb polars
if ! command -v pigz >/dev/null || ! command -v libdeflate-gzip >/dev/null; then
    if command -v apt-get >/dev/null; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        $SUDO apt-get install -y -qq pigz libdeflate-tools >/dev/null 2>&1 \
            || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq pigz libdeflate-tools >/dev/null; } || true
    fi
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
swift build -c release --product leadpipe >/dev/null
LEADPIPE=$PWD/.build/release/leadpipe
[ -f "$FILE" ] || "$LEADPIPE" generate --rows "$ROWS" --seed 1 -o "$FILE"
cat "$FILE" > /dev/null  # into the page cache

python3 - "$FILE" "$RUNS" "$LEADPIPE" "$DATA" <<'PY'
import json, os, shutil, statistics, subprocess, sys, tempfile
path, runs, leadpipe, data = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
size = os.path.getsize(path)
work = tempfile.mkdtemp(dir=data)
EMAIL = "E-mail Address"

def timed(command, shell=False):
    """Runs a whole process under /usr/bin/time: (wall seconds, peak RSS MiB)."""
    stats = os.path.join(work, "time.txt")
    full = ["/usr/bin/time", "-f", "%e %M", "-o", stats] + (["sh", "-c", command] if shell else command)
    subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, rss = open(stats).read().split()[-2:]
    return float(wall), int(rss) / 1024

def measure(name, make_command, output, shell=False):
    walls, rsses = [], []
    for run in range(runs):
        for leftover in (output, output + ".dir"):
            if os.path.isdir(leftover): shutil.rmtree(leftover)
            elif os.path.exists(leftover): os.remove(leftover)
        wall, rss = timed(make_command(), shell=shell)
        walls.append(wall); rsses.append(rss)
    out_size = None
    if os.path.isdir(output + ".dir"):
        out_size = sum(os.path.getsize(os.path.join(output + ".dir", f)) for f in os.listdir(output + ".dir") if f.endswith(".ndjson.gz"))
    elif os.path.exists(output):
        out_size = os.path.getsize(output)
    return (name, statistics.median(walls), statistics.median(rsses), out_size)

py = sys.executable
results = []
lp_out = os.path.join(work, "leadpipe")
results.append(measure("leadpipe import (gzip 6, 2 workers; map, validate, dedupe email+LinkedIn)",
    lambda: [leadpipe, "import", path, "--out", lp_out + ".dir", "--quiet"], lp_out))
report = json.load(open(os.path.join(lp_out + ".dir", "import-report.json")))
ndjson = os.path.join(work, "leadpipe.ndjson")
subprocess.run(f"zcat {lp_out}.dir/*.ndjson.gz > {ndjson}", shell=True, check=True)

polars_lazy = f"""
import polars as pl
lf = pl.scan_csv({path!r}, infer_schema=False)
lf = lf.with_columns(pl.col({EMAIL!r}).str.strip_chars().str.to_lowercase().alias("email"))
lf = lf.filter(pl.col("email").is_not_null()).unique(subset=["email"], keep="first", maintain_order=True)
lf.sink_ndjson({os.path.join(work, 'polars-lazy.ndjson.gz')!r}, compression="gzip", compression_level=6)
"""
results.append(measure("Polars lazy (scan_csv → unique → sink_ndjson gzip 6)", lambda: [py, "-c", polars_lazy],
    os.path.join(work, "polars-lazy.ndjson.gz")))
polars_eager = f"""
import polars as pl
df = pl.read_csv({path!r}, infer_schema=False)
df = df.with_columns(pl.col({EMAIL!r}).str.strip_chars().str.to_lowercase().alias("email"))
df = df.filter(pl.col("email").is_not_null()).unique(subset=["email"], keep="first", maintain_order=True)
df.write_ndjson({os.path.join(work, 'polars-eager.ndjson.gz')!r}, compression="gzip", compression_level=6)
"""
results.append(measure("Polars eager (read_csv → unique → write_ndjson gzip 6)", lambda: [py, "-c", polars_eager],
    os.path.join(work, "polars-eager.ndjson.gz")))
duck_query = f"""
SELECT * EXCLUDE (rn) FROM (
  SELECT *, lower(trim("{EMAIL}")) AS email,
         row_number() OVER (PARTITION BY lower(trim("{EMAIL}")) ORDER BY line) AS rn
  FROM (SELECT *, row_number() OVER () AS line FROM read_csv('{path}', all_varchar=true))
  WHERE "{EMAIL}" IS NOT NULL) WHERE rn = 1 ORDER BY line"""
duck_copy = f"""
import duckdb
duckdb.sql(\"\"\"COPY ({duck_query}) TO '{os.path.join(work, 'duckdb.ndjson.gz')}' (FORMAT json, COMPRESSION gzip)\"\"\")
"""
results.append(measure("DuckDB COPY … TO .ndjson.gz", lambda: [py, "-c", duck_copy], os.path.join(work, "duckdb.ndjson.gz")))
if shutil.which("pigz"):
    duck_plain = f"""
import duckdb
duckdb.sql(\"\"\"COPY ({duck_query}) TO '/dev/stdout' (FORMAT json)\"\"\")
"""
    script = os.path.join(work, "duck_plain.py")
    open(script, "w").write(duck_plain)
    results.append(measure("DuckDB plain NDJSON piped to pigz -p2 -6",
        lambda: f"{py} {script} | pigz -p2 -6 > {work}/duckdb-pigz.ndjson.gz", os.path.join(work, "duckdb-pigz.ndjson.gz"), shell=True))
    results.append(measure("floor: pigz -p2 -6 of leadpipe's NDJSON alone",
        lambda: f"pigz -p2 -6 -c {ndjson} > {work}/pigz.gz", os.path.join(work, "pigz.gz"), shell=True))
if shutil.which("libdeflate-gzip"):
    results.append(measure("floor: libdeflate-gzip -6 (one core) of the same NDJSON",
        lambda: f"libdeflate-gzip -6 -c {ndjson} > {work}/libdeflate.gz", os.path.join(work, "libdeflate.gz"), shell=True))
gzip6 = os.path.join(work, "gzip6.gz")
subprocess.run(f"gzip -6 -c {ndjson} > {gzip6}", shell=True, check=True)
gzip6_size = os.path.getsize(gzip6)

base = results[0][1]
lazy = results[1][1]
totals = report["totals"]
print(f"input: {path} ({size/1e6:.1f} MB, {totals['rows_read']:,} rows); medians of {runs} runs, whole processes")
print(f"leadpipe: {totals['added']:,} added, {totals['duplicates']:,} duplicates, {totals['rejected']:,} rejected; "
      f"NDJSON {os.path.getsize(ndjson)/1e6:.1f} MB; gzip -6 of it: {gzip6_size/1e6:.2f} MB")
print("| tool, same job | wall s | peak RSS MiB | output MB | time vs leadpipe |")
print("|---|---:|---:|---:|---:|")
for name, wall, rss, out in results:
    out_text = f"{out/1e6:.2f}" if out else "—"
    print(f"| {name} | {wall:.2f} | {rss:.0f} | {out_text} | {wall/base:.2f}× |")
print(f"leadpipe vs Polars lazy: {lazy/base:.2f}× faster (target ≥ 1.5×); "
      f"shards {results[0][3]/1e6:.2f} MB vs gzip -6 {gzip6_size/1e6:.2f} MB "
      f"({'no larger' if results[0][3] <= gzip6_size else 'LARGER'})")
shutil.rmtree(work)
PY
