#!/usr/bin/env python3
"""PostgreSQL store benchmark, in one run on one machine:
- import: `crescent import` into a PostgreSQL store beside `psql \\copy` of the same files into bare
  tables (text columns, no keys or indexes: the server's raw bulk path), the same followed by the
  keys and indexes a store has, and the server's own part of a first load into a store (its typed
  table filled by `\\copy` from a file already in the store's form, keys, indexes, ANALYZE);
- segmentation (scripts/segments/value-tier.lua, every customer, first run) and the KPI and funnel
  runs of kpi_bench.py, by the same binary on a SQLite store and on a PostgreSQL store holding the
  same generated data.

Usage: python3 benchmarks/postgres_bench.py [--rounds N] [--data DIR] [--server postgres://...]
Needs `swift build -c release --product crescent --product crescent-bench`, psql, and a server: by
default the checkout's private one (`.ci/postgres start`, fsync off), else --server (a role that may
create databases). Generates bench-data/ on first use.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile

from benchlib import CRESCENT, ROOT, build_store, ensure_data, timed

AS_OF = "2026-02-15"  # the generated orders end there
ENTITIES = ("teams", "reps", "products", "customers", "orders", "deals", "deal_stage_history")


def psql(url, *commands):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url] + [a for c in commands for a in ("-c", c)],
                   check=True, stdout=subprocess.DEVNULL)


def database(server, name):
    """A new, empty database on the server; its URL."""
    psql(server, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


# The keys and indexes a Crescent store has on these tables.
KEYS = {
    "customers": ["ALTER TABLE customers ADD PRIMARY KEY (id)"],
    "orders": ["ALTER TABLE orders ADD PRIMARY KEY (id)", "CREATE INDEX ON orders(ordered_on)",
               "CREATE INDEX ON orders(customer_id, ordered_on)"],
}


def raw_copy(url, csv, table):
    """The reference: a bare table of text columns named by the header (compared as bytes, as
    Crescent's are), filled by psql's \\copy; then, timed apart, the keys and indexes a store has."""
    with open(csv, encoding="utf-8") as f:
        columns = f.readline().strip().split(",")
    typed = ", ".join(f'{c} text COLLATE "C"' for c in columns)
    psql(url, f"DROP TABLE IF EXISTS {table}", f"CREATE TABLE {table} ({typed})")
    copy = timed(["psql", "-q", url, "-c", f"\\copy {table} FROM '{csv}' WITH (FORMAT csv, HEADER)"])
    keys = timed(["psql", "-q", url, "-c", "SET maintenance_work_mem = '256MB'", *[a for k in KEYS[table] for a in ("-c", k)]])
    return copy, keys


def canonical_orders(csv, folder):
    """orders.csv with its amounts as the store keeps them (ten-thousandths, column amount_e4)."""
    from decimal import Decimal
    out = os.path.join(folder, "orders.csv")
    with open(csv, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
        header = f.readline().strip().split(",")
        amount = header.index("amount")
        header[amount] = "amount_e4"
        o.write(",".join(header) + "\n")
        for line in f:  # the generated file has no quoted fields
            fields = line.rstrip("\n").split(",")
            fields[amount] = str(int(Decimal(fields[amount]) * 10000)) if fields[amount] else ""
            o.write(",".join(fields) + "\n")
    return out


def server_floor(store, csv, table):
    """The server's own part of a first load, with no client checks: in one transaction, the store's
    table emptied of its keys and indexes, filled by psql's \\copy of a file already in the store's
    form, then its keys and indexes built and ANALYZE run, as `crescent import` does."""
    query = ["psql", "-At", "-F", "\t", store, "-c", f"""
        SELECT 'ALTER TABLE {table} DROP CONSTRAINT ' || conname, 'ALTER TABLE {table} ADD CONSTRAINT ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE conrelid = '{table}'::regclass AND contype = 'p'
        UNION ALL
        SELECT 'DROP INDEX ' || indexname, indexdef FROM pg_indexes
        WHERE tablename = '{table}' AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = '{table}'::regclass)"""]
    pairs = [line.split("\t") for line in subprocess.run(query, check=True, capture_output=True, text=True).stdout.splitlines()]
    with open(csv, encoding="utf-8") as f:
        columns = f.readline().strip()
    commands = (["BEGIN"] + [drop for drop, _ in pairs]
                + [f"\\copy {table}({columns}) FROM '{csv}' WITH (FORMAT csv, HEADER)", "SET LOCAL maintenance_work_mem = '256MB'"]
                + [build for _, build in pairs] + [f"ANALYZE {table}", "COMMIT"])
    return timed(["psql", "-q", "-v", "ON_ERROR_STOP=1", store] + [a for c in commands for a in ("-c", c)])


def median_table(title, results, pairs):
    print(f"\n{title}\n")
    print("| run | reference (median s) | crescent (median s) | ratio |")
    print("|---|---:|---:|---:|")
    for name, reference, ours in pairs:
        r, c = statistics.median(results[reference]), statistics.median(results[ours])
        print(f"| {name} | {r:.2f} | {c:.2f} | {c / r:.2f}x |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    parser.add_argument("--server")
    args = parser.parse_args()
    ensure_data(args.data, "deals.csv")
    server = args.server or subprocess.run([os.path.join(ROOT, ".ci/postgres"), "start"], check=True,
                                           capture_output=True, text=True).stdout.strip()
    results = {}

    def add(name, seconds):
        results.setdefault(name, []).append(seconds)

    # Import: each round a fresh raw database and fresh stores, alternating who goes first.
    raw = database(server, "bench_raw")
    canonical = tempfile.mkdtemp(prefix="crescent-pgbench-")
    in_store_form = {"customers": os.path.join(args.data, "customers.csv"),
                     "orders": canonical_orders(os.path.join(args.data, "orders.csv"), canonical)}
    for round_ in range(args.rounds):
        store, floor = database(server, "bench_store"), database(server, "bench_floor")
        for location in (store, floor):
            subprocess.run([CRESCENT, "init", "--store", location], check=True, stdout=subprocess.DEVNULL)
            for entity in ("teams", "reps", "products"):
                subprocess.run([CRESCENT, "import", entity, os.path.join(args.data, f"{entity}.csv"), "--store", location],
                               check=True, stdout=subprocess.DEVNULL)
        for entity in ("customers", "orders"):
            csv = os.path.join(args.data, f"{entity}.csv")
            for tool in (["psql", "floor", "crescent"] if round_ % 2 == 0 else ["crescent", "floor", "psql"]):
                if tool == "psql":
                    copy, keys = raw_copy(raw, csv, entity)
                    add(f"{entity} psql", copy)
                    add(f"{entity} psql+keys", copy + keys)
                elif tool == "floor":
                    add(f"{entity} server floor", server_floor(floor, in_store_form[entity], entity))
                else:
                    add(f"{entity} crescent", timed([CRESCENT, "import", entity, csv, "--store", store]))
    shutil.rmtree(canonical)
    for entity in ("deals", "deal_stage_history"):
        subprocess.run([CRESCENT, "import", entity, os.path.join(args.data, f"{entity}.csv"), "--store", store],
                       check=True, stdout=subprocess.DEVNULL)
    psql(store, "VACUUM ANALYZE")
    median_table("Import into PostgreSQL: `psql \\copy` into bare tables vs `crescent import` (checked, keyed, indexed)",
                 results, [(f"{e}.csv", f"{e} psql", f"{e} crescent") for e in ("customers", "orders")])
    median_table("The same, the reference building the keys and indexes a store has after its `\\copy`",
                 results, [(f"{e}.csv", f"{e} psql+keys", f"{e} crescent") for e in ("customers", "orders")])
    median_table("The same, the reference the server's own part of a first load (`\\copy` of a file in the store's form "
                 "into the store's table, then its keys, indexes and ANALYZE; no client checks)",
                 results, [(f"{e}.csv", f"{e} server floor", f"{e} crescent") for e in ("customers", "orders")])

    # Segmentation, KPIs, funnel: the same commands on both backends.
    work = tempfile.mkdtemp(prefix="crescent-pgbench-")
    try:
        base = os.path.join(work, "base.db")
        build_store(base, args.data, ENTITIES)
        sqlite = os.path.join(work, "store.db")
        script = os.path.join(ROOT, "scripts/segments/value-tier.lua")
        commands = {
            "segmentation": ["segment", "run", script, "--as-of", AS_OF],
            "revenue by rep, yoy": ["kpi", "revenue", "--period", "2025-Q3", "--by", "rep", "--compare", "yoy", "--as-of", AS_OF, "--format", "json"],
            "funnel 2025": ["funnel", "--period", "2025", "--as-of", AS_OF, "--format", "json"],
        }
        for round_ in range(args.rounds):
            # Every segmentation is a first run: no saved run to compare with, a membership row per customer.
            shutil.copy(base, sqlite)
            psql(store, "TRUNCATE segment_runs, segment_members RESTART IDENTITY")
            for name, command in commands.items():
                for backend in (["sqlite", "postgres"] if round_ % 2 == 0 else ["postgres", "sqlite"]):
                    location = sqlite if backend == "sqlite" else store
                    add(f"{name} {backend}", timed([CRESCENT, *command, "--store", location]))
    finally:
        shutil.rmtree(work)
    median_table("The same commands on a SQLite store (reference) and on a PostgreSQL store",
                 results, [(name, f"{name} sqlite", f"{name} postgres") for name in commands])
    print("\nall runs (s): " + "; ".join(f"{k}: {', '.join(f'{x:.2f}' for x in v)}" for k, v in results.items()))


if __name__ == "__main__":
    main()
