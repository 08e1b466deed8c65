"""Fixtures shared by the tests of the whosaid Python package and of the Spark job: WARC
files built here (Common Crawl layout, one gzip member per record), and the whosaid command
line built by cargo, whose output the package's must equal."""

import gzip
import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]

STORY = [
    "Foreign Minister Anna Berg spoke to reporters in Brussels on Tuesday, after a long meeting "
    "with her counterparts from the other member states of the alliance.",
    "\u201cWe will win,\u201d she said. \u201cUkraine will not stand alone, and nobody in this "
    "building has any doubt about that.\u201d",
    "The ministers agreed to send more air defence systems before the winter, according to two "
    "diplomats who attended the meeting and asked not to be named.",
    "Berg said that the alliance would meet again in February to review the progress of the "
    "deliveries and the state of the front line.",
]

GERMAN = [
    "Die Au\u00dfenministerin Anna Berg sprach am Dienstag in Br\u00fcssel mit Journalisten, nach "
    "einem langen Treffen mit ihren Amtskollegen aus den anderen Mitgliedstaaten.",
    "\u201eWir werden gewinnen\u201c, sagte sie. \u201eDie Ukraine wird nicht allein gelassen.\u201c",
]


def page(title, paragraphs):
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="og:site_name" content="The Daily">'
        '<meta property="article:published_time" content="2024-11-26T08:00:00Z">'
        '</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Daily.</footer></body></html>"
    )


def record(warc_type, uri, content_type, block):
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: 2024-12-01T10:00:00Z\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def response(uri, html):
    body = html.encode()
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    return record("response", uri, "application/http; msgtype=response", http)


def warc_gz(records):
    return b"".join(gzip.compress(r) for r in records)


@pytest.fixture
def warcs(tmp_path):
    """Three WARC files: a.warc.gz (an English and a German page, a request and a metadata
    record), b.warc.gz (two English pages), cut.warc.gz (three pages, cut in the last)."""
    a = [
        record("warcinfo", "", "application/warc-fields", b"software: test\r\n"),
        record("request", "https://daily.example/berg", "application/http; msgtype=request",
               b"GET /berg HTTP/1.1\r\n\r\n"),
        response("https://daily.example/berg", page("Berg: we will win", STORY)),
        response("https://daily.example/de/berg", page("Berg", GERMAN)),
        record("metadata", "https://daily.example/berg", "application/warc-fields", b"x: 1\r\n"),
    ]
    b = [
        response("https://daily.example/b1", page("Berg again", STORY[1:] + STORY[:1])),
        response("https://daily.example/b2", page("Berg in February", STORY[2:])),
    ]
    cut = warc_gz([response(f"https://daily.example/c{n}", page("Berg", STORY)) for n in range(3)])
    files = {
        "a.warc.gz": warc_gz(a),
        "b.warc.gz": warc_gz(b),
        "cut.warc.gz": cut[: len(cut) - 150],
    }
    paths = {}
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths[name] = path
    return paths


@pytest.fixture(scope="session")
def cli():
    """The whosaid binary: $WHOSAID_BIN, else the one cargo built in this workspace."""
    candidates = [os.environ.get("WHOSAID_BIN"), ROOT / "target/release/whosaid",
                  ROOT / "target/debug/whosaid", shutil.which("whosaid")]
    for candidate in candidates:
        if candidate and pathlib.Path(candidate).is_file():
            return str(candidate)
    pytest.skip("no whosaid binary: build it with cargo build -p whosaid-cli, or set WHOSAID_BIN")
