"""spark/whosaid_job.py in local[2] mode over WARC files built by the tests (one of them
truncated): its statements table equals `whosaid extract --format parquet` on the same files,
and its accounting table accounts for every record of every file. One Spark session serves all
the tests (Spark takes about 15 s to start)."""

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")


def load_job():
    spec = importlib.util.spec_from_file_location("whosaid_job", ROOT / "spark" / "whosaid_job.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


job = load_job()


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    # Python workers must be this interpreter, the one with the whosaid package.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]").appName("whosaid-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def rows_of(frame):
    return sorted((row.asDict() for row in frame.collect()),
                  key=lambda row: (row["article_id"], row["statement"]))


def test_the_job_writes_the_cli_table_and_accounts_for_every_record(spark, cli, warcs, tmp_path):
    paths = [str(warcs[name]) for name in ("a.warc.gz", "b.warc.gz", "cut.warc.gz")]
    accounting = job.run(spark, paths, str(tmp_path / "out"))

    cli_parquet = tmp_path / "cli.parquet"
    done = subprocess.run([cli, "extract", "--format", "parquet", "-o", str(cli_parquet), *paths],
                          capture_output=True, check=False)
    assert done.returncode == 1, "the truncated file is damage"
    expected = spark.read.parquet(str(cli_parquet))
    got = spark.read.parquet(str(tmp_path / "out" / "statements"))
    assert got.columns == expected.columns
    assert [f.dataType for f in got.schema.fields] == [f.dataType for f in expected.schema.fields]
    got_rows, expected_rows = rows_of(got), rows_of(expected)
    assert len(got_rows) >= 4
    assert got_rows == expected_rows

    by_path = {row["path"]: row.asDict() for row in accounting}
    a, b, cut = (by_path[p] for p in paths)
    assert (a["records"], a["extracted"], a["skipped"]) == (5, 1, {"not_response": 3, "not_english": 1})
    assert (b["records"], b["extracted"], b["skipped"], b["problems"]) == (2, 2, {}, [])
    assert (cut["extracted"], cut["skipped"]) == (2, {"truncated": 1})
    assert "(truncated)" in cut["problems"][0]
    assert sum(row["statements"] for row in by_path.values()) == len(got_rows)
    written = spark.read.parquet(str(tmp_path / "out" / "accounting"))
    assert written.count() == 3


def test_remote_style_paths_and_path_lists_read_alike(spark, warcs, tmp_path):
    # file:// URIs go through Spark's Hadoop file system (binaryFiles), as s3a:// or hdfs://
    # would; @FILE lists paths one per line.
    listing = tmp_path / "warc.paths"
    listing.write_text(f"{warcs['b.warc.gz']}\n\n", encoding="utf-8")
    assert job.read_paths([f"@{listing}"]) == [str(warcs["b.warc.gz"])]
    local = job.run(spark, [str(warcs["b.warc.gz"])], str(tmp_path / "local"))
    assert not job.is_local(warcs["b.warc.gz"].as_uri())
    via_hadoop = job.run(spark, [warcs["b.warc.gz"].as_uri()], str(tmp_path / "hadoop"))
    assert [r["statements"] for r in local] == [r["statements"] for r in via_hadoop]
    a = rows_of(spark.read.parquet(str(tmp_path / "local" / "statements")))
    b = rows_of(spark.read.parquet(str(tmp_path / "hadoop" / "statements")))
    assert [r["content"] for r in a] == [r["content"] for r in b]


def test_a_missing_file_is_one_accounting_row(spark, tmp_path):
    rows = job.run(spark, [str(tmp_path / "gone.warc.gz")], str(tmp_path / "out"))
    (row,) = rows
    assert row["skipped"] == {"unreadable": 1}
    assert "No such file or directory" in row["error"]


def test_the_convention_reaches_every_file(tmp_path):
    # No Spark needed: a task's rows are whosaid's, under the convention the job was given.
    import whosaid

    text = ("The band was back on stage, with the singer and guitarist hitting "
            "\u201cTakin\u2019 It To the Streets,\u201d the crowd cheering.\n")
    path = tmp_path / "band.txt"
    path.write_text(text, encoding="utf-8")
    for convention in ("news", "polnear"):
        rows = [row for kind, row in job.process(str(path), convention=convention) if kind == "s"]
        assert rows == list(whosaid.iter_warc(str(path), rows=True, convention=convention))
        assert any(row["cue"] == "hitting" for row in rows) == (convention == "polnear")
