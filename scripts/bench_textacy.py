#!/usr/bin/env python3
"""Speed of textacy + a spaCy small pipeline against whosaid, on the same texts, on one core.

textacy's direct-quotation extractor (`textacy.extract.triples.direct_quotations`) over the
docs of a spaCy pipeline built like en_core_web_sm, and `whosaid bench`, are timed in this
one run on the same article texts (by default every *.txt under the PolNeAR train/text and
dev/text folders, which is what `whosaid bench` measures by default). The two are
interleaved (textacy, whosaid, textacy, whosaid, ... for --rounds rounds) and the script
reports each run and the medians: MB/s (UTF-8 bytes of the texts, as whosaid counts them),
articles/s, what each found (textacy: direct quotations with a speaker; whosaid: statements,
which include indirect speech, so the counts are not an accuracy comparison) and the ratio
of whosaid's MB/s to textacy's.

One core: the script sets OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS,
BLIS_NUM_THREADS and the like to 1 before numpy or spaCy is imported, runs spaCy with
`nlp.pipe(..., n_process=1)`, and pins itself and the whosaid process to one core (--core;
by default the last core it may run on). `whosaid bench` itself runs one extraction thread.
Each textacy run reports its CPU seconds next to its wall seconds as a check.

What is timed. textacy: `nlp.pipe` on the texts (already in memory, the pipeline already
loaded, after an untimed warm-up on a few articles) and `list(direct_quotations(doc))` on
each doc. textacy raises ValueError on a doc with an odd number of quotation marks (it
refuses to guess which quotation is unclosed); such docs are counted as refused, their time
is included. whosaid: `whosaid bench --json --repeat R PATHS` (it loads the texts, makes a
warm-up pass, and reports the median of R timed passes; model loading is not timed).

The spaCy pipeline. spaCy's trained pipelines (en_core_web_sm) are not on PyPI, so unless
--model names one that is installed, the script trains one on the data of this repository's
shared folder and caches it (--cache; a second run does not retrain):

- the architecture of en_core_web_sm 3.x: a shared tok2vec (MultiHashEmbed width 96 on
  NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE; MaxoutWindowEncoder depth 4), a tagger
  (fine-grained PTB tags) and a parser (TransitionBasedParser, hidden width 64, 2 maxout
  pieces) listening to it, an attribute_ruler that maps tags to coarse POS and morphology,
  a rule lemmatizer (spacy-lookups-data tables), and an ner with its own tok2vec (width
  96, depth 4) and en_core_web_sm's 18 entity labels (OntoNotes). en_core_web_sm also has
  a senter, disabled by default, left out here;
- trained for a bounded number of steps (--train-steps, one thread) on UD English-EWT
  train (tags, trees, with whitespace tokens inserted as the whitespace augmenter does)
  and Universal NER on EWT (its PER, ORG, LOC as PERSON, ORG, GPE, so 15 of the 18 labels
  have no examples; nine documents in ten of its dev split, the tenth kept for spaCy's
  evaluation during training; there is no train split here). It is
  evaluated afterwards on EWT dev (tags, POS, lemmas, trees, sentences) and on the UNER
  test split (entities), and the scores are printed with the results;
- the attribute_ruler's patterns are counted from EWT train: each tag gets the UPOS that
  most of its words have, and frequent words whose UPOS differs from their tag's (auxiliary
  "was", or "has" when its dependency label is aux) get a pattern of their own, as in
  en_core_web_sm's attribute_ruler.

Training takes about 3 minutes on one core (1500 steps, a little over one pass over the
training docs); the pipeline it gives is less accurate than en_core_web_sm (it prints its
scores) but finds quotations, and runs at about the same speed: spaCy's tagger, greedy
parser and ner do the same work per token however long they were trained. Measured once
on the same machine, alternating three times on 150 PolNeAR articles, en_core_web_sm 3.8's
nlp.pipe was about 10% slower than this pipeline's (mostly in its attribute_ruler, with
more patterns, and its ner), so against en_core_web_sm the ratio would be about 10% higher.

It differs from en_core_web_sm in its training data (EWT, about 200,000 words of web text,
and 3 entity types, against OntoNotes' news and 18 types), its dependency labels (UD, not
ClearNLP), its attribute_ruler's patterns (about 130, against about 180), and its training
time; the speed of a pipeline depends on its architecture.

Setup (the script installs nothing; spaCy 3.8 needs Python 3.10 or later):

    python3 -m venv /tmp/tx
    /tmp/tx/bin/pip install textacy spacy spacy-lookups-data

Usage (build whosaid first: cargo build --release -p whosaid-cli):

    /tmp/tx/bin/python scripts/bench_textacy.py     # trains once (about 3 minutes), measures
    /tmp/tx/bin/python scripts/bench_textacy.py --limit 100 --rounds 3
    /tmp/tx/bin/python scripts/bench_textacy.py --json
    /tmp/tx/bin/python scripts/bench_textacy.py --model en_core_web_sm  # where it installs

Data: --data (default ../shared/data from the repository root) holds polnear/,
ud_english_ewt/ and uner_english_ewt/. EWT and UNER are CC BY-SA 4.0; the trained pipeline
stays in the cache, outside the repository.
"""

