#!/usr/bin/env python3
"""Two crescent binaries side by side on the same import, in one run: the cost of a change.

Usage: python3 benchmarks/import_compare.py BEFORE_BINARY AFTER_BINARY [--rounds N] [--data DIR]
Uses the data of import_bench.py (bench-data/, made on its first run). Alternates which binary goes
first each round; prints a Markdown table of medians and the ratio after/before.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile

from benchlib import ROOT, timed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    args = parser.parse_args()
    binaries = {"before": args.before, "after": args.after}
    results = {(name, entity): [] for name in binaries for entity in ("customers", "orders")}
    work = tempfile.mkdtemp(prefix="crescent-compare-")
    try:
        for round_ in range(args.rounds):
            for name in (["before", "after"] if round_ % 2 == 0 else ["after", "before"]):
                binary, store = binaries[name], os.path.join(work, f"{name}{round_}.db")
                subprocess.run([binary, "init", "--store", store], check=True, stdout=subprocess.DEVNULL)
                for entity in ("teams", "reps", "products", "customers", "orders"):
                    seconds = timed([binary, "import", entity, os.path.join(args.data, f"{entity}.csv"), "--store", store])
                    if (name, entity) in results:
                        results[(name, entity)].append(seconds)
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(store + suffix):
                        os.remove(store + suffix)
    finally:
        shutil.rmtree(work)
    print("| file | before (median s) | after (median s) | after / before |")
    print("|---|---:|---:|---:|")
    for entity in ("customers", "orders"):
        before, after = statistics.median(results[("before", entity)]), statistics.median(results[("after", entity)])
        print(f"| {entity}.csv | {before:.2f} | {after:.2f} | {after / before:.2f}x |")
    print("\nall runs (s): " + "; ".join(f"{k[0]} {k[1]}: {', '.join(f'{x:.2f}' for x in v)}" for k, v in results.items()))


if __name__ == "__main__":
    main()
