"""What the benchmark scripts share: running the whosaid binary once and measuring it, and
the news-html pages they may read."""

import gzip
import json
import os
import subprocess
import sys
import time


def run_whosaid(command: list, cores=None) -> dict:
    """Runs `command` (the whosaid binary and its arguments) once, on the given cores only if
    any, and returns its wall seconds, its peak memory (max RSS, MB) and the last line of its
    stderr (whosaid's accounting). Exits with whosaid's stderr if it fails."""
    pin = (lambda: os.sched_setaffinity(0, cores)) if cores else None
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=pin)
    # wait4 gives this child's own resource usage, so runs do not mix.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if status != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{stderr}")
    lines = stderr.strip().splitlines()
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024,
            "summary": lines[-1] if lines else ""}


def dev_pages(data) -> list:
    """(id, url, HTML bytes) of each news-html page that `data`/splits.tsv marks dev, by id:
    the reserved ones are kept for independent evaluation, and no benchmark or comparison
    reads them."""
    rows = (data / "splits.tsv").read_text(encoding="utf-8").splitlines()[1:]
    ids = sorted(page for page, split in (row.split("\t") for row in rows if row) if split == "dev")
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return [(page_id, truth[page_id]["url"],
             gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()))
            for page_id in ids]
