#!/usr/bin/env python3
"""Import benchmark: Crescent's validated import beside the sqlite3 shell's raw .import, in one run.

Usage: python3 benchmarks/import_bench.py [--customers N] [--orders N] [--rounds N] [--data DIR]
Builds nothing: run `swift build -c release` first. Prints a Markdown table of medians and ratios.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchlib import BIN, ROOT, timed


def sqlite_import(db, csv, table):
    """The reference: sqlite3's own CSV import into a table it creates from the header."""
    return timed(["sqlite3", db, "-cmd", ".mode csv", f".import {csv} {table}"])


def crescent(*args, store):
    return timed([os.path.join(BIN, "crescent"), *args, "--store", store])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=1_500_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    args = parser.parse_args()

    data = args.data
    if not os.path.exists(os.path.join(data, "orders.csv")):
        print(f"generating {args.customers} customers and {args.orders} orders in {data}", file=sys.stderr)
        subprocess.run([os.path.join(BIN, "crescent-bench"), "generate", data,
                        "--customers", str(args.customers), "--orders", str(args.orders)], check=True)

    results = {("sqlite3", "customers"): [], ("sqlite3", "orders"): [],
               ("crescent", "customers"): [], ("crescent", "orders"): []}
    work = tempfile.mkdtemp(prefix="crescent-bench-")
    try:
        for round_ in range(args.rounds):
            print(f"round {round_ + 1}/{args.rounds}", file=sys.stderr)
            raw = os.path.join(work, f"raw{round_}.db")
            subprocess.run(["sqlite3", raw, "PRAGMA journal_mode=WAL;"], check=True, stdout=subprocess.DEVNULL)
            store = os.path.join(work, f"store{round_}.db")
            subprocess.run([os.path.join(BIN, "crescent"), "init", "--store", store], check=True, stdout=subprocess.DEVNULL)
            for entity in ("teams", "reps", "products"):
                crescent("import", entity, os.path.join(data, f"{entity}.csv"), store=store)
            # Alternate who goes first, so neither always meets a warm or a cold page cache.
            order = ["sqlite3", "crescent"] if round_ % 2 == 0 else ["crescent", "sqlite3"]
            for entity in ("customers", "orders"):
                csv = os.path.join(data, f"{entity}.csv")
                for tool in order:
                    if tool == "sqlite3":
                        results[(tool, entity)].append(sqlite_import(raw, csv, entity))
                    else:
                        results[(tool, entity)].append(crescent("import", entity, csv, store=store))
            os.remove(raw)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(store + suffix):
                    os.remove(store + suffix)
    finally:
        shutil.rmtree(work)

    print(f"| file | rows | sqlite3 .import (median s) | crescent import (median s) | ratio |")
    print(f"|---|---:|---:|---:|---:|")
    for entity, rows in (("customers", args.customers), ("orders", args.orders)):
        s = statistics.median(results[("sqlite3", entity)])
        c = statistics.median(results[("crescent", entity)])
        print(f"| {entity}.csv | {rows:,} | {s:.2f} | {c:.2f} | {c / s:.2f}x |")
    total_s = statistics.median([a + b for a, b in zip(results[("sqlite3", "customers")], results[("sqlite3", "orders")])])
    total_c = statistics.median([a + b for a, b in zip(results[("crescent", "customers")], results[("crescent", "orders")])])
    print(f"| both | {args.customers + args.orders:,} | {total_s:.2f} | {total_c:.2f} | {total_c / total_s:.2f}x |")
    print(f"\nall runs (s): " + "; ".join(f"{k[0]} {k[1]}: {', '.join(f'{x:.2f}' for x in v)}" for k, v in results.items()))


if __name__ == "__main__":
    main()
