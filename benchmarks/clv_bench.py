#!/usr/bin/env python3
"""Customer value benchmark: fit BG/NBD and Gamma-Gamma to the generated store's orders and score
every customer (p_alive, expected purchases in 90 days, expected order value, 12-month CLV), with
Crescent (`crescent clv fit`, then `crescent segment run scripts/segments/clv.lua --dry-run`, which
scores every customer and tiers them in Lua) beside the `lifetimes` package doing the same from the
orders CSV in one Python process, alternating, in one run.

Usage: python3 benchmarks/clv_bench.py [--rounds N] [--data DIR] [--python PYTHON]
Needs `swift build -c release --product crescent --product crescent-bench` and a Python with
lifetimes 0.11.3 (python3 -m venv /tmp/ltenv && /tmp/ltenv/bin/pip install lifetimes==0.11.3).
Timings only: amounts are taken as they are in the file by lifetimes (Crescent converts currencies);
the models' agreement with lifetimes is checked on CDNOW by the tests (docs/clv.md).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile

from benchlib import CRESCENT, ROOT, build_store, ensure_data, timed

AS_OF = "2026-02-15"  # the generated orders end there

LIFETIMES = r"""
import sys, time
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
start = time.perf_counter()
orders = pd.read_csv(sys.argv[1], usecols=["customer_id", "ordered_on", "amount"], parse_dates=["ordered_on"])
read = time.perf_counter()
s = summary_data_from_transaction_data(orders, "customer_id", "ordered_on", monetary_value_col="amount",
                                       observation_period_end=sys.argv[2], freq="D")
x, tx, T = s["frequency"], s["recency"] / 7, s["T"] / 7  # s.T is the transpose
bg = BetaGeoFitter().fit(x, tx, T)
repeat = s[(s.frequency > 0) & (s.monetary_value > 0)]
gg = GammaGammaFitter().fit(repeat.frequency, repeat.monetary_value)
alive = bg.conditional_probability_alive(x, tx, T)
expected = bg.conditional_expected_number_of_purchases_up_to_time(90 / 7, x, tx, T)
value = gg.conditional_expected_average_profit(x, s.monetary_value.where(x > 0, 0))
clv = gg.customer_lifetime_value(bg, x, tx, T, s.monetary_value.where(x > 0, 0), time=12, discount_rate=0.01, freq="W")
done = time.perf_counter()
print(f"{read - start:.3f} {done - read:.3f} {len(s)} {bg.params_['r']:.4f} {bg.params_['a']:.4f}")
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    parser.add_argument("--python", default="/tmp/ltenv/bin/python")
    args = parser.parse_args()
    ensure_data(args.data, "orders.csv")
    work = tempfile.mkdtemp(prefix="clv-bench-")
    try:
        store = os.path.join(work, "bench.db")
        build_store(store, args.data, ["teams", "reps", "products", "customers", "orders"])
        shutil.copytree(os.path.join(ROOT, "scripts"), os.path.join(work, "scripts"))
        script = os.path.join(work, "lifetimes_run.py")
        with open(script, "w") as f:
            f.write(LIFETIMES)
        fits, scores, totals, theirs, their_reads = [], [], [], [], []
        for round in range(args.rounds):
            fit = timed([CRESCENT, "clv", "fit", "--store", store, "--as-of", AS_OF], cwd=work)
            score = timed([CRESCENT, "segment", "run", "scripts/segments/clv.lua", "--dry-run", "--store", store, "--as-of", AS_OF], cwd=work)
            fits.append(fit); scores.append(score); totals.append(fit + score)
            out = subprocess.run([args.python, script, os.path.join(args.data, "orders.csv"), AS_OF],
                                 check=True, capture_output=True, text=True).stdout.split()
            their_reads.append(float(out[0])); theirs.append(float(out[1]))
            print(f"round {round + 1}: crescent fit {fit:.2f} s + score and tier {score:.2f} s = {fit + score:.2f} s; "
                  f"lifetimes CSV read {out[0]} s, fit and score {out[1]} s ({out[2]} customers, r {out[3]}, a {out[4]})", flush=True)
        crescent, lifetimes = statistics.median(totals), statistics.median(theirs)
        print(f"median: crescent {crescent:.2f} s (fit {statistics.median(fits):.2f}, score {statistics.median(scores):.2f}); "
              f"lifetimes {lifetimes:.2f} s after a {statistics.median(their_reads):.2f} s CSV read; "
              f"lifetimes / crescent = {lifetimes / crescent:.1f}x (goal: at least 10x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
