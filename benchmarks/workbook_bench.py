#!/usr/bin/env python3
"""Workbook import benchmark: Crescent's validated import of a 1,000,000-row customers workbook
beside openpyxl reading the same file in read-only mode and pandas' read_excel, in one run.

Usage: /usr/bin/python3 benchmarks/workbook_bench.py [--rows N] [--rounds N] [--data DIR]
Needs Debian's python3-openpyxl and python3-pandas, and `swift build -c release --product crescent`.
Prints a Markdown table of medians and ratios.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchlib import CRESCENT, ROOT, timed

GENERATE = """
import sys, datetime, random, openpyxl
rows = int(sys.argv[2]); random.seed(7)
wb = openpyxl.Workbook(write_only=True); ws = wb.create_sheet('客户')
ws.append(['客户编号', '客户名称', '行业', '员工人数', '区域', '创建日期'])
industries = ['制造', '软件', '零售', '物流', '金融']; regions = ['华东', '华南', '华北', '西南', '东北']
base = datetime.date(2020, 1, 1)
for i in range(rows):
    ws.append(['C%07d' % i, '客户公司%d号' % i, industries[i % 5], random.randint(5, 5000), regions[i % 5],
               base + datetime.timedelta(days=i % 2000)])
wb.save(sys.argv[1])
"""

# Each reference only reads: every cell's value, as a program that then checked them would need.
OPENPYXL = """
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)))
"""
PANDAS = """
import sys, pandas
print(len(pandas.read_excel(sys.argv[1])))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    args = parser.parse_args()
    os.makedirs(args.data, exist_ok=True)
    book = os.path.join(args.data, f"customers-{args.rows}.xlsx")
    if not os.path.exists(book):
        print(f"writing {book} with openpyxl", file=sys.stderr)
        subprocess.run([sys.executable, "-c", GENERATE, book, str(args.rows)], check=True)

    tools = ["crescent", "openpyxl", "pandas"]
    results = {tool: [] for tool in tools}
    work = tempfile.mkdtemp(prefix="crescent-xlsx-bench-")
    try:
        for round_ in range(args.rounds):
            print(f"round {round_ + 1}/{args.rounds}", file=sys.stderr)
            store = os.path.join(work, f"store{round_}.db")
            subprocess.run([CRESCENT, "init", "--store", store], check=True, stdout=subprocess.DEVNULL)
            # Who goes first turns with each round, so that none always meets a warm page cache.
            for tool in tools[round_ % 3:] + tools[:round_ % 3]:
                if tool == "crescent":
                    seconds = timed([CRESCENT, "import", "customers", book, "--store", store])
                else:
                    seconds = timed([sys.executable, "-c", OPENPYXL if tool == "openpyxl" else PANDAS, book])
                results[tool].append(seconds)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(store + suffix):
                    os.remove(store + suffix)
    finally:
        shutil.rmtree(work)

    crescent = statistics.median(results["crescent"])
    print("| tool | what it does | median s | Crescent's time as a share |")
    print("|---|---|---:|---:|")
    print(f"| crescent import | read, check, store (one transaction) | {crescent:.2f} | |")
    for tool, what in (("openpyxl", "read only (read_only=True, values_only)"), ("pandas", "read only (read_excel)")):
        median = statistics.median(results[tool])
        print(f"| {tool} | {what} | {median:.2f} | {crescent / median:.2f}x |")
    print(f"\nall runs (s): " + "; ".join(f"{k}: {', '.join(f'{x:.2f}' for x in v)}" for k, v in results.items()))


if __name__ == "__main__":
    main()
