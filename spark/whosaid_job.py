#!/usr/bin/env python3
"""whosaid over WARC files on Spark, in the style of Common Crawl's cc-pyspark.

One task per input file: each task reads its WARC file with the `whosaid` Python package
(the Rust extractor, GIL released) and yields one row per statement, with the columns of
`whosaid extract --format parquet`, and one accounting row per file (records read,
extracted, skipped by reason), so that a corrupt file is never lost silently.

    spark-submit spark/whosaid_job.py --output out/ crawl/*.warc.gz
    spark-submit spark/whosaid_job.py --output s3a://bucket/out/ @warc.paths
    python spark/whosaid_job.py --master 'local[2]' --output out/ a.warc.gz b.warc.gz

PATH is a WARC file: a plain path, which each executor streams from its own disk (a shared
or replicated file system), or a URI that the cluster's Hadoop file systems read (file://,
s3a://, hdfs://, gs://), or @FILE for a file listing one path per line (Common Crawl's
warc.paths, with the s3a://commoncrawl/ prefix added). URIs are read whole through Spark's
binaryFiles, so executors need memory for one file per task (CC-NEWS files are about 1 GB).

Output: OUTPUT/statements/ (Parquet, the statements table) and OUTPUT/accounting/ (Parquet:
path, records, extracted, statements, skipped as a map from reason to count, problems).
"""

import argparse
import json
import os
import sys
from urllib.parse import urlparse

ACCOUNTING_FIELDS = ("path", "records", "extracted", "statements", "skipped", "problems", "error")


def read_paths(arguments):
    """Expands @FILE arguments into the paths they list, in order."""
    paths = []
    for argument in arguments:
        if argument.startswith("@"):
            with open(argument[1:], encoding="utf-8") as listing:
                paths.extend(line.strip() for line in listing if line.strip())
        else:
            paths.append(argument)
    return paths


def is_local(path):
    """A plain path, which executors read from their own disk; URIs (file://, s3a://, hdfs://)
    go through the cluster's Hadoop file systems."""
    scheme = urlparse(path).scheme
    return scheme == "" or (len(scheme) == 1 and os.name == "nt")


def process(path, content=None, convention="news"):
    """Rows of one file: ("s", statement row) for each statement, then ("a", accounting)."""
    import whosaid

    try:
        records = whosaid.iter_warc(content if content is not None else path, rows=True,
                                    convention=convention)
        for row in records:
            # The article id names the file as the executor saw it; name it as given.
            if content is not None and row["article_id"].startswith("<bytes>"):
                row["article_id"] = path + row["article_id"][len("<bytes>"):]
            yield ("s", row)
        accounting = records.accounting
        yield ("a", {
            "path": path,
            "records": accounting["records"],
            "extracted": accounting["extracted"],
            "statements": accounting["statements"],
            "skipped": accounting["skipped"],
            "problems": records.problems,
            "error": None,
        })
    except OSError as error:
        # A file that cannot be opened at all is one row of accounting, not a failed job.
        yield ("a", {"path": path, "records": 0, "extracted": 0, "statements": 0,
                     "skipped": {"unreadable": 1}, "problems": [str(error)], "error": str(error)})
    except Exception as error:  # noqa: BLE001
        # whosaid skips and counts a record it fails on, so this is a bug; it still costs one
        # file's accounting row, not the job (the statements already yielded are kept).
        message = f"{type(error).__name__}: {error}"
        yield ("a", {"path": path, "records": 0, "extracted": 0, "statements": 0,
                     "skipped": {"internal": 1}, "problems": [message], "error": message})


def schemas():
    import whosaid
    from pyspark.sql import types as T

    spark_type = {"string": T.StringType(), "int64": T.LongType(), "double": T.DoubleType()}
    statements = T.StructType([
        T.StructField(name, spark_type[kind], nullable=(kind != "double"))
        for name, kind in whosaid.COLUMNS
    ])
    accounting = T.StructType([
        T.StructField("path", T.StringType(), False),
        T.StructField("records", T.LongType(), False),
        T.StructField("extracted", T.LongType(), False),
        T.StructField("statements", T.LongType(), False),
        T.StructField("skipped", T.MapType(T.StringType(), T.LongType()), False),
        T.StructField("problems", T.ArrayType(T.StringType()), False),
        T.StructField("error", T.StringType(), True),
    ])
    return statements, accounting


def run(spark, paths, output, convention="news"):
    """Runs the job on `paths`, writing OUTPUT/statements and OUTPUT/accounting; returns the
    accounting rows. `convention` is whosaid's ("news" or "polnear")."""
    import whosaid  # noqa: F401  (fail early, on the driver, if the package is missing)
    from pyspark import StorageLevel

    sc = spark.sparkContext
    local = [p for p in paths if is_local(p)]
    remote = [p for p in paths if not is_local(p)]
    parts = []
    if local:
        parts.append(sc.parallelize(local, len(local)).flatMap(
            lambda path: process(path, convention=convention)))
    if remote:
        files = sc.binaryFiles(",".join(remote), minPartitions=len(remote))
        parts.append(files.flatMap(
            lambda item: process(item[0], bytes(item[1]), convention=convention)))
    tagged = parts[0] if len(parts) == 1 else sc.union(parts)
    # Both outputs come from one pass over the files.
    tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
    statement_schema, accounting_schema = schemas()
    columns = [field.name for field in statement_schema.fields]
    statements = tagged.filter(lambda item: item[0] == "s").map(
        lambda item: tuple(item[1][name] for name in columns))
    accounting = tagged.filter(lambda item: item[0] == "a").map(
        lambda item: tuple(item[1][name] for name in ACCOUNTING_FIELDS))
    spark.createDataFrame(statements, statement_schema).write.mode("overwrite").parquet(
        output.rstrip("/") + "/statements")
    accounting_frame = spark.createDataFrame(accounting, accounting_schema)
    accounting_frame.write.mode("overwrite").parquet(output.rstrip("/") + "/accounting")
    rows = accounting_frame.collect()
    tagged.unpersist()
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", required=True, help="output directory (local or a Hadoop URI)")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (spark-submit sets it otherwise)")
    parser.add_argument("--convention", choices=["news", "polnear"], default="news",
                        help="which attributions count, as whosaid extract --convention")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="WARC files, or @FILE listing them")
    args = parser.parse_args(argv)
    paths = read_paths(args.paths)
    if not paths:
        parser.error("no input paths")

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("whosaid")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):
            # Local workers run this interpreter, which has the whosaid package.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        rows = run(spark, paths, args.output, args.convention)
    finally:
        spark.stop()
    totals = {"files": len(rows), "records": 0, "extracted": 0, "statements": 0, "damaged_files": 0}
    for row in rows:
        totals["records"] += row["records"]
        totals["extracted"] += row["extracted"]
        totals["statements"] += row["statements"]
        totals["damaged_files"] += bool(row["problems"])
        for problem in row["problems"]:
            print(f"whosaid: {problem}", file=sys.stderr)
    print(json.dumps(totals), file=sys.stderr)
    return 1 if totals["damaged_files"] else 0


if __name__ == "__main__":
    sys.exit(main())
