#!/usr/bin/env python3
"""Scale benchmark: the segmentation of segment_bench.py (benchmarks/value-tiers.lua) on a store of
N customers and 1.5 N orders, first run and re-run the next day, with peak memory (/usr/bin/time -v),
and the REPL's start on that store. Run it at 1,000,000 and at 10,000,000 to see how it scales.

Usage: python3 benchmarks/scale_bench.py [--customers N] [--work DIR] [--rounds R] [--reuse-store]
Needs `swift build -c release --product crescent --product crescent-bench`, and room for the store
(10,000,000 customers: about 12 GB of CSV files and stores under DIR). Each round copies the
imported store, writes the copy to disk, then times a first run on it and, once its WAL is
checkpointed, a re-run; medians and every run are printed. `--reuse-store` times the runs on the
store an earlier invocation imported into DIR, without generating or importing again.
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
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse-store", action="store_true")
    args = parser.parse_args()
    store, script = os.path.join(args.work, "store.db"), os.path.join(ROOT, "benchmarks/value-tiers.lua")
    rows = [] if args.reuse_store else imported(args.customers, args.work, store)
    subprocess.run(["sqlite3", store, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, stdout=subprocess.DEVNULL)
    first = os.path.join(args.work, "first.db")
    runs = {"segment run, first": [], "segment run, re-run next day": []}
    for _ in range(args.rounds):
        for suffix in ("-wal", "-shm"):
            if os.path.exists(first + suffix):
                os.remove(first + suffix)
        shutil.copy(store, first)
        os.sync()  # the copy on disk before the clock starts: its writing back is no part of the run
        runs["segment run, first"].append(measured([CRESCENT, "segment", "run", script, "--as-of", AS_OF, "--store", first]))
        subprocess.run(["sqlite3", first, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, stdout=subprocess.DEVNULL)
        os.sync()
        runs["segment run, re-run next day"].append(
            measured([CRESCENT, "segment", "run", script, "--as-of", NEXT_DAY, "--store", first]))
    for name, measures in runs.items():
        rows.append((name, median([s for s, _ in measures]), max(p for _, p in measures)))
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
    print()
    print(f"segment runs: medians of {args.rounds}, the largest peak; every run (s):")
    for name, measures in runs.items():
        print(f"  {name}: " + ", ".join(f"{s:.2f}" for s, _ in measures))


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def imported(customers, work, store):
    """Generates the data (unless it is there) and imports it into a new store; the imports' rows."""
    data = os.path.join(work, f"data-{customers}")
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(os.path.join(data, "orders.csv")):
        subprocess.run([os.path.join(BIN, "crescent-bench"), "generate", data, "--customers", str(customers),
                        "--orders", str(customers * 3 // 2), "--deals", "10000"], check=True)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    subprocess.run([CRESCENT, "init", "--store", store], check=True, stdout=subprocess.DEVNULL)
    rows = []
    for entity in ("teams", "reps", "products", "customers", "orders"):
        seconds, peak = measured([CRESCENT, "import", entity, os.path.join(data, f"{entity}.csv"), "--store", store])
        if entity in ("customers", "orders"):
            rows.append((f"import {entity}", seconds, peak))
    return rows


if __name__ == "__main__":
    main()
