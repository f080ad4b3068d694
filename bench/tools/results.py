"""Turns one bench run into the table on the terminal and the Markdown results file.

Usage: results.py RUN_DIR RESULTS_FILE
RUN_DIR holds raw.tsv (one line per run), machine.txt (key=value), redis-<target>.txt ("command calls requests"
per verified run) and profile.md (may be empty); all written by bench/run.sh.
"""
import collections
import os
import statistics
import sys

ORDER = ["nginx proxy", "plain SCG", "Gatehouse bypass", "Gatehouse verified", "Gatehouse B verified"]
HEADER = ["target", "req/s", "p50 ms", "p99 ms", "req/s vs SCG", "p99 vs SCG", "req/s vs nginx",
          "Redis cmds/req (all)", "Redis cmds/req (excl. PING)"]


def read_runs(path):
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    runs = collections.defaultdict(list)
    for r in rows:
        runs[r[1]].append(dict(round=int(r[0]), requests=int(r[2]), seconds=int(r[3]) / 1e6, p50=int(r[4]) / 1000,
                               p99=int(r[5]) / 1000, redis_all=None if r[6] == "-" else int(r[6]),
                               redis_ping=None if r[7] == "-" else int(r[7])))
    return runs


def summarise(rounds):
    s = dict(rps=statistics.median(x["requests"] / x["seconds"] for x in rounds),
             p50=statistics.median(x["p50"] for x in rounds), p99=statistics.median(x["p99"] for x in rounds),
             requests=sum(x["requests"] for x in rounds), rounds=rounds)
    if rounds[0]["redis_all"] is not None:
        s["redis_all"] = sum(x["redis_all"] for x in rounds) / s["requests"]
        s["redis_noping"] = sum(x["redis_all"] - x["redis_ping"] for x in rounds) / s["requests"]
        s["pings"] = sum(x["redis_ping"] for x in rounds)
    return s


def table_rows(summary, order):
    scg, nginx = summary["plain SCG"], summary["nginx proxy"]
    rows = []
    for target in order:
        s = summary[target]
        rows.append([target, f"{s['rps']:,.0f}", f"{s['p50']:.2f}", f"{s['p99']:.2f}", f"{s['rps'] / scg['rps']:.2f}x",
                     f"{s['p99'] / scg['p99']:.2f}x", f"{s['rps'] / nginx['rps']:.2f}x",
                     f"{s['redis_all']:.3f}" if "redis_all" in s else "-",
                     f"{s['redis_noping']:.3f}" if "redis_noping" in s else "-"])
    return rows


def print_table(rows):
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(HEADER)]
    fmt = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
    print()
    print(fmt(HEADER))
    print(fmt(["-" * w for w in widths]))
    for row in rows:
        print(fmt(row))


def targets_met(summary):
    gh, bypass, scg, nginx = (summary[t] for t in ["Gatehouse verified", "Gatehouse bypass", "plain SCG", "nginx proxy"])
    verdict = lambda ok: "met" if ok else "**not met**"
    return [
        ("throughput ≥ 0.9× plain SCG (verified)", f"{gh['rps'] / scg['rps']:.2f}×", verdict(gh["rps"] >= 0.9 * scg["rps"])),
        ("p99 ≤ 1.2× plain SCG (verified)", f"{gh['p99'] / scg['p99']:.2f}×", verdict(gh["p99"] <= 1.2 * scg["p99"])),
        ("≤ 1 Redis command per verified request (excl. PING)", f"{gh['redis_noping']:.3f}", verdict(gh["redis_noping"] <= 1)),
        ("no Redis command on bypass routes (excl. PING)", f"{bypass['redis_noping']:.3f}", verdict(bypass["redis_noping"] < 0.0005)),
        ("stretch: throughput ≥ 0.5× nginx (verified)", f"{gh['rps'] / nginx['rps']:.2f}×", verdict(gh["rps"] >= 0.5 * nginx["rps"])),
    ]


