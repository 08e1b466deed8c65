//! `whosaid index` and `whosaid search` as a user runs them, and what a killed indexing run
//! leaves behind.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// An English article of a few paragraphs in which `name` says something about `topic`.
fn article(n: usize, name: &str, topic: &str) -> String {
    format!(
        "{name} spoke to reporters in Brussels on day {n} of the summit.\n\n\
         \u{201c}We will not give up on {topic}, not now and not later,\u{201d} {name} said. \
         \u{201c}Everyone here knows what is at stake for {topic}.\u{201d}\n\n\
         The ministers met again in the evening to discuss item {n} of the agenda.\n"
    )
}

fn search(index: &Path, args: &[&str]) -> Value {
    let output = whosaid()
        .args(["search", "--format", "json", "--index"])
        .arg(index)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn articles_are_indexed_searched_and_replaced_when_indexed_again() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), article(1, "Anna Berg", "Ukraine")).unwrap();
    fs::write(corpus.join("b.txt"), article(2, "Anna Berg", "the climate")).unwrap();
    fs::write(corpus.join("c.txt"), article(3, "Paul Jones", "Ukraine")).unwrap();
    let index = dir.path().join("index");
    for _ in 0..2 {
        let output = whosaid()
            .args(["index", "--index"])
            .arg(&index)
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("whosaid: committed 3 articles"),
            "{}",
            stderr(&output)
        );
    }
    // The identities are saved for searches to open from, whatever the commits' timing.
    let saved = fs::read_to_string(index.join("whosaid-identities.json")).unwrap();
    assert!(saved.contains("anna-berg"), "{saved}");
    let all = search(&index, &[""]);
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 3, "{all}");
    let again = search(&index, &["Ukraine"]);
    let hits = again["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|hit| hit["statement"]["content"]
        .as_str()
        .unwrap()
        .contains("Ukraine")));
    let berg = search(&index, &["Ukraine", "--speaker", "Berg"]);
    assert!(
        berg["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|hit| hit["speaker"]["id"] == "anna-berg"),
        "{berg}"
    );
    assert!(berg["total"].as_u64().unwrap() >= 1);

    let text = whosaid()
        .args(["search", "--index"])
        .arg(&index)
        .arg("Ukraine")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("statements\n"));
    let bad = whosaid()
        .args(["search", "--index"])
        .arg(&index)
        .arg("\"unclosed")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("cannot read the query"),
        "{}",
        stderr(&bad)
    );
    let missing = whosaid()
        .args(["search", "--index"])
        .arg(dir.path().join("nothing"))
        .arg("x")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no index here"),
        "{}",
        stderr(&missing)
    );
}

