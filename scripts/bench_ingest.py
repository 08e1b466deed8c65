#!/usr/bin/env python3
"""End-to-end ingestion benchmark: `whosaid extract` from .warc.gz to JSON lines.

Builds Common Crawl-style WARC files (one gzip member per record; a warcinfo record, then
request, response and metadata records per page, as CC-NEWS has them) from the real pages of
../shared/data/news-html (the dev pages only), replicated with distinct URLs up to each size asked for, then runs
the whosaid binary on them and reports, all measured in this one run:

- throughput on one core (the process pinned to it) and on all N cores (articles/s, MB/s of
  uncompressed WARC) and their ratio, the scaling figure;
- peak memory (max RSS of the whosaid process) for each input size, and its ratio to the
  smallest size's, the flatness figure.

Usage (build first: cargo build --release -p whosaid-cli):

    python3 scripts/bench_ingest.py --sizes 10M,100M,1G --scaling-size 100M

Only the standard library is used. The WARC files are written to --workdir (default: a
temporary directory, removed at the end).
"""

import argparse
import gzip
import json
import os
import pathlib
import shutil
import tempfile

from benchlib import dev_pages, run_whosaid


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    if text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def record(warc_type: str, uri: str, content_type: str, block: bytes, date: str) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: {date}\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def build_warc(pages: list, target: int, path: pathlib.Path) -> dict:
    """Writes pages (replicated) until `target` uncompressed bytes; returns counts."""
    date = "2024-12-01T10:00:00Z"
    written = 0
    responses = 0
    with open(path, "wb") as out:
        info = record("warcinfo", "", "application/warc-fields", b"software: bench\r\n", date)
        out.write(gzip.compress(info, compresslevel=6))
        written += len(info)
        copy = 0
        while written < target:
            for url, html in pages:
                uri = url if copy == 0 else f"{url}{'&' if '?' in url else '?'}copy={copy}"
                request = f"GET / HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
                http = (
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + f"Content-Length: {len(html)}\r\n\r\n".encode()
                    + html
                )
                for rec in (
                    record("request", uri, "application/http; msgtype=request", request, date),
                    record("response", uri, "application/http; msgtype=response", http, date),
                    record("metadata", uri, "application/warc-fields", b"fetchTimeMs: 9\r\n", date),
                ):
                    out.write(gzip.compress(rec, compresslevel=6))
                    written += len(rec)
                responses += 1
                if written >= target:
                    break
            copy += 1
    return {"bytes": written, "responses": responses, "compressed": path.stat().st_size}


def run(whosaid: str, warc: pathlib.Path, threads: int, cores=None) -> dict:
    """Runs whosaid once (on the given cores only, if any); returns wall seconds, peak RSS
    and the summary line."""
    result = run_whosaid([whosaid, "extract", "--format", "jsonl", "--threads", str(threads),
                          "-o", os.devnull, str(warc)], cores)
    summary = result["summary"]
    result["extracted"] = (int(summary.split(": ", 2)[2].split(" extracted")[0])
                           if "extracted" in summary else 0)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="../shared/data/news-html")
    parser.add_argument("--whosaid", default="target/release/whosaid")
    parser.add_argument("--sizes", default="10M,100M,1G", help="input sizes for the memory figure")
    parser.add_argument("--scaling-size", default="100M", help="input size for the thread figure")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--workdir")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    data = pathlib.Path(args.data)
    pages = [(url, html) for _, url, html in dev_pages(data)]
    workdir = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="whosaid-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    figures = {"pages": len(pages), "threads": args.threads, "memory": [], "scaling": {}}
    try:
        built = {}
        sizes = sorted({parse_size(s) for s in args.sizes.split(",")} | {parse_size(args.scaling_size)})
        for size in sizes:
            path = workdir / f"bench-{size >> 20}M.warc.gz"
            built[size] = build_warc(pages, size, path) | {"path": path}
            print(f"built {path.name}: {built[size]['bytes'] / 1e6:.0f} MB uncompressed, "
                  f"{built[size]['compressed'] / 1e6:.0f} MB gzipped, {built[size]['responses']} pages",
                  flush=True)

        scaling = built[parse_size(args.scaling_size)]
        # One core: the whole process pinned to one core (the reading thread included), with
        # one worker thread. All cores: unpinned, one worker per core.
        one = run(args.whosaid, scaling["path"], 1, cores={min(os.sched_getaffinity(0))})
        many = run(args.whosaid, scaling["path"], args.threads)
        for name, result in (("1 core", one), (f"{args.threads} cores", many)):
            mb_s = scaling["bytes"] / 1e6 / result["seconds"]
            print(f"{name:>10}: {result['seconds']:.1f} s, {result['extracted'] / result['seconds']:.0f} "
                  f"articles/s, {mb_s:.1f} MB/s of WARC, peak {result['peak_rss_mb']:.0f} MB  "
                  f"[{result['summary']}]", flush=True)
        ratio = one["seconds"] / many["seconds"]
        print(f"scaling: {args.threads} cores are {ratio:.2f}x as fast as 1")
        figures["scaling"] = {"input_bytes": scaling["bytes"], "one": one, "many": many, "ratio": ratio}

        for size in sorted(parse_size(s) for s in args.sizes.split(",")):
            result = run(args.whosaid, built[size]["path"], args.threads)
            mb_s = built[size]["bytes"] / 1e6 / result["seconds"]
            print(f"{built[size]['bytes'] / 1e6:>7.0f} MB: peak {result['peak_rss_mb']:.0f} MB, "
                  f"{result['seconds']:.1f} s, {mb_s:.1f} MB/s", flush=True)
            figures["memory"].append({"input_bytes": built[size]["bytes"]} | result)
        smallest = figures["memory"][0]["peak_rss_mb"]
        largest = figures["memory"][-1]["peak_rss_mb"]
        print(f"memory: peak at the largest input is {largest / smallest:.2f}x the smallest's")
        figures["memory_ratio"] = largest / smallest
    finally:
        if not args.workdir:
            shutil.rmtree(workdir)
    if args.json:
        for entry in [figures["scaling"].get("one"), figures["scaling"].get("many")] + figures["memory"]:
            if entry:
                entry.pop("path", None)
        pathlib.Path(args.json).write_text(json.dumps(figures, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
