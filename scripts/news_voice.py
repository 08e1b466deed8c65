#!/usr/bin/env python3
"""Adds the second pass of the news annotations (docs/news-annotation.md, "Who gets a voice")
to the standoff records `whosaid eval --news` reads.

    python3 scripts/news_voice.py --into ANNOTATIONS.jsonl FILES...     merge, in place
    python3 scripts/news_voice.py --redo OUT.jsonl FILES...             a second annotator's
    python3 scripts/news_voice.py --agreement REDO.jsonl ANNOTATIONS.jsonl

Each FILE is an annotator's JSON for one article: {"page": id (a prefix is enough),
"annotator", "statements": [{"n", "anonymous", "category", "gender", "gender_evidence":
[spans], "said_at": span or null}]}, where n numbers the article's statements in the order of
ANNOTATIONS.jsonl and a span is {"para", "text", "nth"} as in the first pass. Spans are
resolved to char offsets into the gold body; the records keep offsets and labels, never text.
With --redo, the records are written apart (page, annotator, statements by n); --agreement
scores such a redo against the first pass on the same statements. The gold bodies are read from
../shared/data/news-html/ground-truth.json (--gold FILE for another).
"""

import argparse
import json
import sys

from news_annotations import GOLD, line_starts, resolve

CATEGORIES = {"politician", "government official", "spokesperson", "expert", "business",
              "legal", "advocate", "public", "media", "organisation", "unknown"}
GENDERS = {"female", "male", "unknown"}


def voice(st, body, starts, lines, where, problems):
    if not isinstance(st.get("anonymous"), bool):
        problems.append(f"{where}: anonymous must be true or false")
    if st.get("category") not in CATEGORIES:
        problems.append(f"{where}: category must be one of {sorted(CATEGORIES)}")
    if st.get("gender") not in GENDERS:
        problems.append(f"{where}: gender must be one of {sorted(GENDERS)}")
    evidence = [resolve(e, body, starts, lines, where + " gender_evidence", problems)
                for e in st.get("gender_evidence") or []]
    return {
        "anonymous": st.get("anonymous"),
        "category": st.get("category"),
        "gender": st.get("gender"),
        "gender_evidence": evidence,
        "said_at": resolve(st.get("said_at"), body, starts, lines, where + " said_at", problems),
    }


def agreement(redo_path, annotations_path):
    with open(annotations_path, encoding="utf-8") as f:
        first = {rec["page"]: rec for rec in map(json.loads, f) if rec.get("statements")}
    counts = {"statements": 0, "anonymous": 0, "category": 0, "gender": 0}
    both_anonymous = either_anonymous = stated = stated_same = 0
    said_both = said_either = 0
    with open(redo_path, encoding="utf-8") as f:
        for redo in map(json.loads, f):
            for st in redo["statements"]:
                one = first[redo["page"]]["statements"][st["n"]]
                counts["statements"] += 1
                for field in ("anonymous", "category", "gender"):
                    counts[field] += one[field] == st[field]
                both_anonymous += one["anonymous"] and st["anonymous"]
                either_anonymous += one["anonymous"] or st["anonymous"]
                x, y = one["said_at"], st["said_at"]
                said_either += bool(x or y)
                said_both += bool(x and y and min(x[1], y[1]) > max(x[0], y[0]))
                for a, b in ((one, st), (st, one)):
                    if a["gender"] != "unknown":
                        stated += 1
                        stated_same += a["gender"] == b["gender"]
    n = counts["statements"]
    print(f"{n} statements annotated twice")
    for field in ("anonymous", "category", "gender"):
        print(f"  {field:<10} same in {100 * counts[field] / n:.1f} %")
    print(f"  anonymous: {both_anonymous} marked by both of {either_anonymous} by either")
    print(f"  when it was said: {said_both} times given by both (overlapping) of {said_either} "
          f"given by either")
    print(f"  a gender one annotator states, the other states the same: "
          f"{100 * stated_same / max(stated, 1):.1f} % of {stated}")


def main():
    parser = argparse.ArgumentParser(
        description="Add the second pass of the news annotations to the standoff records.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="an annotator's JSON")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--into", metavar="ANNOTATIONS.jsonl", help="merge into, in place")
    what.add_argument("--redo", metavar="OUT.jsonl", help="write a second annotator's apart")
    what.add_argument("--agreement", nargs=2, metavar=("REDO.jsonl", "ANNOTATIONS.jsonl"),
                      help="score a redo against the first pass")
    parser.add_argument("--gold", default=GOLD, metavar="FILE", help="the gold bodies")
    options = parser.parse_args()
    if options.agreement:
        agreement(*options.agreement)
        return
    into, redo, gold_path, args = options.into, options.redo, options.gold, options.files
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)
    pages = list(gold)
    records = []
    if into:
        with open(into, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
    by_page = {rec["page"]: rec for rec in records}
    out, bad = [], 0
    for path in args:
        problems = []
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        matches = [p for p in pages if p.startswith(doc.get("page") or "-")]
        if len(matches) != 1:
            print(f"{path}: page {doc.get('page')!r} names no single page")
            bad += 1
            continue
        page = matches[0]
        body = gold[page]["articleBody"]
        starts, lines = line_starts(body), body.split("\n")
        fields = {}
        for st in doc.get("statements", []):
            n = st.get("n")
            fields[n] = voice(st, body, starts, lines, f"{path} S{n}", problems)
        if into:
            rec = by_page.get(page)
            if rec is None:
                problems.append(f"{path}: page {page} is not in {into}")
            elif sorted(fields) != list(range(len(rec["statements"]))):
                problems.append(f"{path}: statements must be n = 0..{len(rec['statements']) - 1}")
            else:
                for n, statement in enumerate(rec["statements"]):
                    statement.update(fields[n])
        else:
            out.append({"page": page, "annotator": doc.get("annotator"),
                        "statements": [dict(n=n, **fields[n]) for n in sorted(fields)]})
        for p in problems:
            print(p)
        bad += len(problems)
    if bad:
        sys.exit(f"{bad} problems: nothing written")
    with open(into or redo, "w", encoding="utf-8") as f:
        for rec in records if into else sorted(out, key=lambda r: r["page"]):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