/// Killed in the middle of indexing, the index opens and holds exactly its committed batches.
#[test]
fn a_killed_indexing_run_leaves_exactly_its_committed_batches() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    for n in 0..3000 {
        fs::write(
            corpus.join(format!("{n:05}.txt")),
            article(n, "Anna Berg", &format!("plan {n}")),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let batch = 7;
    let mut child = whosaid()
        .args([
            "index",
            "--threads",
            "2",
            "--batch",
            &batch.to_string(),
            "--index",
        ])
        .arg(&index)
        .arg(&corpus)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut committed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("whosaid: committed ") {
            committed.push(rest.split(' ').next().unwrap().parse::<u64>().unwrap());
            if committed.len() == 3 {
                break;
            }
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run was killed before it finished");
    for line in lines.map_while(Result::ok) {
        if let Some(rest) = line.strip_prefix("whosaid: committed ") {
            committed.push(rest.split(' ').next().unwrap().parse::<u64>().unwrap());
        }
    }
    let last = *committed.last().unwrap();
    let all = search(&index, &["", "--limit", "100", "--offset", "0"]);
    // Count the articles in the index through the statements of each: every article here has
    // at least one statement about its own "plan N".
    let total = all["total"].as_u64().unwrap();
    assert!(total > 0);
    let mut articles = 0;
    for n in 0..3000u64 {
        if n > last + batch {
            break;
        }
        let hits = search(&index, &[&format!("\"plan {n}\""), "--limit", "1"]);
        if hits["total"].as_u64().unwrap() > 0 {
            articles += 1;
        }
    }
    // A commit may finish between the last line read and the kill, so the index holds the
    // last reported batch or one more; never a part of a batch.
    assert!(
        articles == last || articles == last + batch,
        "{articles} articles, last commit {last}"
    );
    assert_eq!(articles % batch, 0);
}

/// A WARC response record holding `html`, gzipped on its own as Common Crawl writes them.
fn warc_response(uri: &str, html: &str) -> Vec<u8> {
    use std::io::Write;
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-12-01T10:00:00Z\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(record.as_bytes()).unwrap();
    gz.finish().unwrap()
}

fn html_page(name: &str, date: &str) -> String {
    let paragraphs: String = article(1, name, "Ukraine")
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    format!(
        "<html><head><title>{name}</title>\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><article>{paragraphs}</article></body></html>"
    )
}

/// A hostile page among good ones costs that page only: a date cut inside a character, and
/// nesting that once overflowed the stack, each used to kill the run with nothing committed.
#[test]
fn hostile_pages_cost_only_themselves_and_the_batch_commits() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = Vec::new();
    warc.extend(warc_response(
        "https://a.example/1",
        &html_page("Anna Berg", "2024-11-26"),
    ));
    let hostile_date = html_page("Paul Jones", "2019-11-19T13:03:0\u{e9}");
    warc.extend(warc_response("https://b.example/2", &hostile_date));
    let deep = format!("<html><body>{}<p>He said hi.</p>", "<span>".repeat(30_000));
    warc.extend(warc_response("https://c.example/3", &deep));
    warc.extend(warc_response(
        "https://d.example/4",
        &html_page("Mary Smith", "2024-11-27"),
    ));
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, warc).unwrap();
    let index = dir.path().join("index");
    let output = whosaid()
        .args(["index", "--index"])
        .arg(&index)
        .arg(&path)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("committed 3 articles"), "{err}");
    assert!(
        err.contains("crawl.warc.gz@"),
        "the deep page is named: {err}"
    );
    assert!(err.contains("(too large)"), "{err}");
    assert!(err.contains("4 records read: 3 extracted"), "{err}");
    let speakers: Vec<String> = search(&index, &["", "--limit", "100"])["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hit| hit["speaker"]["id"].as_str().map(str::to_owned))
        .collect();
    for id in ["anna-berg", "paul-jones", "mary-smith"] {
        assert!(speakers.iter().any(|s| s == id), "{id}: {speakers:?}");
    }
}

