#!/usr/bin/env python3
"""Checks hand annotations of news articles (docs/news-annotation.md) and turns them into the
standoff records `whosaid eval --news` reads.

    python3 scripts/news_annotations.py FILES...                          check, print problems
    python3 scripts/news_annotations.py --parts PARTS.json --standoff OUT.jsonl FILES...

Annotators write one JSON file per article in which every span is quoted text: {"para": n,
"text": t, "nth": k} is the k-th occurrence of t in line n of the gold article body (lines
split on "\n", numbered from 1). This resolves each to char (code point) offsets into the
body, end exclusive, and says what does not match. The standoff records keep the offsets, the
speaker names and roles, never the text. PARTS.json maps "tune" and "heldout" to lists of page
ids. The gold bodies are read from ../shared/data/news-html/ground-truth.json (--gold FILE for
another).
"""

import argparse
import json
import sys

GOLD = "../shared/data/news-html/ground-truth.json"
ACTS = {"speech", "thought", "other"}
KINDS = {"direct", "mixed", "indirect"}
MEDIA = {"statement", "interview", "social media", "letter", "press conference", "testimony",
         "court filing", "broadcast", "publication", "other"}


def line_starts(body):
    starts, at = [], 0
    for line in body.split("\n"):
        starts.append(at)
        at += len(line) + 1
    return starts


def resolve(span, body, starts, lines, where, problems):
    if span is None:
        return None
    if not isinstance(span, dict) or "para" not in span or "text" not in span:
        problems.append(f"{where}: a span needs para and text: {span!r}")
        return None
    para, text, nth = span["para"], span["text"], span.get("nth", 1)
    if not isinstance(para, int) or not 1 <= para <= len(lines):
        problems.append(f"{where}: no paragraph {para!r}")
        return None
    line = lines[para - 1]
    if not text:
        problems.append(f"{where}: empty text")
        return None
    found, at = 0, -1
    while True:
        at = line.find(text, at + 1)
        if at < 0:
            break
        found += 1
        if found == nth:
            start = starts[para - 1] + at
            if found == 1 and line.find(text, at + 1) >= 0 and "nth" not in span:
                problems.append(f"{where}: {text!r} occurs more than once in [{para}]: add nth")
            return [start, start + len(text)]
    problems.append(f"{where}: {text!r} not found in [{para}] (occurrence {nth})")
    return None


def check(path, gold):
    problems = []
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    page = doc.get("page")
    if page not in gold:
        return None, [f"{path}: unknown page {page!r}"]
    body = gold[page]["articleBody"]
    lines = body.split("\n")
    starts = line_starts(body)
    out = []
    for i, st in enumerate(doc.get("statements", []), 1):
        where = f"{path}: statement {i}"
        if st.get("act") not in ACTS:
            problems.append(f"{where}: act must be one of {sorted(ACTS)}")
        if st.get("kind") not in KINDS:
            problems.append(f"{where}: kind must be one of {sorted(KINDS)}")
        if st.get("medium_type") not in MEDIA | {None}:
            problems.append(f"{where}: medium_type must be one of {sorted(MEDIA)} or null")
        if not isinstance(st.get("roles", []), list):
            problems.append(f"{where}: roles must be a list")
        contents = st.get("content")
        if not isinstance(contents, list) or not contents:
            problems.append(f"{where}: content must be a non-empty list of spans")
            contents = []
        rec = {
            "act": st.get("act"),
            "kind": st.get("kind"),
            "speaker": st.get("speaker"),
            "affiliation": st.get("affiliation"),
            "roles": st.get("roles", []),
            "source": resolve(st.get("source"), body, starts, lines, where + " source", problems),
            "cue": resolve(st.get("cue"), body, starts, lines, where + " cue", problems),
            "content": [resolve(c, body, starts, lines, where + " content", problems)
                        for c in contents],
            "addressee": resolve(st.get("addressee"), body, starts, lines,
                                 where + " addressee", problems),
            "medium": resolve(st.get("medium"), body, starts, lines, where + " medium", problems),
            "medium_type": st.get("medium_type"),
        }
        out.append(rec)
    return {"page": page, "annotator": doc.get("annotator"), "part": None,
            "statements": out}, problems


def main():
    parser = argparse.ArgumentParser(
        description="Check annotators' files of the news set and write the standoff records.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="an annotator's JSON")
    parser.add_argument("--standoff", metavar="OUT.jsonl", help="write the records here")
    parser.add_argument("--parts", metavar="PARTS.json",
                        help="which part (tune, heldout) each page is in")
    parser.add_argument("--gold", default=GOLD, metavar="FILE", help="the gold bodies")
    options = parser.parse_args()
    standoff, gold_path, args = options.standoff, options.gold, options.files
    parts = {}
    if options.parts:
        with open(options.parts, encoding="utf-8") as f:
            parts = {page: part for part, pages in json.load(f).items() for page in pages}
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)
    records, bad = [], 0
    for path in args:
        try:
            rec, problems = check(path, gold)
        except (OSError, ValueError) as err:
            rec, problems = None, [f"{path}: {err}"]
        for p in problems:
            print(p)
        bad += len(problems)
        if rec is not None and standoff and rec["page"] not in parts:
            print(f"{path}: page {rec['page']} is in no part of --parts")
            bad += 1
        if rec is not None:
            rec["part"] = parts.get(rec["page"])
            print(f"{path}: {len(rec['statements'])} statements"
                  + ("" if problems else ", all spans resolved"))
            records.append(rec)
    if standoff:
        with open(standoff, "w", encoding="utf-8") as f:
            for rec in records:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
