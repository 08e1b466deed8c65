"""The whosaid package: the same results as the command line on the same inputs, clear Python
exceptions, and safe use from many threads at once."""

import csv
import io
import json
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import whosaid
from conftest import ROOT, STORY, GERMAN, page

EXAMPLE = ROOT / "examples" / "nato-foreign-ministers.txt"


def run_cli(cli, *args):
    done = subprocess.run([cli, "extract", *map(str, args)], capture_output=True, check=False)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done


def cli_documents(cli, *paths):
    done = run_cli(cli, "--format", "jsonl", *paths)
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def test_extract_gives_the_statements_the_cli_gives(cli):
    text = EXAMPLE.read_text(encoding="utf-8")
    statements = whosaid.extract(text)
    assert len(statements) > 10
    assert statements == cli_documents(cli, EXAMPLE)[0]["statements"]
    rutte = [s for s in statements if s["speaker"] and s["speaker"]["name"] == "Mark Rutte"]
    assert rutte and all(text[c["start"]:c["end"]] == c["text"] for s in rutte for c in s["contents"])


def test_convention_is_the_clis(cli, tmp_path):
    # "hitting" narrates what the singer did: only PolNeAR's convention reports it.
    text = ("The band was back on stage, with the singer and guitarist hitting "
            "\u201cTakin\u2019 It To the Streets,\u201d the crowd cheering.\n")
    path = tmp_path / "band.txt"
    path.write_text(text, encoding="utf-8")
    news = whosaid.extract(text)
    polnear = whosaid.extract(text, convention="polnear")
    assert whosaid.extract(text, convention="news") == news
    assert not any(s["cue"]["text"] == "hitting" for s in news)
    assert any(s["cue"]["text"] == "hitting" for s in polnear)
    cli_polnear = cli_documents(cli, "--convention", "polnear", path)[0]["statements"]
    assert polnear == cli_polnear
    with pytest.raises(ValueError, match="news or polnear"):
        whosaid.extract(text, convention="tabloid")
    html = page("The band", [text.strip()])
    cues = lambda article: [s["cue"]["text"] for s in article["statements"] if s["cue"]]
    assert "hitting" in cues(whosaid.extract_html(html, convention="polnear"))
    assert "hitting" not in cues(whosaid.extract_html(html))


def test_extract_html_gives_the_article_the_cli_gives(cli, tmp_path):
    html = page("Berg: we will win", STORY)
    path = tmp_path / "berg.html"
    path.write_text(html, encoding="utf-8")
    article = whosaid.extract_html(html)
    (expected,) = cli_documents(cli, path)
    assert article == dict(expected, id="-")
    assert article["metadata"]["site"] == "The Daily"
    assert "\u201cWe will win,\u201d she said." in article["text"]
    assert whosaid.extract_html(html.encode("utf-8")) == article
    with_url = whosaid.extract_html(html, url="https://daily.example/berg")
    assert with_url["id"] == with_url["metadata"]["url"] == "https://daily.example/berg"


def test_iter_warc_gives_the_articles_and_rows_the_cli_gives(cli, warcs):
    path = warcs["a.warc.gz"]
    articles = whosaid.iter_warc(str(path))
    got = list(articles)
    assert got == cli_documents(cli, path)
    assert len(got) == 1 and got[0]["statements"]
    assert articles.accounting == {
        "records": 5, "extracted": 1, "statements": len(got[0]["statements"]),
        "skipped": {"not_response": 3, "not_english": 1},
    }
    assert articles.problems == []

    rows = list(whosaid.iter_warc(path, rows=True))
    table = list(csv.DictReader(io.StringIO(run_cli(cli, "--format", "csv", path).stdout.decode())))
    assert [name for name, _ in whosaid.COLUMNS] == list(table[0].keys())
    assert len(rows) == len(table) == len(got[0]["statements"])
    for row, cli_row in zip(rows, table):
        as_text = {k: "" if v is None else str(v) for k, v in row.items()}
        assert as_text == cli_row


def test_bytes_read_like_the_file(warcs):
    path = warcs["b.warc.gz"]
    from_path = list(whosaid.iter_warc(path))
    from_bytes = list(whosaid.iter_warc(path.read_bytes()))
    assert len(from_path) == 2
    for a, b in zip(from_path, from_bytes):
        assert a["statements"] == b["statements"]
        assert b["id"].startswith("<bytes>@")


def test_damage_is_counted_and_named_not_raised(warcs):
    articles = whosaid.iter_warc(warcs["cut.warc.gz"])
    assert len(list(articles)) == 2
    assert articles.accounting["skipped"] == {"truncated": 1}
    (problem,) = articles.problems
    assert "cut.warc.gz@" in problem and "(truncated)" in problem


def test_errors_are_python_exceptions_with_clear_messages(tmp_path):
    with pytest.raises(TypeError):
        whosaid.extract(42)
    with pytest.raises(OSError, match="nowhere.warc.gz: No such file or directory"):
        whosaid.iter_warc(tmp_path / "nowhere.warc.gz")
    with pytest.raises(OSError, match="is a directory"):
        whosaid.iter_warc(tmp_path)
    with pytest.raises(TypeError, match="source must be a path"):
        whosaid.iter_warc(3.5)
    with pytest.raises(whosaid.SkipError, match="not English") as caught:
        whosaid.extract_html(page("Berg", GERMAN), url="https://daily.example/de")
    assert caught.value.reason == "not_english"
    with pytest.raises(whosaid.SkipError) as caught:
        whosaid.extract_html("<html><body></body></html>")
    assert caught.value.reason == "empty_text"
    assert isinstance(caught.value, ValueError)


def test_threads_share_the_extractor_safely(warcs):
    texts = [" ".join(STORY[i:] + STORY[:i]) for i in range(len(STORY))] * 4
    expected = [whosaid.extract(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(whosaid.extract, texts)) == expected
        paths = [warcs["a.warc.gz"], warcs["b.warc.gz"]] * 3
        results = list(pool.map(lambda p: list(whosaid.iter_warc(p)), paths))
    assert results[0] == results[2] == results[4]
    assert results[1] == results[3] == results[5]


def test_the_gil_is_released_while_rust_works():
    # A long extraction in one thread; the main thread keeps running Python meanwhile. With the
    # GIL held, it could not take a single step until the extraction returned.
    text = "\n\n".join(STORY) * 400
    done = threading.Event()
    worker = threading.Thread(target=lambda: (whosaid.extract(text), done.set()))
    steps = 0
    worker.start()
    while not done.is_set():
        steps += 1
    worker.join()
    assert steps > 1000
