"""Writes lifetimes-reference.json: what the `lifetimes` package (0.11.3, PyPI) fits and predicts
on this CDNOW sample, for Crescent's tests to compare with. Run once, from the repository root:

    python3 -m venv /tmp/ltenv && /tmp/ltenv/bin/pip install lifetimes==0.11.3
    /tmp/ltenv/bin/python Tests/Data/cdnow/make_reference.py

Calibration ends 1997-09-30 (39 weeks, as in the papers); orders of one day are one purchase of
their total; time is days, or days / 7 for weeks (so T = 38.86 weeks as in the papers' data)."""
import json, os
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import calibration_and_holdout_data, expected_cumulative_transactions

here = os.path.dirname(os.path.abspath(__file__))
orders = pd.read_csv(os.path.join(here, "orders.csv"), parse_dates=["ordered_on"])
summary = calibration_and_holdout_data(orders, "customer_id", "ordered_on", calibration_period_end="1997-09-30",
                                       observation_period_end="1998-06-30", freq="D", monetary_value_col="amount")
customers = ["CD0001", "CD0002", "CD0003", "CD0018", "CD0145", "CD1130", "CD2357"]
out = {"source": "lifetimes 0.11.3, make_reference.py", "calibration_end": "1997-09-30", "customers": len(summary), "fits": {}}
for unit, per_day, months_factor in (("week", 7.0, "W"), ("day", 1.0, "D")):
    x, tx, T = summary["frequency_cal"], summary["recency_cal"] / per_day, summary["T_cal"] / per_day
    bg = BetaGeoFitter().fit(x, tx, T)
    repeat = summary[summary.frequency_cal > 0]
    gg = GammaGammaFitter().fit(repeat.frequency_cal, repeat.monetary_value_cal)
    clv = gg.customer_lifetime_value(bg, x, tx, T, summary.monetary_value_cal, time=12, discount_rate=0.01, freq=months_factor)
    t90 = 90 / per_day
    rows = []
    for c in customers:
        s = summary.loc[c]
        args = (s.frequency_cal, s.recency_cal / per_day, s.T_cal / per_day)
        rows.append({"customer": c, "frequency": int(args[0]), "recency": args[1], "age": args[2], "monetary": s.monetary_value_cal,
                     "p_alive": float(bg.conditional_probability_alive(*args)[0]),
                     "expected_orders_90d": float(bg.conditional_expected_number_of_purchases_up_to_time(t90, *args)),
                     "expected_order_value": float(gg.conditional_expected_average_profit(s.frequency_cal, s.monetary_value_cal)),
                     "clv_12m": float(clv.loc[c])})
    out["fits"][unit] = {"bg_nbd": {k: float(v) for k, v in bg.params_.items()},
                         "gamma_gamma": {"p": float(gg.params_["p"]), "q": float(gg.params_["q"]), "gamma": float(gg.params_["v"])},
                         "repeat_buyers": len(repeat), "predictions": rows}
# The papers' tracking figure: cumulative repeat purchases per week over the 78 weeks, actual and as the
# weekly fit expects them (lifetimes' expected_cumulative_transactions, one purchase per customer and day).
x, tx, T = summary.frequency_cal, summary.recency_cal / 7, summary.T_cal / 7
weekly = BetaGeoFitter().fit(x, tx, T)
tracking = expected_cumulative_transactions(weekly, orders, "ordered_on", "customer_id", t=546, freq="D", freq_multiplier=7)
out["tracking"] = {"actual": [int(v) for v in tracking.actual], "predicted": [float(v) for v in tracking.predicted]}
with open(os.path.join(here, "lifetimes-reference.json"), "w") as f:
    json.dump(out, f, indent=1)