/// Every statement's speaker and quote group, as `whosaid search` gives them.
fn assignments(index: &Path) -> Vec<(String, String, String)> {
    let all = search(index, &["", "--limit", "100"]);
    let mut rows: Vec<(String, String, String)> = all["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            let field = |value: &Value| value.as_str().unwrap_or("").to_owned();
            (
                field(&hit["statement"]["id"]),
                field(&hit["speaker"]["id"]),
                field(&hit["statement"]["quote"]),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Speakers and quote groups are a function of the articles indexed: the same files indexed
/// in another order, or again, give every statement the same identity and group. A "President
/// Obama" is Barack Obama whatever came first, and a "Mr. Obama" with no more to go on is
/// neither Obama.
#[test]
fn indexing_in_another_order_or_again_changes_no_speaker_and_no_quote() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "President Obama spoke at the White House on Monday about the economy.\n\n\
         \u{201c}We have made real progress, and we will keep going until every family feels \
         it,\u{201d} Obama said.\n",
        "President Barack Obama met governors in Washington on Tuesday.\n\n\
         \u{201c}This is the most important investment we can make in our children,\u{201d} \
         Obama told the governors.\n",
        "First lady Michelle Obama visited a school garden in Virginia on Wednesday.\n\n\
         \u{201c}Every child deserves a healthy lunch and a place to play outside,\u{201d} \
         Mrs. Obama said.\n",
        "Mr. Obama spoke briefly to reporters as he left the hotel in Chicago.\n\n\
         \u{201c}I have nothing more to say about that matter tonight,\u{201d} Mr. Obama said.\n",
        "President Barack Obama met governors in Washington on Tuesday morning.\n\n\
         \u{201c}This is the most important investment we can make in our children,\u{201d} \
         Obama told the governors.\n",
    ];
    let paths: Vec<std::path::PathBuf> = texts
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let path = dir.path().join(format!("{n}.txt"));
            fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let index_with = |name: &str, order: &[usize]| {
        let index = dir.path().join(name);
        for chunk in order.chunks(2) {
            let output = whosaid()
                .args(["index", "--index"])
                .arg(&index)
                .args(chunk.iter().map(|&n| &paths[n]))
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", stderr(&output));
        }
        index
    };
    let forward = index_with("forward", &[0, 1, 2, 3, 4]);
    let expected = assignments(&forward);
    assert_eq!(
        assignments(&index_with("backward", &[4, 3, 2, 1, 0])),
        expected
    );
    assert_eq!(
        assignments(&index_with("forward", &[0, 1, 2, 3, 4])),
        expected,
        "again"
    );
    // The speaker of the quote that file `n` opens with.
    let speaker_of = |n: usize| {
        let quote = texts[n].split('\u{201c}').nth(1).unwrap();
        let words = quote.split(',').next().unwrap();
        let hits = search(&forward, &[&format!("\"{words}\"")]);
        hits["results"][0]["speaker"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(speaker_of(0), "barack-obama");
    assert_eq!(speaker_of(2), "michelle-obama");
    assert_eq!(speaker_of(3), "obama");
    // The two copies of the governors' story are one quote.
    let copies = search(&forward, &["\"most important investment\""]);
    let groups: Vec<&str> = copies["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["statement"]["quote"].as_str().unwrap())
        .collect();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0], groups[1]);
}

/// An article with a statement of each act, one told to an outlet in an interview.
const ACTS: &str = "Foreign Minister Anna Berg told the Financial Times in an interview on \
                    Tuesday that the alliance would hold.\n\n\
                    Berg believes that the war will end next year.\n\n\
                    A study by the institute found that prices rose.\n";

#[test]
fn search_filters_by_act_medium_and_addressee_and_rejects_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("acts.txt"), ACTS).unwrap();
    let index = dir.path().join("index");
    let output = whosaid()
        .args(["index", "--index"])
        .arg(&index)
        .arg(dir.path().join("acts.txt"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let acts = |args: &[&str]| -> Vec<String> {
        let found = search(&index, &[&[""][..], args].concat());
        let mut acts: Vec<String> = found["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["statement"]["act"].as_str().unwrap().to_owned())
            .collect();
        acts.sort();
        acts
    };
    assert_eq!(acts(&[]), ["other", "speech", "thought"]);
    assert_eq!(acts(&["--act", "speech"]), ["speech"]);
    assert_eq!(acts(&["--act", "thought,other"]), ["other", "thought"]);
    assert_eq!(acts(&["--medium", "interview"]), ["speech"]);
    assert_eq!(acts(&["--medium", "letter"]), Vec::<String>::new());
    assert_eq!(acts(&["--addressee", "Financial Times"]), ["speech"]);
    let told = search(&index, &["", "--act", "speech"]);
    let statement = &told["results"][0]["statement"];
    assert_eq!(statement["addressee"], "Financial Times", "{told}");
    assert_eq!(statement["medium"], "interview", "{told}");
    assert_eq!(told["facets"]["act"][0]["value"], "speech", "{told}");
    assert_eq!(told["facets"]["medium"][0]["value"], "interview", "{told}");

    for (flag, value, expected) in [
        ("--act", "rumour", "speech, thought or other"),
        ("--medium", "pigeon", "press_conference"),
    ] {
        let bad = whosaid()
            .args(["search", "--index"])
            .arg(&index)
            .args([flag, value])
            .output()
            .unwrap();
        assert_eq!(bad.status.code(), Some(2));
        let message = stderr(&bad);
        assert!(
            message.contains(flag) && message.contains(value) && message.contains(expected),
            "{message}"
        );
    }
}

/// Writes the documents `whosaid extract --format jsonl` makes of `input` to `out`.
fn extract_documents(input: &Path, out: &Path) {
    let output = whosaid()
        .args(["extract", "--format", "jsonl", "--output"])
        .arg(out)
        .arg(input)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Runs `whosaid index` on `input` into `index`, with `args` before the input.
fn index_into(index: &Path, args: &[&str], input: &Path) -> Output {
    whosaid()
        .args(["index", "--index"])
        .arg(index)
        .args(args)
        .arg(input)
        .output()
        .unwrap()
}

/// Every statement of an index as `whosaid search` gives it, by statement id.
fn everything(index: &Path) -> Vec<Value> {
    let all = search(index, &["", "--limit", "100"]);
    let mut results = all["results"].as_array().unwrap().clone();
    results.sort_by_key(|hit| hit["statement"]["id"].as_str().unwrap_or("").to_owned());
    results
}

/// What `whosaid extract` wrote is indexed as it is (`--input-format extracted`), giving the
/// index that extracting again would, and written again in another format; a line that is no
/// such document costs only itself and is named.
#[test]
fn extracted_documents_are_indexed_without_extracting_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for (n, (name, topic)) in [
        ("Anna Berg", "Ukraine"),
        ("Paul Jones", "Ukraine"),
        ("Anna Berg", "the climate"),
    ]
    .into_iter()
    .enumerate()
    {
        let line = serde_json::json!({
            "url": format!("https://news.example/{n}"),
            "title": format!("Story {n}"),
            "date": format!("2024-03-1{n}"),
            "text": article(n, name, topic),
        });
        lines.push_str(&format!("{line}\n"));
    }
    let corpus = dir.path().join("corpus.jsonl");
    fs::write(&corpus, lines).unwrap();
    let extracted = dir.path().join("extracted.jsonl");
    extract_documents(&corpus, &extracted);

    let (direct, read) = (dir.path().join("direct"), dir.path().join("read"));
    let output = index_into(&direct, &[], &corpus);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = index_into(&read, &["--input-format", "extracted"], &extracted);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(everything(&direct).len() >= 3);
    assert!(everything(&direct)[0]["article"]["date"].is_string());
    assert_eq!(everything(&direct), everything(&read));
    assert_eq!(assignments(&direct), assignments(&read));

    // The statements table from the documents is the table from the articles.
    let table = |args: &[&str], input: &Path| {
        let output = whosaid()
            .args(["extract", "--format", "csv"])
            .args(args)
            .arg(input)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        output.stdout
    };
    assert_eq!(
        table(&[], &corpus),
        table(&["--input-format", "extracted"], &extracted)
    );

    // Read as articles, a document is refused with a hint.
    let output = whosaid()
        .args(["extract"])
        .arg(&extracted)
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("--input-format extracted"),
        "{}",
        stderr(&output)
    );

    // Damaged lines cost themselves only, and are named.
    let mut damaged = fs::read_to_string(&extracted).unwrap();
    damaged.push_str("{\"id\": 3}\nnot json\n");
    fs::write(&extracted, damaged).unwrap();
    let partly = dir.path().join("partly");
    let output = index_into(&partly, &["--input-format", "extracted"], &extracted);
    assert!(!output.status.success());
    for line in ["extracted.jsonl:4", "extracted.jsonl:5"] {
        assert!(stderr(&output).contains(line), "{}", stderr(&output));
    }
    assert!(
        stderr(&output).contains("not a document whosaid extract wrote"),
        "{}",
        stderr(&output)
    );
    assert_eq!(everything(&partly), everything(&direct));
}

/// Documents of texts without a URL (which do not carry the text) are told apart by their id:
/// indexed twice they replace themselves, and none replaces another.
#[test]
fn extracted_documents_without_urls_replace_only_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), article(1, "Anna Berg", "Ukraine")).unwrap();
    fs::write(
        corpus.join("b.txt"),
        article(2, "Paul Jones", "the climate"),
    )
    .unwrap();
    let extracted = dir.path().join("extracted.jsonl");
    extract_documents(&corpus, &extracted);
    let (direct, read) = (dir.path().join("direct"), dir.path().join("read"));
    for (index, args, input) in [
        (&direct, &[][..], &corpus),
        (&read, &["--input-format", "extracted"][..], &extracted),
        (&read, &["--input-format", "extracted"][..], &extracted),
    ] {
        let output = index_into(index, args, input);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let total = |index: &Path| search(index, &[""])["total"].as_u64().unwrap();
    assert!(total(&direct) >= 2);
    assert_eq!(total(&direct), total(&read));
}