def compare(summary):
    """B against this build's verified route: the ratio of the medians and the median of the per-round ratios."""
    a, b = summary["Gatehouse verified"], summary["Gatehouse B verified"]
    by_round = {x["round"]: x for x in a["rounds"]}
    per_round = [(x["round"], (x["requests"] / x["seconds"]) / (by_round[x["round"]]["requests"] / by_round[x["round"]]["seconds"]),
                  x["p99"] / by_round[x["round"]]["p99"]) for x in b["rounds"]]
    return dict(rps=b["rps"] / a["rps"], p99=b["p99"] / a["p99"],
                rps_rounds=statistics.median(r[1] for r in per_round),
                p99_rounds=statistics.median(r[2] for r in per_round), per_round=per_round)


def commands_by_name(path):
    calls, requests = collections.Counter(), 0
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                name, n, _ = line.split()
                calls[name] += int(n)
    return calls


def main(run_dir, results):
    runs = read_runs(os.path.join(run_dir, "raw.tsv"))
    with open(os.path.join(run_dir, "machine.txt")) as f:
        machine = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    order = [t for t in ORDER if t in runs]
    summary = {t: summarise(runs[t]) for t in order}
    rows = table_rows(summary, order)
    print_table(rows)
    met = targets_met(summary)
    print()
    for name, value, ok in met:
        print(f"  {name}: {value} ({ok.replace('*', '')})")
    ab = compare(summary) if "Gatehouse B verified" in summary else None
    if ab:
        print(f"\n  A/B: Gatehouse B ({machine['compare']}) against this build ({machine['commit']}), verified route: "
              f"req/s {ab['rps']:.3f}× (median of the per-round ratios {ab['rps_rounds']:.3f}×), "
              f"p99 {ab['p99']:.2f}× (per round {ab['p99_rounds']:.2f}×)")
        print("       per round: " + ", ".join(f"{r}: {x:.3f}×" for r, x, _ in ab["per_round"]))
        change = ab["rps_rounds"] - 1
        print(f"       B is {abs(change):.1%} {'faster' if change > 0 else 'slower'} than this build on the verified route"
              " (median of the per-round ratios)")

    gh, bypass, scg, nginx = (summary[t] for t in ["Gatehouse verified", "Gatehouse bypass", "plain SCG", "nginx proxy"])
    md = ["# Benchmark results\n", "Written by `bench/run.sh` (see `bench/README.md`); rerun it to replace this file.\n"]
    if machine.get("note"):
        md.append(f"> **{machine['note']}**\n")
    md.append(f"- Date: {machine['date']}; Gatehouse commit {machine['commit']}")
    md.append(f"- Command: `{machine['command']}`")
    md.append(f"- Load: `wrk -t{machine['threads']} -c{machine['connections']} -d{machine['duration']}s --latency` per target, "
              f"{machine['rounds']} interleaved round(s) after {machine['warmup']} s of warm-up per target, the order rotated each round; "
              "each target gets `GET /page.html` (2048-byte static page) with `Accept: text/html` and the verified "
              "session's cookies (`gatehouse_session`, `LEGACYSESSID`); Gatehouse bypass gets `/public/page.html`.")
    md.append(f"- Machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']}; load average "
              f"{machine['load_before']} before, {machine['load_after']} after (everything, wrk included, shares these CPUs)")
    md.append(f"- Java: {machine['java']}, `{machine['java_opts']}` for both plain SCG and Gatehouse; "
              f"nginx {machine['nginx']}; {machine['wrk']}; redis-server {machine['redis']}\n")
    headline = (f"On {machine['nproc']} CPUs ({machine['cpu']}), Gatehouse passed a verified user's requests to a "
                f"`required` page at {gh['rps']:,.0f} req/s, {gh['rps'] / scg['rps']:.2f}× plain Spring Cloud Gateway "
                f"({scg['rps']:,.0f} req/s) and {gh['rps'] / nginx['rps']:.2f}× nginx ({nginx['rps']:,.0f} req/s), with a "
                f"p99 latency of {gh['p99']:.1f} ms ({gh['p99'] / scg['p99']:.2f}× plain SCG's) and "
                f"{gh['redis_noping']:.2f} Redis commands per request; on a `bypass` route it reached "
                f"{bypass['rps'] / scg['rps']:.2f}× plain SCG with {bypass['redis_noping']:.2f} Redis commands per request.")
    print("\n  " + headline)
    md += ["## Summary\n", headline + "\n", "## Medians of the rounds\n"]
    md.append("| " + " | ".join(HEADER) + " |")
    md.append("|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|")
    md += ["| " + " | ".join(row) + " |" for row in rows]
    pings = sum(summary[t].get("pings", 0) for t in order)
    md.append("\nRedis commands are counted with `INFO commandstats` around each Gatehouse run (INFO itself left out) "
              "and divided by the requests wrk completed; Gatehouse pings Redis once a second "
              f"({pings} PINGs in all Gatehouse runs), so both columns are shown.\n")
    if ab:
        md.append("## A/B: two Gatehouse builds in the same run\n")
        md.append(f"Gatehouse B is `{machine['compare']}`, built from a temporary git worktree; it runs beside this "
                  f"build ({machine['commit']}) with its own redis-server, the same configuration, JVM flags, session "
                  "set-up and request, interleaved with the other targets.\n")
        md.append("| | B ÷ this build |\n|---|---:|")
        md.append(f"| req/s, ratio of the medians | {ab['rps']:.3f}× |")
        md.append(f"| req/s, median of the per-round ratios | {ab['rps_rounds']:.3f}× |")
        md.append(f"| p99, ratio of the medians | {ab['p99']:.2f}× |")
        md.append(f"| p99, median of the per-round ratios | {ab['p99_rounds']:.2f}× |")
        md.append("\n| round | req/s B ÷ this build | p99 B ÷ this build |\n|---:|---:|---:|")
        md += [f"| {r} | {x:.3f}× | {p:.2f}× |" for r, x, p in ab["per_round"]]
        md.append("")
    md.append("## Targets (issue 8)\n")
    md.append("| target | measured | |\n|---|---:|---|")
    md += [f"| {name} | {value} | {ok} |" for name, value, ok in met]
    md.append("\n## Every round\n")
    md.append("| round | target | requests | req/s | p50 ms | p99 ms | Redis cmds (all) | of which PING |")
    md.append("|---:|---|---:|---:|---:|---:|---:|---:|")
    for x, target in sorted(((x, t) for t in order for x in runs[t]), key=lambda p: (p[0]["round"], order.index(p[1]))):
        redis_all = "-" if x["redis_all"] is None else x["redis_all"]
        redis_ping = "-" if x["redis_ping"] is None else x["redis_ping"]
        md.append(f"| {x['round']} | {target} | {x['requests']:,} | {x['requests'] / x['seconds']:,.0f} | {x['p50']:.2f} | "
                  f"{x['p99']:.2f} | {redis_all} | {redis_ping} |")
    for target in order:
        if not target.endswith("verified"):
            continue
        calls = commands_by_name(os.path.join(run_dir, "redis-" + target.replace(" ", "-") + ".txt"))
        if calls:
            md.append(f"\n## Redis commands on the verified route, per request ({target})\n")
            md.append("| command | calls per request |\n|---|---:|")
            md += [f"| `{name}` | {n / summary[target]['requests']:.3f} |" for name, n in calls.most_common()]
    profile_file = os.path.join(run_dir, "profile.md")
    profile = open(profile_file).read().strip() if os.path.exists(profile_file) else ""
    if profile:
        md.append("\n## Where Gatehouse spends its time (verified route, JFR)\n")
        md.append(profile)
    with open(results, "w") as f:
        f.write("\n".join(md) + "\n")
    print(f"\n  written: {results}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
