"""Hostile and damaged input through the Python package: every page is a Python exception or a
counted skip, never a dead interpreter, and the rest of a file is always read."""

import gzip
import subprocess
import sys

import pytest

import whosaid
from conftest import STORY, page, response, warc_gz

DEEP = "<html><body>" + "<span>" * 200_000 + "<p>x</p>"


def test_a_deeply_nested_page_is_an_exception_not_a_crash():
    # In a child interpreter: before the nesting budget, this killed the process (SIGSEGV).
    code = (
        "import whosaid\n"
        "html = '<html><body>' + '<span>' * 200_000 + '<p>x</p>'\n"
        "try:\n"
        "    whosaid.extract_html(html)\n"
        "except whosaid.SkipError as error:\n"
        "    print(error.reason)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().strip() == "too_large"


def test_a_deep_page_in_a_warc_is_skipped_and_counted_and_the_rest_is_read(tmp_path):
    good = page("Berg: we will win", STORY)
    path = tmp_path / "hostile.warc.gz"
    path.write_bytes(warc_gz([
        response("https://daily.example/one", good),
        response("https://evil.example/deep", DEEP),
        response("https://daily.example/two", good),
    ]))
    articles = whosaid.iter_warc(str(path))
    got = list(articles)
    assert [a["metadata"]["url"] for a in got] == [
        "https://daily.example/one", "https://daily.example/two"]
    assert articles.accounting["skipped"] == {"too_large": 1}
    assert len(articles.problems) == 1 and "hostile.warc.gz@" in articles.problems[0]


def test_records_after_a_damaged_gzip_member_are_read(tmp_path):
    members = [gzip.compress(response(f"https://daily.example/{n}", page("Berg", STORY)))
               for n in range(6)]
    members[2] = members[2][: len(members[2]) // 2]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(members))
    articles = whosaid.iter_warc(str(path))
    urls = [a["metadata"]["url"] for a in articles]
    assert urls == [f"https://daily.example/{n}" for n in (0, 1, 3, 4, 5)]
    assert articles.accounting["records"] == 6
    assert len(articles.problems) == 1


def test_text_that_whosaid_cannot_take_is_an_exception():
    with pytest.raises(TypeError):
        whosaid.extract_html(12)
    # Any text at all is fine for the extractor: garbage gives a list, not an error.
    assert isinstance(whosaid.extract("\u201c" * 10_000 + "\x00\ufffd said"), list)
