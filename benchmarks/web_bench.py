#!/usr/bin/env python3
"""Web workbench benchmark: `wrk` (Debian) against `crescent serve` on the 1,000,000-customer store,
20 concurrent clients for 30 seconds on the dashboard and on a KPI page, beside the same result
computed by the command line (one process per run) in the same run. Reports latency percentiles,
requests per second, errors, and the server's memory before and after.

Usage: python3 benchmarks/web_bench.py [--seconds 30] [--clients 20] [--rounds 5] [--data DIR]
Needs `swift build -c release --product crescent --product crescent-bench` and `apt-get install wrk`;
generates bench-data/ on first use.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

from benchlib import CRESCENT, ROOT, build_store, ensure_data, timed

PERIOD = "2025-Q3"  # the generated orders end in 2026-02
PAGES = {
    "dashboard": f"/?period={PERIOD}",
    "KPI page (revenue by rep, yoy)": f"/kpis/revenue?period={PERIOD}&by=rep&compare=yoy",
}
COMMANDS = {
    "dashboard": ["report", "dashboard", "--param", f"period={PERIOD}", "--format", "html"],
    "KPI page (revenue by rep, yoy)": ["kpi", "revenue", "--period", PERIOD, "--by", "rep", "--compare", "yoy", "--format", "html"],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def to_ms(text):
    value, unit = float(re.match(r"([\d.]+)", text).group(1)), re.search(r"(us|ms|s)$", text).group(1)
    return value / 1000 if unit == "us" else value if unit == "ms" else value * 1000


def wrk(url, seconds, clients):
    out = subprocess.run(["wrk", "--latency", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s", url],
                         check=True, capture_output=True, text=True).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "p50": to_ms(latency["50"]), "p90": to_ms(latency["90"]), "p99": to_ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "errors": (int(errors.group(1)) if errors else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    args = parser.parse_args()
    ensure_data(args.data, "deals.csv")
    work = tempfile.mkdtemp(prefix="crescent-webbench-")
    server = None
    try:
        store = os.path.join(work, "store.db")
        build_store(store, args.data, ("teams", "reps", "products", "customers", "orders", "deals", "deal_stage_history"))
        # The command line: one process per result, as a script or cron job would run it.
        cli = {name: statistics.median(timed([CRESCENT] + command + ["--store", store], cwd=ROOT) for _ in range(args.rounds))
               for name, command in COMMANDS.items()}
        port = free_port()
        server = subprocess.Popen([CRESCENT, "serve", "--port", str(port), "--store", store], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        server.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        # The first request computes the page (the store as it is now); the load after it reads the kept page
        # until the store changes.
        first = {}
        for name, path in PAGES.items():
            start = time.perf_counter()
            urllib.request.urlopen(base + path, timeout=300).read()
            first[name] = time.perf_counter() - start
        memory_before = rss_kb(server.pid)
        results = {name: wrk(base + path, args.seconds, args.clients) for name, path in PAGES.items()}
        memory_after = rss_kb(server.pid)
    finally:
        if server:
            server.terminate()
        shutil.rmtree(work)
    print(f"| page ({args.clients} clients, {args.seconds} s) | median ms | p90 ms | p99 ms | requests/s | errors "
          "| first request (computes) ms | command line, one run (median ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['p50']:.1f} | {r['p90']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} | {r['errors']} | {first[name] * 1000:.0f} "
              f"| {cli[name] * 1000:.0f} |")
    print(f"\nserver memory: {memory_before / 1024:.0f} MB after warming, {memory_after / 1024:.0f} MB after the runs")


if __name__ == "__main__":
    main()
