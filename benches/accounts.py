#!/usr/bin/env python3
"""Benchmark of `wabactl plan --all-accounts`: ACCOUNTS accounts (default 100), each a sandbox
process of its own holding TEMPLATES templates (default 600: 200 names in three languages) that
the files declare as they are (the plans show no change), every request delayed by LATENCY_MS
(default 50). Prints the wall time of each run against the bound
ceil(ACCOUNTS / concurrency) x (one account's listing requests x LATENCY_MS), the Graph
requests, and wabactl's peak memory; median of RUNS (default 3).

    benches/accounts.py
    ACCOUNTS=20 CONCURRENCY=4 FORMAT=human benches/accounts.py
"""

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCOUNTS = int(os.environ.get("ACCOUNTS", 100))
TEMPLATES = int(os.environ.get("TEMPLATES", 600))
LATENCY_MS = int(os.environ.get("LATENCY_MS", 50))
CONCURRENCY = os.environ.get("CONCURRENCY")  # unset: wabactl's default
RUNS = int(os.environ.get("RUNS", 3))
# The timed runs print this format; the request counts come from one more run in JSON.
FORMAT = os.environ.get("FORMAT", "human")
DEFAULT_CONCURRENCY = 8
LANGUAGES = ["en_US", "pt_BR", "es"]

root = Path(__file__).resolve().parent.parent
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
binary = root / "target" / "release" / "wabactl"


def body(i: int) -> str:
    return f"Your parcel number {i // 3} has left our warehouse today."


def write_project(work: Path) -> Path:
    templates = work / "templates"
    templates.mkdir()
    data = []
    for i in range(TEMPLATES):
        name, language = f"bench_{i // 3}", LANGUAGES[i % 3]
        data.append({"name": name, "language": language, "category": "UTILITY",
                     "components": [{"type": "BODY", "text": body(i)}]})
        with open(templates / f"{name}.yaml", "a") as out:
            out.write(f"---\nname: {name}\nlanguage: {language}\ncategory: UTILITY\n"
                      f"components:\n  - type: BODY\n    text: {body(i)}\n")
    seed = work / "seed.json"
    seed.write_text(json.dumps({"data": data}))
    return seed


def start_sandboxes(work: Path, seed: Path) -> list:
    servers = []
    for i in range(ACCOUNTS):
        log = open(work / f"serve-{i}.log", "w+")
        process = subprocess.Popen(
            [binary, "sandbox", "serve", "--port", "0", "--state", work / f"state-{i}.json",
             "--seed", seed, "--waba-id", str(100000000000000 + i), "--token", "bench-accounts-token",
             "--latency-ms", str(LATENCY_MS), "--calls-per-hour", "0"],
            stdout=log, stderr=subprocess.STDOUT)
        servers.append((process, log))
    bases = []
    for i, (process, log) in enumerate(servers):
        for _ in range(300):
            log.seek(0)
            text = log.read()
            if "Serving until" in text:
                break
            time.sleep(0.05)
        base = text.splitlines()[0] if text else ""
        if not base.startswith("http://127.0.0.1:"):
            sys.exit(f"sandbox {i} did not start:\n{text}")
        bases.append(base)
    return servers, bases


def write_config(work: Path, bases: list) -> None:
    lines = ["templates: [templates]", "accounts:"]
    for i, base in enumerate(bases):
        lines += [f"  client_{i:03d}:", f"    waba_id: \"{100000000000000 + i}\"",
                  f"    api_base: {base}", "    token_env: BENCH_TOKEN"]
    (work / "wabactl.yaml").write_text("\n".join(lines) + "\n")


def plan(work: Path, format: str = "json") -> tuple:
    args = [binary, "plan", "--all-accounts", "--format", format]
    if CONCURRENCY:
        args += ["--account-concurrency", CONCURRENCY]
    env = dict(os.environ, BENCH_TOKEN="bench-accounts-token", NO_COLOR="1")
    started = time.monotonic()
    run = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *args], cwd=work, env=env,
                         capture_output=True, text=True)
    wall = time.monotonic() - started
    if run.returncode != 0:
        sys.exit(f"plan failed ({run.returncode}):\n{run.stderr[-2000:]}")
    user, system, peak = run.stderr.strip().splitlines()[-1].split()
    peak_mb = int(peak) / 1024
    print(f"  cpu: {float(user) + float(system):.2f} s", file=sys.stderr)
    if format != "json":
        return wall, peak_mb, None
    plans = json.loads(run.stdout)
    accounts = plans["accounts"]
    if len(accounts) != ACCOUNTS or plans["failed"] or plans["has_changes"]:
        sys.exit(f"unexpected plans: {len(accounts)} accounts, {plans['failed']} failed, "
                 f"changes: {plans['has_changes']}")
    requests = [a["plan"]["requests"]["count"] for a in accounts]
    return wall, peak_mb, requests


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seed = write_project(work)
        servers, bases = start_sandboxes(work, seed)
        try:
            write_config(work, bases)
            runs = [plan(work, FORMAT) for _ in range(RUNS)]
            requests = plan(work)[2]
            ticks = os.sysconf("SC_CLK_TCK")
            sandbox_cpu = sum(
                sum(int(x) for x in open(f"/proc/{p.pid}/stat").read().split()[13:15]) / ticks
                for p, _ in servers)
            print(f"  sandboxes' cpu over all runs: {sandbox_cpu:.2f} s", file=sys.stderr)
        finally:
            for process, _ in servers:
                process.terminate()
            for process, _ in servers:
                process.wait()
    walls = [w for w, _, _ in runs]
    peaks = [p for _, p, _ in runs]
    concurrency = int(CONCURRENCY or DEFAULT_CONCURRENCY)
    per_account = max(requests) * LATENCY_MS / 1000
    bound = math.ceil(ACCOUNTS / concurrency) * per_account
    wall = statistics.median(walls)
    print(f"{ACCOUNTS} accounts x {TEMPLATES} templates at {LATENCY_MS} ms, concurrency "
          f"{concurrency}, --format {FORMAT}, median of {RUNS}")
    print(f"Graph requests: {sum(requests)} ({min(requests)}-{max(requests)} per account)")
    print(f"wall: {wall:.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)}); bound "
          f"{bound:.2f} s = ceil({ACCOUNTS}/{concurrency}) x {max(requests)} x {LATENCY_MS} ms; "
          f"ratio {wall / bound:.2f} (target <= 1.3)")
    print(f"peak memory: {statistics.median(peaks):.1f} MB (target <= 200)")


main()
