#!/usr/bin/env python3
"""Speed of taking the main text out of news pages' HTML: whosaid beside trafilatura.

Both read the same pages, the `dev` pages of ../shared/data/news-html (the `reserved` ones are
never read), already decompressed in memory, on one core:

- trafilatura: `trafilatura.extract(html, url=...)` on each page, default settings, as
  scripts/trafilatura_main_text.py runs it for the accuracy comparison;
- whosaid: `whosaid bench --news DIR --html --json`, which times `whosaid_ingest::main_text`
  (html5ever, readability and whosaid's guards against hostile pages) on the same pages in
  its own process, median of --repeat passes.

The runs alternate (`--rounds`), so that both see the same state of a shared machine. Prints
MB/s of HTML and pages/s for each, the median and range over the rounds, and their ratio.

Setup and run (build whosaid first: cargo build --release -p whosaid-cli):

    python3 -m venv /tmp/traf && /tmp/traf/bin/pip install trafilatura lxml_html_clean
    /tmp/traf/bin/python scripts/bench_main_text.py --rounds 3

The accuracy of the two on the same pages is in docs/accuracy.md (`whosaid eval --main-text`).
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

from benchlib import dev_pages

ROOT = pathlib.Path(__file__).resolve().parent.parent


def time_trafilatura(pages: list, repeat: int) -> float:
    """Median seconds of `repeat` passes over the pages, after one warm-up pass."""
    import trafilatura

    def one_pass() -> float:
        start = time.perf_counter()
        for _, url, html in pages:
            trafilatura.extract(html, url=url, favor_precision=False)
        return time.perf_counter() - start

    one_pass()
    return statistics.median(one_pass() for _ in range(repeat))


def time_whosaid(whosaid: str, data: pathlib.Path, repeat: int) -> dict:
    out = subprocess.run([whosaid, "bench", "--news", str(data), "--html", "--json",
                          "--repeat", str(repeat)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["main_text"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "../shared/data/news-html"))
    parser.add_argument("--whosaid", default=str(ROOT / "target/release/whosaid"))
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per run")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    try:
        import trafilatura
    except ImportError:
        sys.exit("trafilatura is not installed: pip install trafilatura lxml_html_clean")
    if not os.path.exists(args.whosaid):
        sys.exit(f"{args.whosaid} not found: run cargo build --release -p whosaid-cli")
    data = pathlib.Path(args.data)
    raw = dev_pages(data)
    html_bytes = sum(len(html) for _, _, html in raw)
    pages = [(page_id, url, html.decode("utf-8")) for page_id, url, html in raw]
    runs = {"trafilatura": [], "whosaid": []}
    for _ in range(args.rounds):
        seconds = time_trafilatura(pages, args.repeat)
        runs["trafilatura"].append(html_bytes / 1e6 / seconds)
        report = time_whosaid(args.whosaid, data, args.repeat)
        if report["pages"] != len(pages) or report["html_bytes"] != html_bytes:
            sys.exit(f"whosaid read other pages than this script: {report}")
        runs["whosaid"].append(report["speed"]["mb_per_s"])
    result = {
        "pages": len(pages),
        "html_mb": html_bytes / 1e6,
        "trafilatura_version": trafilatura.__version__,
        "mb_per_s": runs,
        "median_mb_per_s": {tool: statistics.median(v) for tool, v in runs.items()},
    }
    result["ratio"] = result["median_mb_per_s"]["whosaid"] / result["median_mb_per_s"]["trafilatura"]
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(pages)} dev pages, {html_bytes / 1e6:.2f} MB of HTML, one core, "
          f"{args.rounds} alternating runs of {args.repeat} passes each (median pass)")
    for tool, speeds in runs.items():
        median = statistics.median(speeds)
        print(f"  {tool:<12} {median:7.2f} MB/s ({min(speeds):.2f}-{max(speeds):.2f}), "
              f"{median * 1e6 / html_bytes * len(pages):6.1f} pages/s")
    print(f"whosaid takes the main text {result['ratio']:.2f} times as fast as trafilatura "
          f"{trafilatura.__version__}")


if __name__ == "__main__":
    main()
