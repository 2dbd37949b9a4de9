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
