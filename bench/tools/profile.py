"""Summarises `jfr print --events jdk.ExecutionSample` output as Markdown tables.  Usage: profile.py SAMPLES"""
import collections
import re
import sys

AREAS = [("Gatehouse (io.gatehouse)", "io.gatehouse."), ("Spring Session", "org.springframework.session."),
         ("Lettuce (Redis client)", "io.lettuce."), ("Spring Data Redis", "org.springframework.data.redis."),
         ("Spring Cloud Gateway", "org.springframework.cloud.gateway."), ("Jackson", "com.fasterxml.jackson."),
         ("Reactor Netty", "reactor.netty."), ("Netty", "io.netty.")]


def stacks_of(path):
    stacks, current, inside = [], [], False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("stackTrace = ["):
                current, inside = [], True
            elif inside and line.startswith("]"):
                stacks.append(current)
                inside = False
            elif inside and line and line != "...":
                current.append(re.sub(r"\s+line:.*$", "", line))
    return stacks


def table(title, rows, total, column):
    print(f"{title}\n")
    print(f"| % of samples | {column} |\n|---:|---|")
    for name, n in rows:
        print(f"| {100 * n / total:.1f} | {name} |")
    print()


def main(path):
    stacks = stacks_of(path)
    total = len(stacks)
    if not total:
        print("No execution samples were recorded.")
        return
    leaf = collections.Counter(s[0] for s in stacks if s)
    ours, areas = collections.Counter(), collections.Counter()
    for s in stacks:
        for name in dict.fromkeys(f for f in s if f.startswith("io.gatehouse.")):
            ours[name] += 1
        for label, prefix in AREAS:
            if any(f.startswith(prefix) for f in s):
                areas[label] += 1
    print(f"{total} execution samples (JFR `profile` settings) during one extra run on the verified route.\n")
    table("Top 10 frames where the samples were taken (self time):",
          [(f"`{f}`", n) for f, n in leaf.most_common(10)], total, "frame")
    table("Share of samples with a frame of … on the stack (inclusive; areas overlap):",
          sorted(areas.items(), key=lambda item: -item[1]), total, "area")
    table("Top 10 Gatehouse methods (inclusive):", [(f"`{f}`", n) for f, n in ours.most_common(10)], total, "method")


if __name__ == "__main__":
    main(sys.argv[1])
