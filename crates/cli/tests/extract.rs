//! `whosaid extract` as a user runs it: the built binary, on files written to a temporary
//! directory.
//!
//! Tests that need the extractor to find statements say so in their names (`..._finds_...`);
//! the others hold whatever it finds, checking every span that comes out.
//!
//! One file of about 600 lines: it covers the command's whole surface (inputs, formats, flags,
//! failures) over the fixtures and helpers defined here, which the tests share.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// A short article with a quote no extractor can miss.
const ARTICLE: &str = "Foreign Minister Anna Berg spoke to reporters in Brussels on Tuesday.\n\n\
                       \"We will win,\" she said. \"Ukraine will not stand alone.\"\n";

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

/// Runs `whosaid extract ARGS` as jsonl, from `dir`, with `stdin` as standard input.
fn extract_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    // JSON lines unless a test asks for another format.
    let format: &[&str] = if args.contains(&"--format") {
        &[]
    } else {
        &["--format", "jsonl"]
    };
    let mut child = whosaid()
        .current_dir(dir)
        .arg("extract")
        .args(format)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("whosaid starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    // Written from a thread: a large input would fill the pipe before whosaid reads it all.
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("whosaid runs");
    writer.join().expect("stdin writer");
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The documents of jsonl output, checking that every line is a complete document.
fn documents(output: &Output) -> Vec<Value> {
    let stdout = std::str::from_utf8(&output.stdout).expect("output is UTF-8");
    stdout
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).expect("each line is JSON");
            assert!(doc["id"].is_string(), "{line}");
            assert!(doc["statements"].is_array(), "{line}");
            assert!(doc["entities"].is_array(), "{line}");
            doc
        })
        .collect()
}

fn ids(docs: &[Value]) -> Vec<&str> {
    docs.iter().map(|doc| doc["id"].as_str().unwrap()).collect()
}

