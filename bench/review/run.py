"""Review speed, measured: a warm engine on one core, realistic posts in four languages.

    scripts/bench                 # 5,000 reviews after warm-up, pinned to one core
    scripts/bench --reviews 20000

Prints the time until the engine is ready (imports, lexicons, dictionaries, language models),
p50 and p99 latency per post, posts per second, and resident memory. The posts are the labelled
review cases (every language, with their publish times, countries and events), so every check
does its real work.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
from pathlib import Path  # noqa: E402

from poise.review import Draft, Engine, ReviewContext  # noqa: E402
from poise.review.inputs import Request, parse_request  # noqa: E402

CASES = Path(__file__).resolve().parents[2] / "eval" / "review" / "cases"
TARGETS = "targets: p99 ≤ 20 ms, ≥ 500 posts/s per core, ready ≤ 2 s, ≤ 400 MB"


def corpus() -> list[Request]:
    defaults = Request(None, Draft(""), ReviewContext())
    requests = []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                requests.append(parse_request(json.loads(line), defaults))
    return requests


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reviews", type=int, default=5000)
    args = parser.parse_args()

    engine = Engine()
    engine.warm()
    ready = time.perf_counter() - START
    posts = corpus()
    for request in posts[:200]:
        engine.review(request.draft, request.context)

    latencies = []
    began = time.perf_counter()
    for index in range(args.reviews):
        request = posts[index % len(posts)]
        t0 = time.perf_counter()
        engine.review(request.draft, request.context)
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - began

    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mean_length = statistics.mean(len(r.draft.text) for r in posts)
    print(
        f"posts: {len(posts)} distinct (mean {mean_length:.0f} characters), {args.reviews} reviews"
    )
    print(f"ready in      {ready:.2f} s")
    print(f"latency p50   {p50:.2f} ms")
    print(f"latency p99   {p99:.2f} ms")
    print(f"throughput    {args.reviews / elapsed:.0f} posts/s (one core)")
    print(f"memory (RSS)  {rss:.0f} MB")
    print(TARGETS)


if __name__ == "__main__":
    main()
