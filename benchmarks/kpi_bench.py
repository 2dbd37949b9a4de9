#!/usr/bin/env python3
"""KPI and funnel benchmark: `crescent kpi revenue --by rep --compare yoy` for a quarter and the full
`crescent funnel` report for a year, each beside the same numbers computed by the sqlite3 shell on
the same store, in one run.

DuckDB answers the same queries over its own database file, loaded once from the same CSVs, when
PYTHON (default: this one) has it (pip install duckdb).

Usage: python3 benchmarks/kpi_bench.py [--rounds N] [--data DIR] [--python PYTHON]
Needs `swift build -c release --product crescent --product crescent-bench`; generates bench-data/ on first use
(1,000,000 customers, 1,500,000 orders, 200,000 deals with their stage history).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchlib import CRESCENT, ROOT, build_duckdb, build_store, duckdb_command, ensure_data, timed

AS_OF = "2026-02-15"  # the generated orders end there

# Revenue per rep for 2025-Q3 and for the same quarter a year before, as one result.
REVENUE_SQL = """
SELECT rep_id,
       sum(CASE WHEN ordered_on BETWEEN '2025-07-01' AND '2025-09-30' THEN amount_e4 ELSE 0 END) / 10000.0,
       sum(CASE WHEN ordered_on BETWEEN '2024-07-01' AND '2024-09-30' THEN amount_e4 ELSE 0 END) / 10000.0
FROM orders
WHERE ordered_on BETWEEN '2024-07-01' AND '2024-09-30' OR ordered_on BETWEEN '2025-07-01' AND '2025-09-30'
GROUP BY rep_id ORDER BY 2 DESC;
"""

# Per stage: deals entering in 2025, how many moved on, mean dwell days; then closed deals of 2025.
FUNNEL_SQL = """
WITH h AS (
  SELECT deal_id, stage, entered_at,
         lead(entered_at) OVER (PARTITION BY deal_id ORDER BY entered_at) AS next_at,
         lead(stage) OVER (PARTITION BY deal_id ORDER BY entered_at) AS next_stage
  FROM deal_stage_history)
SELECT stage, count(*), sum(next_stage IS NOT NULL AND next_stage <> 'lost'),
       avg(julianday(next_at) - julianday(entered_at))
FROM h WHERE entered_at BETWEEN '2025-01-01' AND '2025-12-31T23:59:59' AND stage NOT IN ('won', 'lost')
GROUP BY stage;
SELECT sum(status = 'won'), sum(status = 'lost'),
       avg(CASE WHEN status = 'won' THEN julianday(closed_on) - julianday(created_on) END),
       avg(CASE WHEN status = 'won' THEN amount_e4 / 10000.0 END)
FROM deals WHERE closed_on BETWEEN '2025-01-01' AND '2025-12-31';
SELECT stage, count(*), sum(amount_e4) / 10000.0 FROM deals WHERE status = 'open' GROUP BY stage;
"""

# The same in DuckDB's dialect, over its own types (days as DATE, stage times as TIMESTAMP).
REVENUE_DUCKDB = [REVENUE_SQL.replace("'20", "DATE '20").strip().rstrip(";")]
FUNNEL_DUCKDB = [
    """
    WITH h AS (
      SELECT deal_id, stage, entered_at, lead(entered_at) OVER w AS next_at, lead(stage) OVER w AS next_stage
      FROM deal_stage_history WINDOW w AS (PARTITION BY deal_id ORDER BY entered_at))
    SELECT stage, count(*), sum(CASE WHEN next_stage IS NOT NULL AND next_stage <> 'lost' THEN 1 ELSE 0 END),
           avg(epoch(next_at) - epoch(entered_at)) / 86400
    FROM h WHERE entered_at BETWEEN TIMESTAMP '2025-01-01' AND TIMESTAMP '2025-12-31 23:59:59' AND stage NOT IN ('won', 'lost')
    GROUP BY stage""",
    """
    SELECT sum(CASE WHEN status = 'won' THEN 1 ELSE 0 END), sum(CASE WHEN status = 'lost' THEN 1 ELSE 0 END),
           avg(CASE WHEN status = 'won' THEN closed_on - created_on END),
           avg(CASE WHEN status = 'won' THEN amount_e4 / 10000.0 END)
    FROM deals WHERE closed_on BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""",
    "SELECT stage, count(*), sum(amount_e4) / 10000.0 FROM deals WHERE status = 'open' GROUP BY stage",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    crescent = CRESCENT
    ensure_data(args.data, "deals.csv")

    work = tempfile.mkdtemp(prefix="crescent-kpibench-")
    try:
        store = os.path.join(work, "store.db")
        build_store(store, args.data, ("teams", "reps", "products", "customers", "orders", "deals", "deal_stage_history"))
        runs = {
            "revenue by rep, yoy: crescent": [crescent, "kpi", "revenue", "--period", "2025-Q3", "--by", "rep", "--compare", "yoy",
                                               "--as-of", AS_OF, "--format", "json", "--store", store],
            "revenue by rep, yoy: sqlite3": ["sqlite3", store, REVENUE_SQL],
            "funnel 2025: crescent": [crescent, "funnel", "--period", "2025", "--as-of", AS_OF, "--format", "json", "--store", store],
            "funnel 2025: sqlite3": ["sqlite3", store, FUNNEL_SQL],
        }
        if subprocess.run([args.python, "-c", "import duckdb"], capture_output=True).returncode == 0:
            duck = os.path.join(work, "bench.duckdb")
            build_duckdb(duck, args.data, ("orders", "deals", "deal_stage_history"), args.python)
            runs["revenue by rep, yoy: duckdb"] = duckdb_command(args.python, duck, REVENUE_DUCKDB)
            runs["funnel 2025: duckdb"] = duckdb_command(args.python, duck, FUNNEL_DUCKDB)
        results = {name: [] for name in runs}
        for round_ in range(args.rounds):
            for name in (list(runs) if round_ % 2 == 0 else list(reversed(runs))):
                results[name].append(timed(runs[name]))
    finally:
        shutil.rmtree(work)
    print("| run | median s | vs sqlite3 | vs duckdb |")
    print("|---|---:|---:|---:|")
    for name in runs:
        m = statistics.median(results[name])
        ratios = []
        for tool in ("sqlite3", "duckdb"):
            reference = results.get(name.split(":")[0] + ": " + tool)
            ratios.append(f"{m / statistics.median(reference):.2f}x" if reference else "")
        print(f"| {name} | {m:.3f} | {' | '.join(ratios)} |")
    print("\nall runs (s): " + "; ".join(f"{t}: {', '.join(f'{x:.3f}' for x in v)}" for t, v in results.items()))


if __name__ == "__main__":
    main()
