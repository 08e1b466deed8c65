#!/usr/bin/env python3
"""Main text of the news-html pages by trafilatura, for comparison with whosaid's.

Writes one JSON line per page, {"id": <page id>, "text": <main text>}, which
`whosaid eval --main-text DIR --predictions FILE` scores with the same scorer as
whosaid's own extraction:

    python3 -m venv /tmp/traf && /tmp/traf/bin/pip install trafilatura
    /tmp/traf/bin/python scripts/trafilatura_main_text.py ../shared/data/news-html > traf.jsonl
    whosaid eval --main-text ../shared/data/news-html --predictions traf.jsonl
"""

import json
import pathlib
import sys

import trafilatura

from benchlib import dev_pages


def main() -> None:
    # The dev pages only: the reserved ones are kept for independent evaluation.
    for page_id, url, html in dev_pages(pathlib.Path(sys.argv[1])):
        text = trafilatura.extract(html.decode("utf-8"), url=url, favor_precision=False)
        print(json.dumps({"id": page_id, "text": text or ""}, ensure_ascii=False))


if __name__ == "__main__":
    main()