import os

# One core: set before numpy, thinc or spaCy is imported (they read these at import).
ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
              "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
for _name in ONE_THREAD:
    os.environ[_name] = "1"

import argparse
import collections
import contextlib
import hashlib
import importlib.metadata
import json
import pathlib
import platform
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETUP = ("python3 -m venv /tmp/tx && /tmp/tx/bin/pip install textacy spacy spacy-lookups-data"
         "\nthen run this script with /tmp/tx/bin/python")
# Raise when the corpus preparation or the attribute ruler changes, so a cache is rebuilt.
RECIPE = 2
# en_core_web_sm's entity labels (OntoNotes). The ner declares them all, so that its output
# layer and transition system have en_core_web_sm's size; UNER's PER, ORG and LOC are trained
# as PERSON, ORG and GPE, and the 15 others have no examples.
ONTONOTES = ("CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY",
             "NORP", "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME",
             "WORK_OF_ART")
UNER_TO_ONTONOTES = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}

# The architecture of en_core_web_sm 3.x (its config.cfg), without its senter (disabled
# there by default) and with the training settings of this benchmark. attribute_ruler and
# lemmatizer are added after training (they have nothing to learn).
CONFIG = r"""
[paths]
train = null
dev = null
ner_labels = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "en"
pipeline = ["tok2vec","tagger","parser","ner"]
disabled = []
before_creation = null
after_creation = null
after_pipeline_creation = null
batch_size = 256
tokenizer = {"@tokenizers":"spacy.Tokenizer.v1"}
vectors = {"@vectors":"spacy.Vectors.v1"}

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = ${components.tok2vec.model.encode:width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE","SPACY","IS_SPACE"]
rows = [5000,1000,2500,2500,50,50]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3

[components.tagger]
factory = "tagger"
label_smoothing = 0.0
neg_prefix = "!"
overwrite = false
scorer = {"@scorers":"spacy.tagger_scorer.v1"}

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.tagger.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode:width}
upstream = "tok2vec"

[components.parser]
factory = "parser"
learn_tokens = false
min_action_freq = 30
moves = null
scorer = {"@scorers":"spacy.parser_scorer.v1"}
update_with_oracle_cut_size = 100

[components.parser.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "parser"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.parser.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode:width}
upstream = "tok2vec"

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {"@scorers":"spacy.ner_scorer.v1"}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.ner.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 96
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.ner.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
gold_preproc = false
max_length = 0
limit = 0

[corpora.train.augmenter]
@augmenters = "spacy.combined_augmenter.v1"
lower_level = 0.0
orth_level = 0.0
orth_variants = null
whitespace_level = 0.1
whitespace_per_token = 0.05
whitespace_variants = ["\n", "\n\n"]

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
gold_preproc = false
max_length = 0
limit = 0
augmenter = null

[training]
train_corpus = "corpora.train"
dev_corpus = "corpora.dev"
seed = ${system:seed}
gpu_allocator = ${system:gpu_allocator}
dropout = 0.1
accumulate_gradient = 1
patience = 0
max_epochs = 0
max_steps = 1500
eval_frequency = 500
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
tag_acc = 0.34
dep_uas = 0.0
dep_las = 0.33
dep_las_per_type = null
sents_p = null
sents_r = null
sents_f = 0.0
ents_f = 0.33
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vocab_data = null
vectors = ${paths.vectors}
init_tok2vec = ${paths.init_tok2vec}
before_init = null
after_init = null

[initialize.components]

[initialize.components.ner]

[initialize.components.ner.labels]
@readers = "spacy.read_labels.v1"
path = ${paths.ner_labels}
require = true

[initialize.lookups]
@misc = "spacy.LookupsDataLoader.v1"
lang = ${nlp.lang}
tables = ["lexeme_norm"]

[initialize.tokenizer]
"""


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def require():
    """Imports spaCy, textacy and spacy-lookups-data, or exits naming what is missing."""
    missing = []
    modules = {}
    for package, module in (("spacy", "spacy"), ("textacy", "textacy.extract.triples"),
                            ("spacy-lookups-data", "spacy_lookups_data")):
        try:
            modules[package] = importlib.import_module(module)
        except ImportError as error:
            missing.append(f"{package} ({error})")
    if missing:
        sys.exit("missing Python packages: " + ", ".join(missing) + "\n"
                 "install them with: python3 -m pip install textacy spacy spacy-lookups-data\n"
                 "for example in a venv: " + SETUP)
    return modules["spacy"], modules["textacy"]