/// Writes `files` (relative path, bytes) under a new temporary directory.
fn fixture(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Every span of a document: cues, contents, sources and entity mentions.
fn spans(doc: &Value) -> Vec<&Value> {
    let mut spans = Vec::new();
    for statement in doc["statements"].as_array().unwrap() {
        spans.extend(statement["cue"].as_object().map(|_| &statement["cue"]));
        spans.extend(statement["contents"].as_array().unwrap());
        spans.extend(statement["sources"].as_array().unwrap());
    }
    for entity in doc["entities"].as_array().unwrap() {
        spans.extend(entity["mentions"].as_array().unwrap());
    }
    spans
}

/// Asserts that each span's text is exactly the chars `start..end` of `text`.
fn assert_spans_match(doc: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for span in spans(doc) {
        let start = span["start"].as_u64().unwrap() as usize;
        let end = span["end"].as_u64().unwrap() as usize;
        assert!(
            start <= end && end <= chars.len(),
            "{span} in {}",
            doc["id"]
        );
        let expected: String = chars[start..end].iter().collect();
        assert_eq!(span["text"], expected, "{span} in {}", doc["id"]);
    }
}

fn statement_count(docs: &[Value]) -> usize {
    docs.iter()
        .map(|doc| doc["statements"].as_array().unwrap().len())
        .sum()
}

#[test]
fn stdin_is_one_document_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let output = extract_in(dir.path(), &["-"], ARTICLE.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = documents(&output);
    assert_eq!(ids(&docs), ["-"]);
    assert_spans_match(&docs[0], ARTICLE);
}

#[test]
fn a_file_is_named_as_given() {
    let dir = fixture(&[("news/article.txt", ARTICLE.as_bytes())]);
    let output = extract_in(dir.path(), &["news/article.txt"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = documents(&output);
    assert_eq!(ids(&docs), ["news/article.txt"]);
    assert_spans_match(&docs[0], ARTICLE);
}

#[test]
fn extract_finds_a_clear_quote() {
    // Waits on the extractor: passes once it finds statements.
    let dir = fixture(&[("article.txt", ARTICLE.as_bytes())]);
    let output = extract_in(dir.path(), &["article.txt"], b"");
    let docs = documents(&output);
    let statements = docs[0]["statements"].as_array().unwrap();
    assert!(!statements.is_empty(), "no statement in {ARTICLE:?}");
    let quoted = statements.iter().any(|statement| {
        statement["contents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|content| content["text"].as_str().unwrap().contains("We will win"))
    });
    assert!(quoted, "{}", docs[0]);
}

#[test]
fn directories_are_walked_for_txt_files_only_in_name_order() {
    let dir = fixture(&[
        ("corpus/z.txt", ARTICLE.as_bytes()),
        ("corpus/a.txt", ARTICLE.as_bytes()),
        ("corpus/m/b.txt", ARTICLE.as_bytes()),
        ("corpus/m/deeper/c.txt", ARTICLE.as_bytes()),
        ("corpus/notes.md", b"# not an article"),
        ("corpus/photo.jpg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"),
        ("corpus/txt", b"no extension"),
    ]);
    let output = extract_in(dir.path(), &["corpus/"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        ids(&documents(&output)),
        [
            "corpus/a.txt",
            "corpus/m/b.txt",
            "corpus/m/deeper/c.txt",
            "corpus/z.txt"
        ]
    );
}

#[test]
fn output_order_is_input_order_whatever_the_threads() {
    let names: Vec<String> = (0..60).map(|i| format!("d/{:02}.txt", 59 - i)).collect();
    // Sizes vary so that documents finish out of order.
    let texts: Vec<String> = (0..60).map(|i| ARTICLE.repeat(1 + (i * 37) % 50)).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&texts)
        .map(|(name, text)| (name.as_str(), text.as_bytes()))
        .collect();
    let dir = fixture(&files);
    let args = ["extra.txt", "d", "-"];
    fs::write(dir.path().join("extra.txt"), ARTICLE).unwrap();
    let one = extract_in(
        dir.path(),
        &["--threads", "1", args[0], args[1], args[2]],
        b"x",
    );
    let two = extract_in(
        dir.path(),
        &["--threads", "2", args[0], args[1], args[2]],
        b"x",
    );
    let many = extract_in(
        dir.path(),
        &["--threads", "7", args[0], args[1], args[2]],
        b"x",
    );
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, many.stdout);
    let docs = documents(&one);
    let mut expected = vec!["extra.txt".to_owned()];
    expected.extend((0..60).map(|i| format!("d/{i:02}.txt")));
    expected.push("-".to_owned());
    assert_eq!(ids(&docs), expected);
}

/// Articles whose offsets are easy to get wrong: chars that are not one byte, chars that are
/// not what they look like, and line ends of two chars.
fn tricky_articles() -> Vec<(&'static str, String)> {
    vec![
        (
            "crlf.txt",
            ARTICLE.replace('\n', "\r\n") + "\"Not so fast,\" said John Smith.\r\n",
        ),
        ("bom.txt", format!("\u{FEFF}{ARTICLE}")),
        (
            "bom-crlf.txt",
            format!("\u{FEFF}{}", ARTICLE.replace('\n', "\r\n")),
        ),
        (
            "emoji.txt",
            "Fans cheered 🎉🇺🇦 as coach Anna Berg 👩‍👩‍👧 arrived.\n\n\
             \"We will win 💪,\" she said. \"The 🏆 is ours.\"\n"
                .to_owned(),
        ),
        (
            "combining.txt",
            "Zoe\u{0308} Sa\u{0301}nchez, the mayor of Male\u{0301}, spoke on Friday.\n\n\
             \"Cafe\u{0301} prices will fall,\" Sa\u{0301}nchez said.\n"
                .to_owned(),
        ),
        (
            "hebrew.txt",
            "Yossi Cohen (יוסי כהן) spoke in Tel Aviv.\n\n\
             \"We will win,\" Cohen said. ראש הממשלה אמר: \"אנחנו ננצח\".\n"
                .to_owned(),
        ),
        (
            "arabic.txt",
            "Ahmed Mansour (أحمد منصور) met reporters.\n\n\
             \"We will win,\" Mansour said.\u{200F} وقال الوزير: «سننتصر».\n"
                .to_owned(),
        ),
    ]
}

#[test]
fn spans_are_chars_of_the_text_as_read() {
    let articles = tricky_articles();
    let files: Vec<(String, &[u8])> = articles
        .iter()
        .map(|(name, text)| (format!("in/{name}"), text.as_bytes()))
        .collect();
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let dir = fixture(&files);
    let output = extract_in(dir.path(), &["in"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("warning"),
        "UTF-8 input needs no warning: {}",
        stderr(&output)
    );
    let docs = documents(&output);
    assert_eq!(docs.len(), articles.len());
    for doc in &docs {
        let path = dir.path().join(doc["id"].as_str().unwrap());
        let text = String::from_utf8(fs::read(path).unwrap()).unwrap();
        assert_spans_match(doc, &text);
    }
}

#[test]
fn extract_finds_statements_in_tricky_text() {
    // Waits on the extractor: every tricky article has a clear quote.
    for (name, text) in tricky_articles() {
        let dir = fixture(&[(name, text.as_bytes())]);
        let docs = documents(&extract_in(dir.path(), &[name], b""));
        assert!(
            statement_count(&docs) > 0,
            "no statement in {name}: {text:?}"
        );
        assert_spans_match(&docs[0], &text);
    }
}

/// Encodes text in Windows-1252 (enough of it for these tests).
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '“' => 0x93,
            '”' => 0x94,
            '’' => 0x92,
            '–' => 0x96,
            c if (c as u32) < 0x100 => c as u8,
            c => panic!("{c:?} is not in this test's Windows-1252"),
        })
        .collect()
}

#[test]
fn windows_1252_is_decoded_with_a_warning_naming_the_file() {
    let text = "The French minister Andr\u{e9} Lef\u{e8}vre spoke on Tuesday in Bruxelles: \
                \u{201c}We will win,\u{201d} he said \u{2013} the caf\u{e9} owners of the \
                capital\u{2019}s old town were not so sure.\n";
    let dir = fixture(&[("legacy.txt", &windows_1252(text))]);
    let output = extract_in(dir.path(), &["legacy.txt"], b"");
    assert!(
        output.status.success(),
        "a warning is no failure: {}",
        stderr(&output)
    );
    let stderr = stderr(&output);
    assert!(
        stderr.contains("whosaid: warning: legacy.txt: not UTF-8; decoded as windows-1252"),
        "{stderr}"
    );
    let docs = documents(&output);
    assert_eq!(ids(&docs), ["legacy.txt"]);
    assert_spans_match(&docs[0], text);
}

#[test]
fn latin_1_is_decoded_with_a_warning_naming_the_file() {
    // ISO-8859-1 proper: no curly quotes, only letters above 0x7F.
    let text = "The M\u{fc}nich mayor J\u{fc}rgen M\u{fc}ller said on Monday that the \
                stra\u{df}en were full: \"We will win,\" said M\u{fc}ller. S\u{e9}verine \
                L\u{f6}we, his deputy, agreed with him.\n";
    let dir = fixture(&[("latin1.txt", &windows_1252(text))]);
    let output = extract_in(dir.path(), &["latin1.txt"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("latin1.txt: not UTF-8; decoded as"),
        "{stderr}"
    );
    let docs = documents(&output);
    assert_spans_match(&docs[0], text);
}

#[test]
fn a_binary_file_fails_alone() {
    let dir = fixture(&[
        ("batch/a.txt", ARTICLE.as_bytes()),
        (
            "batch/b.txt",
            b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00binary",
        ),
        ("batch/c.txt", ARTICLE.as_bytes()),
    ]);
    let output = extract_in(dir.path(), &["batch"], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("whosaid: batch/b.txt: binary data, not text (bad encoding)"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(ids(&documents(&output)), ["batch/a.txt", "batch/c.txt"]);
}

#[test]
fn a_missing_path_fails_with_a_message() {
    let dir = fixture(&[("here.txt", ARTICLE.as_bytes())]);
    let output = extract_in(dir.path(), &["gone.txt", "here.txt"], b"");
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("whosaid: gone.txt: No such file or directory"),
        "{stderr}"
    );
    assert!(
        stderr.contains("whosaid: 2 records read: 1 extracted ("),
        "{stderr}"
    );
    assert!(stderr.contains("), 1 skipped (1 unreadable)"), "{stderr}");
    assert_eq!(ids(&documents(&output)), ["here.txt"]);
}

#[test]
fn unreadable_entries_of_a_directory_fail_alone() {
    let dir = fixture(&[
        ("d/a.txt", ARTICLE.as_bytes()),
        ("d/dir.txt/inside.txt", ARTICLE.as_bytes()),
        ("d/z.txt", ARTICLE.as_bytes()),
    ]);
    let d = dir.path().join("d");
    std::os::unix::fs::symlink("nowhere.txt", d.join("dangling.txt")).unwrap();
    // A dangling link that would not be read anyway is no failure.
    std::os::unix::fs::symlink("nowhere.md", d.join("dangling.md")).unwrap();
    let fifo = Command::new("mkfifo").arg(d.join("fifo.txt")).status();
    let has_fifo = fifo.is_ok_and(|status| status.success());
    let output = extract_in(dir.path(), &["d"], b"");
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("whosaid: d/dangling.txt: No such file or directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("dangling.md"), "{stderr}");
    if has_fifo {
        assert!(
            stderr.contains("whosaid: d/fifo.txt: not a regular file, skipped"),
            "{stderr}"
        );
    }
    assert_eq!(
        ids(&documents(&output)),
        ["d/a.txt", "d/dir.txt/inside.txt", "d/z.txt"]
    );
}

#[test]
fn empty_files_are_skipped_and_counted() {
    let dir = fixture(&[("empty.txt", b""), ("blank.txt", b" \r\n\t\n")]);
    let output = extract_in(dir.path(), &["empty.txt", "blank.txt"], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stderr = stderr(&output);
    assert!(
        stderr.contains(
            "whosaid: 2 records read: 0 extracted (0 statements), 2 skipped (2 empty text)"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("empty.txt"),
        "counted, not reported one by one: {stderr}"
    );
    assert!(documents(&output).is_empty());

    let verbose = extract_in(dir.path(), &["--verbose", "empty.txt"], b"");
    let stderr = self::stderr(&verbose);
    assert!(
        stderr.contains("whosaid: warning: empty.txt: blank text (empty text)"),
        "{stderr}"
    );
}

#[test]
fn inputs_over_max_bytes_fail_alone() {
    let dir = fixture(&[
        ("big.txt", ARTICLE.repeat(100).as_bytes()),
        ("small.txt", b"Hi."),
    ]);
    let output = extract_in(
        dir.path(),
        &["--max-bytes", "1K", "big.txt", "small.txt", "-"],
        ARTICLE.repeat(100).as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr
            .contains("whosaid: big.txt: 12.5 KiB is over the --max-bytes limit of 1 KiB, skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("whosaid: -: over the --max-bytes limit of 1 KiB"),
        "{stderr}"
    );
    assert_eq!(ids(&documents(&output)), ["small.txt"]);
}

/// A guard against a hang, not a speed check (speed is measured by `whosaid bench`): 10 MB takes
/// well under a minute at the test profile when extraction is linear, and hours if it is not.
const LARGE_DEADLINE: Duration = Duration::from_secs(600);

#[test]
fn extract_handles_a_large_document() {
    // About 10 MB of article text in one document.
    let text = ARTICLE.repeat((10 << 20) / ARTICLE.len());
    let dir = fixture(&[("large.txt", text.as_bytes())]);
    let mut child = whosaid()
        .current_dir(dir.path())
        .args(["extract", "--output", "out.jsonl", "large.txt"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // A hard deadline, so that a slow extraction fails this test instead of stalling the run.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LARGE_DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "extracting {} MB took over {LARGE_DEADLINE:?}: is extraction still linear?",
                text.len() >> 20
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{stderr}");
    let written = fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 1);
    let doc: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(doc["id"], "large.txt");
}

#[test]
fn output_goes_to_the_output_file() {
    let dir = fixture(&[("a.txt", ARTICLE.as_bytes())]);
    let output = extract_in(dir.path(), &["--output", "out.jsonl", "a.txt"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "--output takes the documents");
    let written = fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    let doc: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(doc["id"], "a.txt");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let names: Vec<String> = (0..3000).map(|i| format!("many/{i:04}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"Hi."[..])).collect();
    let dir = fixture(&files);
    let mut child = whosaid()
        .current_dir(dir.path())
        .args(["extract", "--format", "jsonl", "many"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 100`: read a little, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0; 100];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = stderr(&output);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn json_is_one_array_and_text_is_a_table() {
    let dir = fixture(&[("a.txt", ARTICLE.as_bytes()), ("b.txt", ARTICLE.as_bytes())]);
    let json = extract_in(dir.path(), &["--format", "json", "a.txt", "b.txt"], b"");
    assert!(json.status.success());
    let docs: Value = serde_json::from_slice(&json.stdout).expect("one JSON array");
    assert_eq!(docs[0]["id"], "a.txt");
    assert_eq!(docs[1]["id"], "b.txt");

    let text = extract_in(dir.path(), &["--format", "text", "a.txt", "b.txt"], b"");
    let table = String::from_utf8(text.stdout).unwrap();
    assert!(table.starts_with("a.txt: "), "{table}");
    assert!(table.contains("\nb.txt: "), "{table}");
}

#[test]
fn output_is_jsonl_when_not_a_terminal() {
    let dir = fixture(&[("a.txt", ARTICLE.as_bytes())]);
    let output = whosaid()
        .current_dir(dir.path())
        .args(["extract", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(ids(&documents(&output)), ["a.txt"]);
}

#[test]
fn usage_errors_exit_2() {
    let output = whosaid().arg("extract").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = whosaid()
        .args(["extract", "--format", "xml", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_unwritable_output_fails() {
    let dir = fixture(&[("a.txt", ARTICLE.as_bytes())]);
    let missing: PathBuf = ["no", "such", "dir", "out.jsonl"].iter().collect();
    let output = extract_in(
        dir.path(),
        &["--output", missing.to_str().unwrap(), "a.txt"],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no/such/dir/out.jsonl: cannot write"));
}

#[test]
fn a_failed_write_fails_with_a_message() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let dir = fixture(&[("a.txt", ARTICLE.as_bytes())]);
    let output = extract_in(dir.path(), &["--output", "/dev/full", "a.txt"], b"");
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("whosaid: cannot write output: No space left on device"),
        "{stderr}"
    );
}

/// Said, believed and found: one statement of each act, one of them told to an outlet and one
/// made in a statement.
const ACTS: &str = "Foreign Minister Anna Berg told the Financial Times on Tuesday that the \
                    alliance would hold.\n\nBerg believes that the war will end next year.\n\n\
                    \"We will win,\" she said in a statement.\n\n\
                    A study by the institute found that prices rose.\n";

#[test]
fn extract_finds_each_act_and_act_keeps_those_asked_for() {
    let dir = fixture(&[("acts.txt", ACTS.as_bytes())]);
    let acts_of = |args: &[&str]| -> Vec<String> {
        let output = extract_in(dir.path(), &[args, &["acts.txt"]].concat(), b"");
        assert!(output.status.success(), "{}", stderr(&output));
        let docs = documents(&output);
        let statements = docs[0]["statements"].as_array().unwrap();
        statements
            .iter()
            .map(|s| s["act"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(acts_of(&[]), ["speech", "thought", "speech", "other"]);
    assert_eq!(acts_of(&["--act", "speech"]), ["speech", "speech"]);
    assert_eq!(acts_of(&["--act", "thought,other"]), ["thought", "other"]);
    assert_eq!(
        acts_of(&["--act", "other", "--act", "thought"]),
        ["thought", "other"]
    );

    // The table: a row keeps its statement's position in the article, and says to whom and
    // through what it was said.
    let output = extract_in(
        dir.path(),
        &["--format", "csv", "--act", "speech", "acts.txt"],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cells = |row: &csv::StringRecord| -> [String; 5] {
        ["statement", "act", "addressee", "medium", "medium_text"]
            .map(|name| row[column(name)].to_owned())
    };
    assert_eq!(
        rows.iter().map(cells).collect::<Vec<_>>(),
        [
            ["0", "speech", "Financial Times", "", ""].map(str::to_owned),
            ["2", "speech", "", "statement", "in a statement"].map(str::to_owned),
        ]
    );

    // The text table shows only what is kept, too.
    let output = extract_in(
        dir.path(),
        &["--format", "text", "--act", "thought", "acts.txt"],
        b"",
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("acts.txt: 1 statement,"), "{text}");
    assert!(text.contains("the war will end next year"), "{text}");
}

#[test]
fn an_unknown_act_is_a_usage_error_naming_the_flag_and_the_value() {
    let dir = fixture(&[("acts.txt", ACTS.as_bytes())]);
    let output = extract_in(dir.path(), &["--act", "speech,rumour", "acts.txt"], b"");
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("--act") && stderr.contains("rumour"),
        "{stderr}"
    );
    assert!(stderr.contains("speech, thought or other"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn min_confidence_keeps_the_statements_at_least_that_likely_to_be_right() {
    let dir = fixture(&[("acts.txt", ACTS.as_bytes())]);
    let confidences = |args: &[&str]| -> Vec<f64> {
        let output = extract_in(dir.path(), &[args, &["acts.txt"]].concat(), b"");
        assert!(output.status.success(), "{}", stderr(&output));
        let docs = documents(&output);
        docs[0]["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["confidence"].as_f64().unwrap())
            .collect()
    };
    let every = confidences(&[]);
    assert_eq!(every.len(), 4);
    // A threshold between the lowest and the highest confidence keeps exactly those above it.
    let mut sorted = every.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(sorted[0] < sorted[3], "{every:?}");
    let cut = (sorted[0] + sorted[3]) / 2.0;
    let kept = confidences(&["--min-confidence", &cut.to_string()]);
    let expected: Vec<f64> = every.iter().copied().filter(|&c| c >= cut).collect();
    assert_eq!(kept, expected);
    assert!(kept.len() < every.len() && !kept.is_empty());
    assert_eq!(confidences(&["--min-confidence", "0"]), every);

    for bad in ["1.5", "-0.1", "likely", "NaN"] {
        let flag = format!("--min-confidence={bad}");
        let output = extract_in(dir.path(), &[&flag, "acts.txt"], b"");
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = stderr(&output);
        assert!(
            stderr.contains("--min-confidence") && stderr.contains("a number from 0 to 1"),
            "{stderr}"
        );
    }
}
