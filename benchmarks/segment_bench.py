#!/usr/bin/env python3
"""Segmentation benchmark: `crescent segment run` of benchmarks/value-tiers.lua beside the same
tiering in pure SQL by the sqlite3 shell, by DuckDB over its own database file, and by pandas, on
the same data, in one run.

Usage: python3 benchmarks/segment_bench.py [--rounds N] [--data DIR] [--python PYTHON]
Needs `swift build -c release --product crescent --product crescent-bench`; generates bench-data/ on first use.
PYTHON (default: this one) runs DuckDB and pandas when it has them (pip install duckdb pandas).
Each round starts from a copy of a store holding 1,000,000 customers and 1,500,000 orders with no saved run
(written to disk before the clock starts: DuckDB's own file is not copied),
so every tool computes every metric and writes one membership row per customer ("first run"); the
re-run starts from a copy with that first run saved and tiers as of the next day, writing only the
memberships that changed (DuckDB and sqlite3 have no history: their re-run is their first run).
"""
import argparse
import os
import shutil
import statistics
import tempfile

import subprocess
import sys

from benchlib import CRESCENT, ROOT, build_duckdb, build_store, duckdb_command, ensure_data, timed

AS_OF = "2026-02-15"  # the generated orders end there
NEXT_DAY = "2026-02-16"

SQL = f"""
CREATE TABLE sql_members(customer_id TEXT PRIMARY KEY, tier TEXT NOT NULL) WITHOUT ROWID;
WITH m AS (
  SELECT customer_id,
         sum(CASE WHEN ordered_on >= date('{AS_OF}', '-1 year') THEN amount_e4 ELSE 0 END) / 10000.0 AS revenue_12m,
         julianday('{AS_OF}') - julianday(max(ordered_on)) AS days_since
  FROM orders WHERE ordered_on <= '{AS_OF}' GROUP BY customer_id)
INSERT INTO sql_members
SELECT c.id, CASE
  WHEN coalesce(m.revenue_12m, 0) >= 20000 AND coalesce(m.days_since, 1e308) <= 90 THEN 'A'
  WHEN coalesce(m.revenue_12m, 0) >= 5000 AND coalesce(m.days_since, 1e308) <= 180 THEN 'B'
  WHEN coalesce(m.days_since, 1e308) <= 365 THEN 'C' ELSE 'D' END
FROM customers c LEFT JOIN m ON m.customer_id = c.id;
"""

DUCKDB = f"""
CREATE OR REPLACE TABLE tiers AS
WITH m AS (
  SELECT customer_id,
         sum(CASE WHEN ordered_on >= DATE '{AS_OF}' - INTERVAL 1 YEAR THEN amount_e4 ELSE 0 END) / 10000.0 AS revenue_12m,
         DATE '{AS_OF}' - max(ordered_on) AS days_since
  FROM orders WHERE ordered_on <= DATE '{AS_OF}' GROUP BY customer_id)
SELECT c.id AS customer_id, CASE
  WHEN coalesce(m.revenue_12m, 0) >= 20000 AND coalesce(m.days_since, 1000000000) <= 90 THEN 'A'
  WHEN coalesce(m.revenue_12m, 0) >= 5000 AND coalesce(m.days_since, 1000000000) <= 180 THEN 'B'
  WHEN coalesce(m.days_since, 1000000000) <= 365 THEN 'C' ELSE 'D' END AS tier
FROM customers c LEFT JOIN m ON m.customer_id = c.id
"""

PANDAS = f"""
import sqlite3, sys, pandas as pd
db = sqlite3.connect(sys.argv[1])
orders = pd.read_sql("SELECT customer_id, ordered_on, amount_e4 FROM orders WHERE ordered_on <= '{AS_OF}'", db)
customers = pd.read_sql("SELECT id FROM customers", db)
as_of = pd.Timestamp('{AS_OF}')
orders['day'] = pd.to_datetime(orders['ordered_on'])
recent = orders[orders['day'] >= as_of - pd.DateOffset(years=1)]
rev = (recent.groupby('customer_id')['amount_e4'].sum() / 10000.0).rename('revenue_12m')
last = orders.groupby('customer_id')['day'].max().rename('last')
m = customers.set_index('id').join(rev).join(last)
m['revenue_12m'] = m['revenue_12m'].fillna(0)
days = (as_of - m['last']).dt.days.fillna(float('inf'))
tier = pd.Series('D', index=m.index)
tier[days <= 365] = 'C'
tier[(m['revenue_12m'] >= 5000) & (days <= 180)] = 'B'
tier[(m['revenue_12m'] >= 20000) & (days <= 90)] = 'A'
tier.rename('tier').reset_index().rename(columns={{'index': 'customer_id'}}).to_sql('pandas_members', db, index=False)
db.commit()
"""


def has(python, module):
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    ensure_data(args.data, "orders.csv")
    script = os.path.join(ROOT, "benchmarks/value-tiers.lua")
    work = tempfile.mkdtemp(prefix="crescent-segbench-")
    try:
        base = os.path.join(work, "base.db")
        build_store(base, args.data, ("teams", "reps", "products", "customers", "orders"))
        ran = os.path.join(work, "ran.db")  # the same with the first run saved, for the re-run
        shutil.copy(base, ran)
        subprocess.run([CRESCENT, "segment", "run", script, "--as-of", AS_OF, "--store", ran], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["sqlite3", ran, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, stdout=subprocess.DEVNULL)
        duck = os.path.join(work, "bench.duckdb")
        tools = ["sqlite3", "crescent", "crescent re-run"]
        if has(args.python, "duckdb"):
            build_duckdb(duck, args.data, ("customers", "orders"), args.python)
            tools.insert(0, "duckdb")
        if has(args.python, "pandas"):
            tools.append("pandas")
        results = {tool: [] for tool in tools}
        for round_ in range(args.rounds):
            for tool in (tools if round_ % 2 == 0 else list(reversed(tools))):
                store = os.path.join(work, "round.db")
                shutil.copy(ran if tool == "crescent re-run" else base, store)
                os.sync()  # the copy's writeback is the round's setup, not the timed tool's work
                if tool == "duckdb":
                    results[tool].append(timed(duckdb_command(args.python, duck, [DUCKDB])))
                elif tool == "sqlite3":
                    results[tool].append(timed(["sqlite3", store, SQL]))
                elif tool == "crescent":
                    results[tool].append(timed([CRESCENT, "segment", "run", script, "--as-of", AS_OF, "--store", store]))
                elif tool == "crescent re-run":
                    results[tool].append(timed([CRESCENT, "segment", "run", script, "--as-of", NEXT_DAY, "--store", store]))
                else:
                    results[tool].append(timed([args.python, "-c", PANDAS, store]))
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(store + suffix):
                        os.remove(store + suffix)
    finally:
        shutil.rmtree(work)
    reference_tool = "duckdb" if "duckdb" in results else "sqlite3"
    reference = statistics.median(results[reference_tool])
    print(f"| tool | median s | vs {reference_tool} |")
    print("|---|---:|---:|")
    for tool in tools:
        m = statistics.median(results[tool])
        print(f"| {tool} | {m:.2f} | {m / reference:.2f}x |")
    print("\nall runs (s): " + "; ".join(f"{t}: {', '.join(f'{x:.2f}' for x in v)}" for t, v in results.items()))


if __name__ == "__main__":
    main()
