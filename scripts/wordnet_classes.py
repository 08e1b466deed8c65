#!/usr/bin/env python3
"""Writes crates/attribution/data/wordnet-classes.tsv from WordNet 3.0 as Debian ships it.

The attribution labeller uses WordNet's lexicographer classes ("verb.communication",
"noun.person", ...) as features, so that a rare cue word it never saw in training
("grilled", "resented") still looks like the cue words it did see. The file keeps, for every
one-word verb, the classes of its three most frequent senses, and for every one-word noun
whose two most frequent senses include a class that matters for attribution (communication,
cognition, feeling, group, person), the classes of those two senses; and WordNet's irregular
forms of the words kept. Inflection of regular forms is left to the labeller.

Usage: apt-get install wordnet-base && python3 scripts/wordnet_classes.py
       [--wordnet /usr/share/wordnet] [--out crates/attribution/data/wordnet-classes.tsv]
"""

import argparse
import os
import re
import sys

# WordNet's lexicographer files, by number (lexnames(5WN)).
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
    "noun.artifact", "noun.attribute", "noun.body", "noun.cognition", "noun.communication",
    "noun.event", "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive",
    "noun.object", "noun.person", "noun.phenomenon", "noun.plant", "noun.possession",
    "noun.process", "noun.quantity", "noun.relation", "noun.shape", "noun.state",
    "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition",
    "verb.communication", "verb.competition", "verb.consumption", "verb.contact",
    "verb.creation", "verb.emotion", "verb.motion", "verb.perception", "verb.possession",
    "verb.social", "verb.stative", "verb.weather", "adj.ppl",
]
NOUN_CLASSES = {"noun.cognition", "noun.communication", "noun.feeling", "noun.group", "noun.person"}
VERB_SENSES = 3
NOUN_SENSES = 2
WORD = re.compile(r"[a-z][a-z'-]*")


def senses(wordnet, pos):
    """{lemma: [lexname of each sense, most frequent first]} for one part of speech."""
    lexfile = {}
    with open(os.path.join(wordnet, f"data.{pos}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            offset, number = line.split(" ", 2)[:2]
            lexfile[offset] = LEXNAMES[int(number)]
    out = {}
    with open(os.path.join(wordnet, f"index.{pos}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, pointers = fields[0], int(fields[3])
            offsets = fields[4 + pointers + 2:]
            out[lemma] = [lexfile[o] for o in offsets]
    return out


def exceptions(wordnet, pos, kept):
    """(form, lemma) pairs of WordNet's irregular forms whose lemma is kept."""
    pairs = []
    with open(os.path.join(wordnet, f"{pos}.exc"), encoding="latin-1") as f:
        for line in f:
            form, *lemmas = line.split()
            for lemma in lemmas:
                if lemma in kept and WORD.fullmatch(form) and form != lemma:
                    pairs.append((form, lemma))
    return sorted(set(pairs))


def short(lexname):
    return lexname.split(".", 1)[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument(
        "--out", default=os.path.join(here, "..", "crates", "attribution", "data", "wordnet-classes.tsv")
    )
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.wordnet, "index.verb")):
        sys.exit(f"{args.wordnet}: no WordNet here (apt-get install wordnet-base)")
    verbs = {
        lemma: s[:VERB_SENSES]
        for lemma, s in senses(args.wordnet, "verb").items()
        if WORD.fullmatch(lemma)
    }
    nouns = {
        lemma: s[:NOUN_SENSES]
        for lemma, s in senses(args.wordnet, "noun").items()
        if WORD.fullmatch(lemma) and NOUN_CLASSES.intersection(s[:NOUN_SENSES])
    }
    lines = [
        "# WordNet 3.0 lexicographer classes, written by scripts/wordnet_classes.py.",
        "# v LEMMA CLASSES: a verb and the classes of its three most frequent senses;",
        "# n LEMMA CLASSES: a noun and the classes of its two most frequent senses;",
        "# xv FORM LEMMA / xn FORM LEMMA: an irregular verb or noun form.",
        "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
        "# Licence: the WordNet 3.0 licence, in data/WORDNET-LICENSE next to this file.",
    ]
    for lemma in sorted(verbs):
        lines.append("v\t%s\t%s" % (lemma, " ".join(short(c) for c in verbs[lemma])))
    for lemma in sorted(nouns):
        lines.append("n\t%s\t%s" % (lemma, " ".join(short(c) for c in nouns[lemma])))
    for form, lemma in exceptions(args.wordnet, "verb", verbs):
        lines.append(f"xv\t{form}\t{lemma}")
    for form, lemma in exceptions(args.wordnet, "noun", nouns):
        lines.append(f"xn\t{form}\t{lemma}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{args.out}: {len(verbs)} verbs, {len(nouns)} nouns, {len(lines)} lines")


if __name__ == "__main__":
    main()
