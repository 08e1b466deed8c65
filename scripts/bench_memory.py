#!/usr/bin/env python3
"""Memory and time of `whosaid extract` on one thread as one text grows.

Builds plain-text files of the sizes asked for by repeating the bundled example article
(examples/nato-foreign-ministers.txt, so that it runs on a fresh machine), in two shapes:
paragraphs (the article repeated with its paragraph breaks) and one paragraph (every line
break made a space, so that the whole text is one paragraph). Runs the whosaid binary on each
and reports, all measured in this one run:

- seconds and MB/s, and the time per MB against that of the first size of at least 1 MB
  (linearity; smaller texts are dominated by loading the models);
- peak memory (max RSS of the whosaid process) and its growth over the smallest size's.

Usage (build first: cargo build --release -p whosaid-cli):

    python3 scripts/bench_memory.py --sizes 0.01,1,5,20

Only the standard library is used. The files are written to a temporary directory, removed
at the end.
"""

import argparse
import os
import pathlib
import tempfile

from benchlib import run_whosaid

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build(text: str, megabytes: float, path: pathlib.Path) -> int:
    target = int(megabytes * 1e6)
    with open(path, "w", encoding="utf-8") as out:
        written = 0
        while written < target:
            out.write(text)
            written += len(text.encode("utf-8"))
    return path.stat().st_size


def run(whosaid: str, path: pathlib.Path) -> dict:
    return run_whosaid([whosaid, "extract", "--threads", "1", "--format", "jsonl",
                        "-o", os.devnull, str(path)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--whosaid", default=str(ROOT / "target/release/whosaid"))
    parser.add_argument("--sizes", default="0.01,1,5,20", help="text sizes in MB")
    args = parser.parse_args()
    article = (ROOT / "examples/nato-foreign-ministers.txt").read_text(encoding="utf-8")
    shapes = {
        "paragraphs": article.rstrip("\n") + "\n\n",
        "one paragraph": " ".join(article.split()) + " ",
    }
    sizes = sorted(float(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="whosaid-memory-") as workdir:
        for shape, text in shapes.items():
            print(f"{shape}:")
            smallest_peak = None
            reference = None  # time per MB of the first size of at least 1 MB
            for megabytes in sizes:
                path = pathlib.Path(workdir) / f"{shape.replace(' ', '-')}-{megabytes}.txt"
                size = build(text, megabytes, path)
                result = run(args.whosaid, path)
                per_mb = result["seconds"] / (size / 1e6)
                smallest_peak = smallest_peak or result["peak_rss_mb"]
                if reference is None and size >= 1e6:
                    reference = per_mb
                ratio = f" ({per_mb / reference:.2f}x the time per MB at 1 MB)" if reference else ""
                print(f"  {size / 1e6:8.2f} MB: {result['seconds']:6.2f} s, "
                      f"{size / 1e6 / result['seconds']:5.2f} MB/s{ratio}, "
                      f"peak {result['peak_rss_mb']:.0f} MB "
                      f"(+{result['peak_rss_mb'] - smallest_peak:.0f} MB over the smallest)  "
                      f"[{result['summary']}]", flush=True)


if __name__ == "__main__":
    main()
