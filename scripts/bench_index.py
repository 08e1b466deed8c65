#!/usr/bin/env python3
"""Speed of `whosaid index`: from articles (extracting them) and from documents that
`whosaid extract` wrote (`--input-format extracted`, indexing only).

Builds a wire corpus from the PolNeAR texts (train and dev): every text carried by
`--outlets` outlets, each copy a distinct article (URL, outlet, date) in one JSON lines file.
Extracts it once to documents, then, each in a fresh index and all in this one run:

- `whosaid index` on the articles (extraction and indexing, every core);
- `whosaid index --input-format extracted` on the documents, on every core and on one
  (pinned to core 0), which is the index's own speed.

Reports seconds, statements per second, peak memory, and each run's speed against the first.

Usage (build first: cargo build --release -p whosaid-cli):

    python3 scripts/bench_index.py --polnear ../shared/data/polnear --outlets 20

Only the standard library is used. The files and indexes are written to a temporary
directory, removed at the end.
"""

import argparse
import json
import pathlib
import re
import tempfile

from benchlib import run_whosaid

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build(polnear: pathlib.Path, outlets: int, path: pathlib.Path) -> int:
    texts = sorted((polnear / "train/text").glob("*.txt")) + sorted(
        (polnear / "dev/text").glob("*.txt"))
    if not texts:
        raise SystemExit(f"{polnear}: no PolNeAR texts under train/text and dev/text")
    with open(path, "w", encoding="utf-8") as out:
        for outlet in range(outlets):
            for text in texts:
                line = {
                    "url": f"https://outlet{outlet}.example/{text.stem}",
                    "title": text.stem,
                    "date": f"2024-01-{1 + outlet % 28:02d}",
                    "text": text.read_text(encoding="utf-8"),
                }
                out.write(json.dumps(line) + "\n")
    return len(texts) * outlets


def statements(summary: str) -> int:
    found = re.search(r"\((\d+) statements\)", summary)
    if not found:
        raise SystemExit(f"no statement count in whosaid's summary: {summary}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--whosaid", default=str(ROOT / "target/release/whosaid"))
    parser.add_argument("--polnear", default=str(ROOT.parent / "shared/data/polnear"))
    parser.add_argument("--outlets", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="whosaid-index-") as workdir:
        work = pathlib.Path(workdir)
        corpus, documents = work / "carried.jsonl", work / "extracted.jsonl"
        articles = build(pathlib.Path(args.polnear), args.outlets, corpus)
        run_whosaid([args.whosaid, "extract", "--quiet", "--format", "jsonl", "-o",
                     str(documents), str(corpus)])
        runs = [
            ("articles, extracted and indexed, every core", [str(corpus)], None),
            ("documents, indexed, every core",
             ["--input-format", "extracted", str(documents)], None),
            ("documents, indexed, one core",
             ["--input-format", "extracted", str(documents)], {0}),
        ]
        print(f"{articles} articles ({args.outlets} outlets each carrying "
              f"{articles // args.outlets} texts)")
        first = None
        for n, (name, inputs, cores) in enumerate(runs):
            index = work / f"index-{n}"
            result = run_whosaid([args.whosaid, "index", "--index", str(index)] + inputs,
                                 cores=cores)
            count = statements(result["summary"])
            speed = count / result["seconds"]
            first = first or speed
            print(f"{name}: {count} statements in {result['seconds']:.1f} s, "
                  f"{speed:,.0f} statements/s ({speed / first:.2f} times the first), "
                  f"peak memory {result['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
