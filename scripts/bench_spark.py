#!/usr/bin/env python3
"""Spark overhead: spark/whosaid_job.py in local mode against `whosaid extract` on the same
WARC files, both on the same cores, measured in this one run.

Builds --files Common Crawl-style .warc.gz files from the dev pages of ../shared/data/news-html (as
scripts/bench_ingest.py does), then times:

- the CLI: `whosaid extract --threads N --format parquet` over all the files;
- the Spark job: `run()` of spark/whosaid_job.py in a local[N] session (session start-up is
  timed apart, since a cluster pays it once per job, not per file).

Run it with a Python that has the whosaid package and pyspark (scripts/test-python.sh makes
one in target/python-venv):

    target/python-venv/bin/python scripts/bench_spark.py --files 4 --size 30M
"""

import argparse
import gzip
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module



def main() -> None:
    bench = load(HERE / "bench_ingest.py", "bench_ingest")
    job = load(HERE.parent / "spark" / "whosaid_job.py", "whosaid_job")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="../shared/data/news-html")
    parser.add_argument("--whosaid", default="target/release/whosaid")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--size", default="30M", help="uncompressed size of each file")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()

    data = pathlib.Path(args.data)
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(truth[i]["url"], gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()))
             for i in bench.dev_pages(data)]
    work = pathlib.Path(tempfile.mkdtemp(prefix="whosaid-spark-bench-"))
    try:
        paths = []
        for n in range(args.files):
            path = work / f"part-{n}.warc.gz"
            # Each file its own copies of the pages (distinct URLs), as crawl files are.
            bench.build_warc(pages[n % 7:] + pages[: n % 7], bench.parse_size(args.size), path)
            paths.append(str(path))

        start = time.perf_counter()
        done = subprocess.run([args.whosaid, "extract", "--threads", str(args.threads), "--format",
                               "parquet", "-o", str(work / "cli.parquet"), *paths],
                              capture_output=True, text=True, check=True)
        cli_seconds = time.perf_counter() - start
        summary = done.stderr.strip().splitlines()[-1]
        cli_articles = int(summary.split(": ", 2)[2].split(" extracted")[0])

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        start = time.perf_counter()
        spark = (SparkSession.builder.master(f"local[{args.threads}]").appName("whosaid-bench")
                 .config("spark.ui.enabled", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        startup = time.perf_counter() - start
        start = time.perf_counter()
        rows = job.run(spark, paths, str(work / "spark-out"))
        spark_seconds = time.perf_counter() - start
        spark.stop()
        spark_articles = sum(row["extracted"] for row in rows)
        assert spark_articles == cli_articles, (spark_articles, cli_articles)

        per_core = lambda articles, seconds: articles / seconds / args.threads
        print(f"{args.files} files, {cli_articles} articles, {args.threads} cores")
        print(f"CLI:   {cli_seconds:.1f} s, {per_core(cli_articles, cli_seconds):.0f} articles/s per core")
        print(f"Spark: {spark_seconds:.1f} s (+ {startup:.1f} s session start-up), "
              f"{per_core(spark_articles, spark_seconds):.0f} articles/s per core")
        print(f"Spark overhead: the job takes {spark_seconds / cli_seconds:.2f}x the CLI's time")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
