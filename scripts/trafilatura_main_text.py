#!/usr/bin/env python3
"""Main text of the news-html pages by trafilatura, for comparison with whosaid's.

Writes one JSON line per page, {"id": <page id>, "text": <main text>}, which
`whosaid eval --main-text DIR --predictions FILE` scores with the same scorer as
whosaid's own extraction:

    python3 -m venv /tmp/traf && /tmp/traf/bin/pip install trafilatura
    /tmp/traf/bin/python scripts/trafilatura_main_text.py ../shared/data/news-html > traf.jsonl
    whosaid eval --main-text ../shared/data/news-html --predictions traf.jsonl
"""

import gzip
import json
import pathlib
import sys

import trafilatura



def dev_pages(data):
    """The ids of the news-html pages marked dev in splits.tsv: the reserved ones are kept for
    independent evaluation, and no benchmark or comparison reads them."""
    rows = (data / "splits.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return sorted(page for page, split in (row.split("\t") for row in rows if row) if split == "dev")

def main() -> None:
    data = pathlib.Path(sys.argv[1])
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in dev_pages(data):
        html = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        text = trafilatura.extract(
            html.decode("utf-8"), url=truth[page_id]["url"], favor_precision=False
        )
        print(json.dumps({"id": page_id, "text": text or ""}, ensure_ascii=False))


if __name__ == "__main__":
    main()
