"""What the benchmark scripts share: where the release binaries are, timing a command, the
generated data, and a store built from it with Crescent's own import."""
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The release binaries: .build/release, or CRESCENT_BIN (a build with --scratch-path elsewhere).
BIN = os.environ.get("CRESCENT_BIN") or os.path.join(ROOT, ".build", "release")
CRESCENT = os.path.join(BIN, "crescent")


def timed(command, **kwargs):
    """Seconds a command takes, its output discarded."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def ensure_data(folder, needed_file):
    """Generates the benchmark data into `folder` unless `needed_file` is already there."""
    if not os.path.exists(os.path.join(folder, needed_file)):
        subprocess.run([os.path.join(BIN, "crescent-bench"), "generate", folder], check=True)


def build_store(store, data, entities):
    """A new store at `store` holding the generated files of `entities`, checkpointed."""
    subprocess.run([CRESCENT, "init", "--store", store], check=True, stdout=subprocess.DEVNULL)
    for entity in entities:
        subprocess.run([CRESCENT, "import", entity, os.path.join(data, f"{entity}.csv"), "--store", store],
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["sqlite3", store, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, stdout=subprocess.DEVNULL)


# The generated CSVs as DuckDB tables, days and times in DuckDB's own types, amounts in
# ten-thousandths as Crescent keeps them.
DUCKDB_TABLES = {
    "customers": "SELECT * FROM read_csv('{f}', header = true)",
    "orders": "SELECT * EXCLUDE (amount), CAST(round(amount * 10000) AS BIGINT) AS amount_e4 FROM read_csv('{f}', header = true)",
    "deals": "SELECT * EXCLUDE (amount), CAST(round(amount * 10000) AS BIGINT) AS amount_e4 FROM read_csv('{f}', header = true)",
    "deal_stage_history": "SELECT * FROM read_csv('{f}', header = true)",
}


def build_duckdb(database, data, tables, python):
    """A DuckDB database file at `database` holding `tables` of the generated data, loaded once."""
    statements = [f"CREATE TABLE {t} AS " + DUCKDB_TABLES[t].format(f=os.path.join(data, f"{t}.csv")) for t in tables]
    subprocess.run(duckdb_command(python, database, statements), check=True, stdout=subprocess.DEVNULL)


def duckdb_command(python, database, statements):
    """A process that opens `database` with DuckDB's Python package and runs `statements`, each
    result fetched whole (Python's start and DuckDB's import included, as an analyst's script has them)."""
    return [python, "-c", "import duckdb, sys\nc = duckdb.connect(sys.argv[1])\nfor s in sys.argv[2:]: c.execute(s).fetchall()",
            database] + list(statements)