/// `whosaid index --convention polnear` indexes the stances PolNeAR's convention reports and
/// the news convention, the default, leaves out.
#[test]
fn the_index_extracts_under_the_convention_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("band.txt");
    std::fs::write(
        &input,
        "The band was back on stage, with the singer and guitarist hitting “Takin’ It To the Streets,” the crowd cheering.\n",
    )
    .unwrap();
    let cues = |index: &Path| -> Vec<String> {
        everything(index)
            .iter()
            .map(|hit| hit["statement"]["cue"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let news = dir.path().join("news.idx");
    let output = index_into(&news, &["--quiet"], &input);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!cues(&news).contains(&"hitting".to_owned()));
    let polnear = dir.path().join("polnear.idx");
    let output = index_into(&polnear, &["--quiet", "--convention", "polnear"], &input);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(cues(&polnear), ["hitting"]);
}

/// `whosaid stats` counts who gets a voice: statements and speakers by stated gender, per month,
/// as a table, CSV or JSON, for every statement or a search's.
#[test]
fn stats_count_who_gets_a_voice() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    let story = |n: usize, who: &str, title: &str, pronoun: &str, date: &str| {
        let text = format!(
            "{title} {who} spoke to reporters in Brussels on day {n} of the summit.\n\n\
             \u{201c}We will not give up on Ukraine, not now and not later,\u{201d} \
             {title} {who} said on Monday. \u{201c}Everyone here knows what is at stake.\u{201d}\n\n\
             {pronoun} added that the ministers would meet again in the evening.\n"
        );
        serde_json::json!({"text": text, "url": format!("https://news.example/{n}"), "date": date})
            .to_string()
    };
    let lines = [
        story(1, "Anna Berg", "Ms.", "She", "2024-01-10"),
        story(2, "Anna Berg", "Ms.", "She", "2024-03-05"),
        story(3, "Paul Jones", "Mr.", "He", "2024-03-20"),
    ];
    fs::write(&input, lines.join("\n") + "\n").unwrap();
    let index = dir.path().join("index");
    let output = whosaid()
        .args(["index", "--index"])
        .arg(&index)
        .arg(&input)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));

    let stats = |args: &[&str]| {
        let output = whosaid()
            .args(["stats", "--index"])
            .arg(&index)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    let csv = stats(&["--group", "gender", "--format", "csv", "--act", "speech"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "bucket,gender,statements,share,speakers");
    let female = rows.iter().find(|r| r.starts_with("all,female,")).unwrap();
    let male = rows.iter().find(|r| r.starts_with("all,male,")).unwrap();
    // Anna Berg speaks in two articles, Paul Jones in one: one speaker each.
    assert!(female.ends_with(",1"), "{csv}");
    assert!(male.ends_with(",1"), "{csv}");
    let female_statements: u64 = female.split(',').nth(2).unwrap().parse().unwrap();
    let male_statements: u64 = male.split(',').nth(2).unwrap().parse().unwrap();
    assert_eq!(female_statements, 2 * male_statements, "{csv}");

    let months: Value =
        serde_json::from_str(&stats(&["--by", "month", "--format", "json"])).unwrap();
    let keys: Vec<&str> = months["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["2024-01", "2024-02", "2024-03"]);

    // "said on Monday" in an article of Wednesday 10 January 2024: said on the 8th.
    let found = search(
        &index,
        &["give up", "--from", "2024-01-01", "--to", "2024-01-31"],
    );
    let said = &found["results"][0]["statement"]["said"];
    assert_eq!(said["date"], "2024-01-08", "{found}");
    assert_eq!(said["basis"], "text", "{found}");

    let table = stats(&["--group", "gender", "--speaker", "Jones"]);
    assert!(table.contains("male"), "{table}");
    assert!(!table.contains("female"), "{table}");

    let bad = whosaid()
        .args(["stats", "--index"])
        .arg(&index)
        .args(["--group", "height"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
