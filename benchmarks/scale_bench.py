#!/usr/bin/env python3
"""Scale benchmark: the segmentation of segment_bench.py (benchmarks/value-tiers.lua) on a store of
N customers and 1.5 N orders, first run and re-run the next day, with peak memory (/usr/bin/time -v),
and the REPL's start on that store. Run it at 1,000,000 and at 10,000,000 to see how it scales.

Usage: python3 benchmarks/scale_bench.py [--customers N] [--work DIR]
Needs `swift build -c release --product crescent --product crescent-bench`, and room for the store
(10,000,000 customers: about 12 GB of CSV files and stores under DIR).
"""
import argparse
import os
import re
import shutil
import subprocess
import time

from benchlib import BIN, CRESCENT, ROOT

AS_OF, NEXT_DAY = "2026-02-15", "2026-02-16"


def measured(command):
    """Seconds and peak resident memory (MB) of a command, by GNU time."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    h, m, s = seconds.groups()
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return int(h or 0) * 3600 + int(m) * 60 + float(s), peak / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=10_000_000)
    parser.add_argument("--work", default="/tmp/crescent-scale")
    args = parser.parse_args()
    data = os.path.join(args.work, f"data-{args.customers}")
    os.makedirs(args.work, exist_ok=True)
    if not os.path.exists(os.path.join(data, "orders.csv")):
        subprocess.run([os.path.join(BIN, "crescent-bench"), "generate", data, "--customers", str(args.customers),
                        "--orders", str(args.customers * 3 // 2), "--deals", "10000"], check=True)
    store, script = os.path.join(args.work, "store.db"), os.path.join(ROOT, "benchmarks/value-tiers.lua")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    subprocess.run([CRESCENT, "init", "--store", store], check=True, stdout=subprocess.DEVNULL)
    rows = []
    for entity in ("teams", "reps", "products", "customers", "orders"):
        seconds, peak = measured([CRESCENT, "import", entity, os.path.join(data, f"{entity}.csv"), "--store", store])
        if entity in ("customers", "orders"):
            rows.append((f"import {entity}", seconds, peak))
    subprocess.run(["sqlite3", store, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, stdout=subprocess.DEVNULL)
    first = os.path.join(args.work, "first.db")
    shutil.copy(store, first)
    rows.append(("segment run, first", *measured([CRESCENT, "segment", "run", script, "--as-of", AS_OF, "--store", first])))
    subprocess.run(["sqlite3", first, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, stdout=subprocess.DEVNULL)
    rows.append(("segment run, re-run next day", *measured([CRESCENT, "segment", "run", script, "--as-of", NEXT_DAY, "--store", first])))
    starts = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([CRESCENT, "repl", "--store", store], check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        starts.append(time.perf_counter() - start)
    print(f"{args.customers:,} customers, {args.customers * 3 // 2:,} orders")
    print("| step | s | peak MB |")
    print("|---|---:|---:|")
    for name, seconds, peak in rows:
        print(f"| {name} | {seconds:.2f} | {peak:,.0f} |")
    print(f"| REPL start (median of 3) | {sorted(starts)[1]:.3f} | |")


if __name__ == "__main__":
    main()