def versions() -> dict:
    found = {"python": platform.python_version()}
    for package in ("spacy", "textacy", "spacy-lookups-data", "thinc", "numpy", "blis"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = None
    return found


# --- the texts ---------------------------------------------------------------------------

def text_paths(dirs: list, limit) -> list:
    paths = []
    for place in dirs:
        place = pathlib.Path(place)
        if place.is_file():
            paths.append(place)
        elif place.is_dir():
            found = sorted(place.rglob("*.txt"))
            if not found:
                sys.exit(f"{place}: no *.txt files")
            paths.extend(found)
        else:
            sys.exit(f"{place}: no such file or directory")
    if limit and limit < len(paths):
        # Evenly spaced, so that a short run still has every publisher.
        paths = [paths[i * len(paths) // limit] for i in range(limit)]
    return paths


def read_texts(paths: list) -> list:
    # newline="" keeps the bytes as they are, so that the byte count is the file's.
    texts = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as handle:
            texts.append(handle.read())
    return texts


# --- the training data -------------------------------------------------------------------

def conllu_words(path: pathlib.Path):
    """Yields (form, upos, xpos, feats, deprel) for every syntactic word of a CoNLL-U file."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            yield cols[1], cols[3], cols[4], cols[5], cols[7]


def attribute_patterns(ewt_train: pathlib.Path) -> list:
    """The attribute_ruler's patterns, counted from EWT train, in the manner of
    en_core_web_sm's. Each tag gets the UPOS that most of its words have (types, not tokens:
    VBD is VERB, though "was" is AUX), with the features most frequent among those. Then a
    word seen at least 20 times with a tag, whose UPOS with that tag is another one at least
    90% of the time, gets a pattern of its own ("was" VBD: AUX); failing that, so does the
    word with a dependency label under the same conditions ("has" VBZ aux: AUX)."""
    by_word = collections.defaultdict(collections.Counter)
    by_dep = collections.defaultdict(collections.Counter)
    feats = collections.defaultdict(collections.Counter)
    for form, upos, xpos, feat, deprel in conllu_words(ewt_train):
        if xpos != "_":
            word = form.lower()
            by_word[xpos, word][upos] += 1
            by_dep[xpos, word, deprel][upos] += 1
            feats[xpos, upos][feat] += 1
            feats[xpos, upos, word][feat] += 1
    types = collections.defaultdict(collections.Counter)
    for (tag, _), counts in by_word.items():
        types[tag][counts.most_common(1)[0][0]] += 1
    morph = lambda *key: feats[key].most_common(1)[0][0]  # "_" is no features

    def exception(counts, usual):
        upos, count = counts.most_common(1)[0]
        total = sum(counts.values())
        return upos if total >= 20 and count >= 0.9 * total and upos != usual else None

    # Whitespace tokens: tagged _SP by the tagger (the whitespace augmenter teaches it) or not.
    patterns = [{"patterns": [[{"TAG": "_SP"}]], "attrs": {"POS": "SPACE"}},
                {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}}]
    default = {}
    for tag in sorted(types):
        default[tag] = types[tag].most_common(1)[0][0]
        patterns.append({"patterns": [[{"TAG": tag}]],
                         "attrs": {"POS": default[tag], "MORPH": morph(tag, default[tag])}})
    own = set()
    for (tag, word), counts in sorted(by_word.items()):
        upos = exception(counts, default[tag])
        if upos:
            own.add((tag, word))
            patterns.append({"patterns": [[{"TAG": tag, "LOWER": word}]],
                             "attrs": {"POS": upos, "MORPH": morph(tag, upos, word)}})
    for (tag, word, deprel), counts in sorted(by_dep.items()):
        upos = exception(counts, default[tag]) if (tag, word) not in own else None
        if upos:
            patterns.append({"patterns": [[{"TAG": tag, "LOWER": word, "DEP": deprel}]],
                             "attrs": {"POS": upos, "MORPH": morph(tag, upos, word)}})
    return patterns


def uner_docs(spacy, vocab, path: pathlib.Path, per_doc: int = 10):
    """Yields (document number, Doc) for a Universal NER IOB2 file: groups of `per_doc`
    sentences of one document, with entities only (no tags, no trees, no sentence starts:
    those stay missing, so they teach the other components nothing)."""
    from spacy.tokens import Doc

    def sentences():
        document, text, rows = -1, "", []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.rstrip("\n")
                if line.startswith("# newdoc"):
                    document += 1
                elif line.startswith("# text = "):
                    text = line[len("# text = "):]
                elif line.startswith("#"):
                    continue
                elif line.strip():
                    cols = line.split("\t")
                    rows.append((cols[1], cols[2]))
                elif rows:
                    yield document, text, rows
                    text, rows = "", []
        if rows:
            yield document, text, rows

    def spaces(text, words):
        # A word is followed by a space when the sentence text has one after it; when a
        # word is not found where expected (UNER's few changed words), a space is assumed.
        result, at = [], 0
        for word in words:
            found = text.find(word, at)
            if found < 0 or text[at:found].strip():
                result.append(True)
                continue
            at = found + len(word)
            result.append(at < len(text) and text[at].isspace())
        return result

    def doc(group):
        # One Doc of the words of the sentences, without sentence starts.
        words, gaps, tags = [], [], []
        for text, rows in group:
            sentence = [word for word, _ in rows]
            words += sentence
            gaps += spaces(text, sentence)[:-1] + [True]
            tags += [tag if tag == "O" else f"{tag[:2]}{UNER_TO_ONTONOTES[tag[2:]]}"
                     for _, tag in rows]
        gaps[-1] = False
        return Doc(vocab, words=words, spaces=gaps, ents=tags)

    group, current = [], None
    for document, text, rows in sentences():
        if group and (document != current or len(group) == per_doc):
            yield current, doc(group)
            group = []
        current = document
        group.append((text, rows))
    if group:
        yield current, doc(group)


def prepare_corpus(spacy, data: pathlib.Path, corpus: pathlib.Path) -> dict:
    """Writes train.spacy, dev.spacy (for spaCy's training loop), eval-ewt.spacy and
    eval-uner.spacy (for the final evaluation) under `corpus`."""
    from spacy.tokens import DocBin
    from spacy.training.converters import conllu_to_docs
    from spacy.vocab import Vocab

    ewt = data / "ud_english_ewt"
    uner = data / "uner_english_ewt"
    vocab = Vocab()
    corpus.mkdir(parents=True, exist_ok=True)

    def conllu(path):
        return list(conllu_to_docs(path.read_text(encoding="utf-8"), n_sents=10, no_print=True))

    train = conllu(ewt / "en_ewt-ud-train.conllu")
    ewt_dev = conllu(ewt / "en_ewt-ud-dev.conllu")
    ner_train, ner_dev = [], []
    for document, doc in uner_docs(spacy, vocab, uner / "en_ewt-ud-dev.iob2"):
        (ner_dev if document % 10 == 9 else ner_train).append(doc)
    ner_test = [doc for _, doc in uner_docs(spacy, vocab, uner / "en_ewt-ud-test.iob2")]
    DocBin(docs=train + ner_train, store_user_data=False).to_disk(corpus / "train.spacy")
    DocBin(docs=ewt_dev + ner_dev).to_disk(corpus / "dev.spacy")
    DocBin(docs=ewt_dev).to_disk(corpus / "eval-ewt.spacy")
    DocBin(docs=ner_test).to_disk(corpus / "eval-uner.spacy")
    # The ner's actions (as `spacy init labels` writes them): BEGIN, IN, LAST, UNIT of each
    # label, and OUT.
    labels = {label: 1 for label in ONTONOTES}
    (corpus / "ner-labels.json").write_text(json.dumps(
        {"0": {}, "1": labels, "2": labels, "3": labels, "4": {**labels, "": 1}, "5": {"": 1}}))
    return {"ewt_train_docs": len(train), "uner_train_docs": len(ner_train),
            "ewt_dev_docs": len(ewt_dev), "uner_dev_docs": len(ner_dev),
            "uner_test_docs": len(ner_test)}


def evaluate(spacy, nlp, path: pathlib.Path, keys: tuple) -> dict:
    from spacy.tokens import DocBin
    from spacy.training import Example

    references = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(ref.text), ref) for ref in references]
    scores = nlp.evaluate(examples)
    return {key: round(scores[key], 4) for key in keys if scores.get(key) is not None}


def build_pipeline(spacy, data: pathlib.Path, cache: pathlib.Path, steps: int, quiet: bool):
    """Loads the cached pipeline trained with these settings, or trains it (one thread) and
    caches it. Returns (nlp, facts about it)."""
    major_minor = ".".join(spacy.__version__.split(".")[:2])
    key = hashlib.sha256(f"{CONFIG}|{RECIPE}|{steps}|{major_minor}".encode()).hexdigest()[:12]
    home = cache / f"sm-ewt-{steps}-{key}"
    final = home / "pipeline"
    facts_path = home / "pipeline.json"
    if (final / "meta.json").exists() and facts_path.exists():
        facts = json.loads(facts_path.read_text())
        facts["cached"] = True
        return spacy.load(final), facts

    ewt = data / "ud_english_ewt"
    for needed in (ewt / "en_ewt-ud-train.conllu", ewt / "en_ewt-ud-dev.conllu",
                   data / "uner_english_ewt/en_ewt-ud-dev.iob2",
                   data / "uner_english_ewt/en_ewt-ud-test.iob2"):
        if not needed.exists():
            sys.exit(f"{needed} is missing: the pipeline is trained on UD English-EWT and "
                     f"Universal NER (--data), or pass --model")
    home.mkdir(parents=True, exist_ok=True)
    log(f"training the spaCy pipeline ({steps} steps, one thread) into {home}")
    started = time.perf_counter()
    sizes = prepare_corpus(spacy, data, home / "corpus")
    config_path = home / "config.cfg"
    config_path.write_text(CONFIG.lstrip())
    from spacy.cli.train import train

    train_started = time.perf_counter()
    output = sys.stderr if quiet else sys.stdout
    with contextlib.redirect_stdout(output):
        train(config_path, home / "training", use_gpu=-1,
              overrides={"paths.train": str(home / "corpus/train.spacy"),
                         "paths.dev": str(home / "corpus/dev.spacy"),
                         "paths.ner_labels": str(home / "corpus/ner-labels.json"),
                         "training.max_steps": steps})
    train_seconds = time.perf_counter() - train_started

    nlp = spacy.load(home / "training/model-best")
    ruler = nlp.add_pipe("attribute_ruler", before="ner")
    ruler.add_patterns(attribute_patterns(ewt / "en_ewt-ud-train.conllu"))
    lemmatizer = nlp.add_pipe("lemmatizer", before="ner", config={"mode": "rule"})
    lemmatizer.initialize()  # the English rule tables of spacy-lookups-data
    nlp.to_disk(final)
    nlp = spacy.load(final)
    accuracy = {
        "ewt_dev": evaluate(spacy, nlp, home / "corpus/eval-ewt.spacy",
                            ("token_acc", "tag_acc", "pos_acc", "morph_acc", "lemma_acc",
                             "dep_uas", "dep_las", "sents_f")),
        "uner_test": evaluate(spacy, nlp, home / "corpus/eval-uner.spacy",
                              ("ents_p", "ents_r", "ents_f")),
    }
    facts = {
        "source": "trained by this script",
        "path": str(final),
        "train_steps": steps,
        "training_seconds": round(train_seconds, 1),
        "total_build_seconds": round(time.perf_counter() - started, 1),
        "corpus_docs": sizes,
        "spacy_version": spacy.__version__,
        "accuracy": accuracy,
        "attribute_ruler_patterns": len(ruler.patterns),
    }
    facts_path.write_text(json.dumps(facts, indent=2) + "\n")
    facts["cached"] = False
    return nlp, facts


# --- the measurements --------------------------------------------------------------------

def run_textacy(nlp, direct_quotations, texts: list, size: int, batch_size: int) -> dict:
    quotations = refused = tokens = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=1):
        tokens += len(doc)
        try:
            quotations += len(list(direct_quotations(doc)))
        except ValueError:  # an odd number of quotation marks: textacy bails out
            refused += 1
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "mb_per_s": size / 1e6 / seconds, "articles_per_s": len(texts) / seconds,
            "tokens_per_s": tokens / seconds, "tokens": tokens,
            "quotations": quotations, "refused_docs": refused}


def run_whosaid(whosaid: str, paths: list, repeat: int, core) -> dict:
    command = [whosaid, "bench", "--json", "--repeat", str(repeat)] + [str(p) for p in paths]
    pin = (lambda: os.sched_setaffinity(0, {core})) if core is not None else None
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          preexec_fn=pin)
    if done.returncode != 0:
        sys.exit(f"{whosaid} bench failed:\n{done.stderr.decode()}")
    result = json.loads(done.stdout)
    extraction = result["extraction"]
    return {"mb_per_s": extraction["mb_per_s"], "articles_per_s": extraction["articles_per_s"],
            "seconds": extraction["seconds"], "passes": extraction["passes"],
            "statements": result["statements"], "articles": result["articles"],
            "bytes": result["bytes"], "threads": result.get("threads")}


def summary(runs: list, found_key: str) -> dict:
    speeds = [run["mb_per_s"] for run in runs]
    return {"mb_per_s": statistics.median(speeds), "mb_per_s_min": min(speeds),
            "mb_per_s_max": max(speeds),
            "articles_per_s": statistics.median(run["articles_per_s"] for run in runs),
            found_key: runs[-1][found_key]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--whosaid", default=str(ROOT / "target/release/whosaid"),
                        help="the release binary (default: target/release/whosaid)")
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data"),
                        help="holds polnear/, ud_english_ewt/ and uner_english_ewt/")
    parser.add_argument("--texts", action="append", default=[], metavar="DIR",
                        help="another directory (every *.txt below) or file to measure on; "
                             "may be repeated")
    parser.add_argument("--no-polnear", action="store_true",
                        help="measure only on --texts, not on the PolNeAR texts")
    parser.add_argument("--limit", type=int, help="measure on N articles (evenly spaced)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="textacy runs and whosaid runs, interleaved (default 2 each)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="whosaid bench --repeat: timed passes per whosaid run")
    parser.add_argument("--batch-size", type=int, default=256, help="nlp.pipe batch size")
    parser.add_argument("--core", type=int,
                        help="the core to pin both tools to (default: the last one allowed)")
    parser.add_argument("--model",
                        help="an installed spaCy pipeline (name or directory) to use instead "
                             "of training one, e.g. en_core_web_sm where it can be installed")
    parser.add_argument("--cache", default=str(pathlib.Path(
        os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache"))
        / "whosaid-bench-textacy"), help="where the trained pipeline is kept")
    parser.add_argument("--train-steps", type=int, default=1500,
                        help="training steps of the spaCy pipeline (bounds its training time)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    if not os.access(args.whosaid, os.X_OK):
        sys.exit(f"{args.whosaid}: no whosaid binary; build it with "
                 f"cargo build --release -p whosaid-cli (or pass --whosaid PATH)")
    binary = pathlib.Path(args.whosaid)
    binary_mtime = binary.stat().st_mtime
    spacy, textacy_triples = require()
    direct_quotations = textacy_triples.direct_quotations
    report = print if not args.json else log

    data = pathlib.Path(args.data)
    dirs = [] if args.no_polnear else [data / "polnear/train/text", data / "polnear/dev/text"]
    dirs += args.texts
    if not dirs:
        sys.exit("nothing to measure on: give --texts with --no-polnear")
    paths = text_paths(dirs, args.limit)
    texts = read_texts(paths)
    size = sum(len(text.encode("utf-8")) for text in texts)

    core = args.core if args.core is not None else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    if args.model:
        nlp = spacy.load(args.model)
        pipeline = {"source": f"--model {args.model}", "path": str(args.model)}
    else:
        nlp, pipeline = build_pipeline(spacy, data, pathlib.Path(args.cache).expanduser(),
                                       args.train_steps, args.json)
    pipeline["components"] = list(nlp.pipe_names)
    report(f"spaCy pipeline: {pipeline['source']} ({pipeline['path']}), "
           f"components {', '.join(nlp.pipe_names)}")
    if "training_seconds" in pipeline:
        report(f"  trained {pipeline['train_steps']} steps in {pipeline['training_seconds']:.0f} s "
               f"(one thread){', cached' if pipeline.get('cached') else ''}; "
               f"EWT dev: {pipeline['accuracy']['ewt_dev']}; "
               f"UNER test: {pipeline['accuracy']['uner_test']}")
    report(f"corpus: {len(texts)} articles, {size / 1e6:.2f} MB; one core: pinned to core {core}, "
           f"{', '.join(f'{n}=1' for n in ONE_THREAD[:4])}, nlp.pipe n_process=1")

    # Untimed warm-up, as whosaid bench makes one.
    warm = texts[:: max(1, len(texts) // 10)][:10]
    for doc in nlp.pipe(warm, n_process=1):
        try:
            list(direct_quotations(doc))
        except ValueError:
            pass

    textacy_runs, whosaid_runs = [], []
    for round_ in range(1, args.rounds + 1):
        run = run_textacy(nlp, direct_quotations, texts, size, args.batch_size)
        textacy_runs.append(run)
        report(f"round {round_} textacy: {run['mb_per_s']:.4g} MB/s, "
               f"{run['articles_per_s']:.1f} articles/s, {run['tokens_per_s']:.0f} tokens/s "
               f"({run['seconds']:.1f} s wall, {run['cpu_seconds']:.1f} s CPU), "
               f"{run['quotations']} quotations, {run['refused_docs']} docs refused")
        run = run_whosaid(args.whosaid, paths, args.repeat, core)
        if (run["articles"], run["bytes"]) != (len(texts), size):
            sys.exit(f"whosaid measured {run['articles']} articles, {run['bytes']} bytes; "
                     f"this script {len(texts)} articles, {size} bytes")
        whosaid_runs.append(run)
        report(f"round {round_} whosaid: {run['mb_per_s']:.4g} MB/s (median of "
               f"{len(run['passes'])} passes), {run['articles_per_s']:.1f} articles/s, "
               f"{run['statements']} statements")

    textacy = summary(textacy_runs, "quotations")
    textacy["refused_docs"] = textacy_runs[-1]["refused_docs"]
    textacy["tokens_per_s"] = statistics.median(run["tokens_per_s"] for run in textacy_runs)
    whosaid = summary(whosaid_runs, "statements")
    ratio = whosaid["mb_per_s"] / textacy["mb_per_s"]
    rebuilt = binary.stat().st_mtime != binary_mtime
    if rebuilt:
        log(f"warning: {binary} changed during the run; its runs may be of different builds")
    result = {
        "corpus": {"articles": len(texts), "bytes": size, "sources": [str(d) for d in dirs],
                   "limit": args.limit},
        "one_core": {"pinned_core": core, "env": {n: "1" for n in ONE_THREAD},
                     "n_process": 1, "whosaid_threads": whosaid_runs[-1]["threads"]},
        "versions": versions(),
        "pipeline": pipeline,
        "whosaid_binary": {"path": str(binary.resolve()),
                           "modified": time.strftime("%Y-%m-%d %H:%M:%S",
                                                     time.localtime(binary_mtime)),
                           "changed_during_run": rebuilt},
        "textacy": {**textacy, "runs": textacy_runs, "batch_size": args.batch_size},
        "whosaid": {**whosaid, "runs": whosaid_runs, "repeat": args.repeat},
        "ratio_whosaid_to_textacy": ratio,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print()
    print(f"versions: " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    print(f"{'tool':<22} {'MB/s median (range)':<26} {'articles/s':>10}  found")
    for name, row, found in (
            ("textacy + spaCy (sm)", textacy,
             f"{textacy['quotations']} direct quotations "
             f"({textacy['refused_docs']} articles refused: odd quotation marks)"),
            ("whosaid", whosaid, f"{whosaid['statements']} statements")):
        speed = (f"{row['mb_per_s']:.4g} ({row['mb_per_s_min']:.4g}-"
                 f"{row['mb_per_s_max']:.4g})")
        print(f"{name:<22} {speed:<26} {row['articles_per_s']:>10.1f}  {found}")
    print(f"whosaid / textacy: {ratio:.1f}x the MB/s (medians)")


if __name__ == "__main__":
    main()
