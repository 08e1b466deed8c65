//! The API and the page over a small index, through a real socket: shapes, errors (400, 404,
//! 414, never 500 for a bad request), escaping of what web pages put in the index, and (when
//! Chromium is installed) the page itself in a headless browser.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use whosaid_article::{Act, Addressee, Gender, Medium, MediumType, SpeakerCategory, Voice};
use whosaid_extract::{EntityType, Extraction, Span, Speaker, Statement, StatementKind};
use whosaid_index::StatementIndex;
use whosaid_ingest::{Article, DateKind, Metadata};

const HOSTILE: &str = "“<script>alert('x')</script> &amp; \"quoted\" <b>bold</b>,” she said";

fn span(text: &str) -> Span {
    Span {
        start: 0,
        end: text.chars().count(),
        text: text.to_owned(),
    }
}

fn statement(name: &str, content: &str) -> Statement {
    let speaker = Speaker {
        entity: 0,
        name: name.to_owned(),
        entity_type: EntityType::Person,
        roles: vec!["NATO Secretary General".to_owned()],
    };
    Statement {
        kind: StatementKind::Direct,
        cue: Some(span("said")),
        contents: vec![span(content)],
        sources: vec![span(name)],
        speakers: vec![speaker.clone()],
        speaker: Some(speaker),
        act: Act::Speech,
        addressee: None,
        medium: None,
        confidence: 0.9,
        // Anna Berg is a woman the articles call "she"; Mark Rutte's articles say nothing.
        voice: Voice {
            anonymous: false,
            speaker_category: if name == "Anna Berg" {
                SpeakerCategory::Expert
            } else {
                SpeakerCategory::Politician
            },
            speaker_gender: if name == "Anna Berg" {
                Gender::Female
            } else {
                Gender::Unknown
            },
            said_at: None,
        },
    }
}

fn build_index(dir: &Path) -> StatementIndex {
    let index = StatementIndex::open_or_create(dir).unwrap();
    let mut writer = index.writer().unwrap();
    let days = ["2024-10-02", "2024-11-05", "2024-11-26", "2024-12-03"];
    for (n, day) in days.iter().enumerate() {
        let article = Article {
            id: format!("a{n}"),
            text: String::new(),
            from_html: true,
            metadata: Metadata {
                url: Some(format!("https://news{n}.example/story")),
                title: Some(format!("Story {n}")),
                site: Some(format!("Outlet {n}")),
                date: Some((*day).to_owned()),
                date_kind: Some(DateKind::Published),
                ..Metadata::default()
            },
            warnings: Vec::new(),
        };
        let mut statements = vec![statement(
            "Mark Rutte",
            "“Ukraine will not stand alone while the alliance stands together,”",
        )];
        if n == 0 {
            statements.push(statement("Anna Berg", HOSTILE));
        }
        if n == 1 {
            // Not speech: the page leaves it out unless asked.
            statements.push(Statement {
                act: Act::Thought,
                ..statement("Anna Berg", "the war will end next year")
            });
        }
        if n == 2 {
            statements[0].addressee = Some(Addressee {
                span: span("the Financial Times"),
                name: "Financial Times".to_owned(),
            });
            statements[0].medium = Some(Medium {
                span: Some(span("in an interview")),
                medium_type: MediumType::Interview,
            });
        }
        let extraction = Extraction {
            statements,
            entities: Vec::new(),
        };
        writer.add(&article, &extraction).unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    index
}

/// The server of `whosaid serve` on a free loopback port, over the index built in `dir` and
/// opened for reading as `whosaid serve` opens it, running on its own thread for the rest of
/// the test.
fn start(dir: &Path) -> SocketAddr {
    drop(build_index(dir));
    let index = Arc::new(StatementIndex::open(dir).unwrap());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let app = whosaid_serve::router(index);
            let options = whosaid_serve::ServeOptions::default();
            whosaid_serve::serve_until(listener, app, options, std::future::pending())
                .await
                .unwrap();
        });
    });
    addr
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("{err}: {}", self.body))
    }
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    // The server may send the body chunked; the tests' bodies are small JSON or text.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

#[test]
fn the_api_answers_searches_speakers_timelines_and_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let search = get(
        addr,
        "/api/search?q=Ukraine&speaker=Rutte&from=2024-11-01&limit=2",
    );
    assert_eq!(search.status, 200, "{}", search.body);
    assert!(search.headers.contains("content-type: application/json"));
    let search = search.json();
    assert_eq!(search["total"], 3);
    assert_eq!(search["results"].as_array().unwrap().len(), 2);
    let hit = &search["results"][0];
    for key in ["statement", "speaker", "article", "highlight"] {
        assert!(!hit[key].is_null(), "{key} in {hit}");
    }
    assert_eq!(search["facets"]["speaker"][0]["value"], "mark-rutte");
    assert!(search["facets"]["outlet"].is_array() && search["facets"]["kind"].is_array());

    let speakers = get(addr, "/api/speakers?q=rut").json();
    assert_eq!(speakers[0]["id"], "mark-rutte");
    assert_eq!(speakers[0]["statements"], 4);
    let rutte = get(addr, "/api/speakers/mark-rutte").json();
    assert_eq!(rutte["roles"][0]["first_seen"], "2024-10-02T00:00:00Z");
    let timeline = get(addr, "/api/speakers/mark-rutte/timeline?interval=month").json();
    let counts: Vec<(String, u64)> = timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["start"].as_str().unwrap().to_owned(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("2024-10-01".to_owned(), 1),
            ("2024-11-01".to_owned(), 2),
            ("2024-12-01".to_owned(), 1)
        ]
    );
    let quote_id = hit["statement"]["quote"].as_str().unwrap();
    let quote = get(addr, &format!("/api/quotes/{quote_id}")).json();
    assert_eq!(quote["carriers"].as_array().unwrap().len(), 4);
    assert_eq!(quote["total"], 4);
    assert_eq!(quote["earliest"]["article"]["outlet"], "Outlet 0");
    // A page of carriers: the third, with the total and the earliest as ever.
    let third = get(addr, &format!("/api/quotes/{quote_id}?offset=2&limit=1")).json();
    assert_eq!(
        (third["total"].as_u64(), third["offset"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(third["carriers"][0], quote["carriers"][2]);
    assert_eq!(third["earliest"], quote["earliest"]);
    for bad in ["limit=0", "limit=101", "offset=-1", "limit=x"] {
        let reply = get(addr, &format!("/api/quotes/{quote_id}?{bad}"));
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
    }

    let openapi = get(addr, "/openapi.json").json();
    for path in [
        "/api/search",
        "/api/speakers",
        "/api/speakers/{id}",
        "/api/speakers/{id}/timeline",
        "/api/quotes/{id}",
        "/api/stats",
    ] {
        assert!(openapi["paths"][path]["get"].is_object(), "{path}");
    }
    let page = get(addr, "/");
    assert!(page.body.contains("<script src=\"/app.js\""));
    assert!(page
        .headers
        .contains("content-security-policy: default-src 'self'"));
}

#[test]
fn bad_requests_are_400_with_a_message_and_unknown_things_404() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    for path in [
        "/api/search?q=%22unclosed",
        "/api/search?q=content:(Ukraine",
        "/api/search?limit=abc",
        "/api/search?limit=100000",
        "/api/search?offset=-1",
        "/api/search?from=yesterday",
        // A date cut inside a character once panicked the handler (a 500).
        "/api/search?from=2019-11-19T13:03:0%C3%A9",
        "/api/search?to=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9",
        "/api/search?kind=rumour",
        "/api/search?gender=other",
        "/api/search?anonymous=maybe",
        "/api/search?category=pundit",
        "/api/stats?group=height",
        "/api/stats?by=year",
        "/api/stats?group=gender&gender=x",
        "/api/speakers/mark-rutte/timeline?interval=year",
    ] {
        let reply = get(addr, path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        assert!(!reply.json()["error"].as_str().unwrap().is_empty());
    }
    for path in [
        "/api/speakers/nobody",
        "/api/speakers/nobody/timeline",
        "/api/quotes/q0",
        "/nothing",
    ] {
        assert_eq!(get(addr, path).status, 404, "{path}");
    }
    let long = format!("/api/search?q={}", "a".repeat(5000));
    assert_eq!(get(addr, &long).status, 414);
}

#[test]
fn what_pages_put_in_the_index_comes_back_as_data_never_as_markup() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let reply = get(addr, "/api/search?q=alert");
    let found = reply.json();
    assert_eq!(found["total"], 1, "{}", reply.body);
    let hit = &found["results"][0];
    assert_eq!(
        hit["statement"]["content"], HOSTILE,
        "stored and returned as it was"
    );
    let highlighted: String = hit["highlight"]
        .as_array()
        .unwrap()
        .iter()
        .map(|part| part["text"].as_str().unwrap())
        .collect();
    assert!(
        HOSTILE.contains(&highlighted),
        "parts are the text itself: {highlighted}"
    );
    // The raw JSON carries the markup only inside strings, and the page never parses
    // strings as HTML.
    assert!(reply.headers.contains("application/json"));
    let script = get(addr, "/app.js").body;
    assert!(
        !script.contains("innerHTML")
            && !script.contains("outerHTML")
            && !script.contains("insertAdjacentHTML")
    );
    assert!(!script.contains("eval("));
}

#[test]
fn searches_filter_by_act_and_medium_and_a_speaker_lists_whom_they_spoke_to() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let total = |query: &str| {
        let reply = get(addr, &format!("/api/search?{query}"));
        assert_eq!(reply.status, 200, "{query}: {}", reply.body);
        reply.json()["total"].as_u64().unwrap()
    };
    assert_eq!(total(""), 6, "every act when none is asked for");
    assert_eq!(total("act=speech"), 5);
    assert_eq!(total("act=thought"), 1);
    assert_eq!(total("act=speech,%20thought"), 6);
    assert_eq!(total("act=other"), 0);
    assert_eq!(total("medium=interview"), 1);
    assert_eq!(total("medium=social%20media"), 0);
    assert_eq!(total("addressee=Financial%20Times&act=speech"), 1);

    let found = get(addr, "/api/search?medium=interview").json();
    let statement = &found["results"][0]["statement"];
    assert_eq!(statement["act"], "speech");
    assert_eq!(statement["addressee"], "Financial Times");
    assert_eq!(statement["medium"], "interview");
    assert_eq!(statement["medium_text"], "in an interview");
    let all = get(addr, "/api/search").json();
    assert_eq!(
        all["facets"]["act"],
        serde_json::json!([{"value": "speech", "count": 5}, {"value": "thought", "count": 1}])
    );
    assert_eq!(
        all["facets"]["medium"],
        serde_json::json!([{"value": "interview", "count": 1}])
    );

    let rutte = get(addr, "/api/speakers/mark-rutte").json();
    assert_eq!(
        rutte["addressees"],
        serde_json::json!([{"name": "Financial Times", "count": 1}])
    );
    let berg = get(addr, "/api/speakers/anna-berg").json();
    assert_eq!(berg["addressees"], serde_json::json!([]));

    for (path, words) in [
        ("/api/search?act=rumour", ["act", "\"rumour\""]),
        ("/api/search?act=speech,rumour", ["act", "\"rumour\""]),
        ("/api/search?medium=pigeon", ["medium", "\"pigeon\""]),
    ] {
        let reply = get(addr, path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        let message = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(
            words.iter().all(|w| message.contains(w)),
            "{path}: {message}"
        );
    }
    let openapi = get(addr, "/openapi.json").json();
    let names: Vec<&str> = openapi["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["act", "medium", "addressee"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
}

/// The page in headless Chromium: it searches, shows results, and draws a speaker's timeline.
#[test]
fn the_page_searches_and_draws_a_speakers_timeline_in_a_browser() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        // CI installs Chromium (.ci/run), so there its absence is a failure, not a skip.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no Chromium, and CI needs it (apt-get install chromium)"
        );
        eprintln!("skipped: no Chromium (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let dump = |hash: &str| -> String {
        let profile = tempfile::tempdir().unwrap();
        let output = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--virtual-time-budget=10000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("http://{addr}/#{hash}"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let results = dump("/search?q=Ukraine");
    assert!(results.contains("id=\"results\""), "{results}");
    assert!(results.contains("<mark>Ukraine</mark>"), "{results}");
    // Four of the five statements say "Ukraine".
    assert!(results.contains("4 statements"), "{results}");
    assert!(
        results.contains("href=\"#/speaker/mark-rutte\""),
        "{results}"
    );
    let speaker = dump("/speaker/mark-rutte");
    assert!(speaker.contains("<h1>Mark Rutte</h1>"), "{speaker}");
    assert!(speaker.contains("id=\"timeline\""), "{speaker}");
    assert_eq!(
        speaker.matches("<rect").count(),
        3,
        "three months with statements: {speaker}"
    );
    // Speech by default; the toggle's act=all adds the thought.
    let speech = dump("/search?q=");
    assert!(speech.contains("5 statements (speech only)"), "{speech}");
    assert!(!speech.contains("the war will end"), "{speech}");
    assert!(
        speech.contains("to Financial Times · in an interview"),
        "{speech}"
    );
    assert!(speech.contains("<h3>Media</h3>"), "{speech}");
    assert!(speech.contains("id=\"all-acts\""), "{speech}");
    let every = dump("/search?act=all");
    assert!(every.contains(">6 statements<"), "{every}");
    assert!(every.contains("the war will end next year"), "{every}");
    assert!(
        every.contains("<span class=\"act\">thought</span>"),
        "{every}"
    );
    assert!(speaker.contains("Spoke to: "), "{speaker}");
    assert!(
        speaker.contains("addressee=Financial+Times"),
        "a link to the statements made to it: {speaker}"
    );
    // Who gets a voice: speech per month, stacked by gender, each segment a link to its
    // statements, the note on where the figures come from beside the chart.
    let sources = dump("/sources?group=gender&by=month");
    assert!(sources.contains("<h1>Who gets a voice</h1>"), "{sources}");
    assert!(sources.contains("id=\"voices\""), "{sources}");
    assert_eq!(
        sources.matches("<rect").count(),
        4,
        "October: unknown and female; November and December: unknown: {sources}"
    );
    assert!(
        sources.contains("gender=female&amp;from=2024-10-01&amp;to=2024-10-31"),
        "{sources}"
    );
    assert!(sources.contains("never from a name"), "{sources}");
    assert!(
        sources.contains("Anna Berg"),
        "the most quoted women: {sources}"
    );
    let by_kind = dump("/sources?group=category&by=outlet");
    assert!(by_kind.contains("politician"), "{by_kind}");
    let berg = dump("/speaker/anna-berg");
    assert!(
        berg.contains("Gender: female (2 articles say she;"),
        "{berg}"
    );
    assert!(!berg.contains("the war will end"), "{berg}");
    let berg = dump("/speaker/anna-berg?act=all");
    assert!(berg.contains("the war will end next year"), "{berg}");
    // A quote's provenance: how many carry it, the page shown, earliest first.
    let found = get(addr, "/api/search?q=Ukraine&speaker=Rutte&from=2024-11-01").json();
    let quote_id = found["results"][0]["statement"]["quote"]
        .as_str()
        .unwrap()
        .to_owned();
    let provenance = dump(&format!("/quote/{quote_id}"));
    assert!(provenance.contains("<h2>Carried by 4</h2>"), "{provenance}");
    assert!(
        provenance.contains("Showing the earliest <span>4</span>"),
        "{provenance}"
    );
    assert!(
        provenance.contains("id=\"more-carriers\" hidden"),
        "every carrier is shown, so no button for more: {provenance}"
    );
    let hostile = dump("/search?q=alert");
    assert!(
        hostile.contains("&lt;script&gt;"),
        "shown as text: {hostile}"
    );
    assert!(!hostile.contains("<script>alert"), "{hostile}");

    // A role seen only in an undated article shows without dates, not as "( – )".
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    let undated = Article {
        id: "undated".to_owned(),
        text: String::new(),
        from_html: true,
        metadata: Metadata::default(),
        warnings: Vec::new(),
    };
    let extraction = Extraction {
        statements: vec![statement("Carl Ode", "“The harbour will reopen,”")],
        entities: Vec::new(),
    };
    writer.add(&undated, &extraction).unwrap();
    writer.commit().unwrap();
    drop(writer);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while get(addr, "/api/speakers/carl-ode").status != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the server never saw the commit"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let ode = dump("/speaker/carl-ode");
    assert!(ode.contains("<h1>Carl Ode</h1>"), "{ode}");
    assert!(
        ode.contains(">1 statement<"),
        "one, not \"1 statements\": {ode}"
    );
    assert!(ode.contains("NATO Secretary General"), "{ode}");
    assert!(!ode.contains("( – )"), "{ode}");
    assert!(
        speaker.contains("NATO Secretary General (2024-10-02 – 2024-12-03)"),
        "a dated role keeps its dates: {speaker}"
    );
}

/// `whosaid index` adding to the index a server serves: the server answers from the new
/// commit, speakers included, without a restart.
#[test]
fn the_server_sees_what_is_indexed_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let total = |addr| {
        get(addr, "/api/search?limit=1").json()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total(addr), 6);
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    let article = Article {
        id: "later".to_owned(),
        text: String::new(),
        from_html: true,
        metadata: Metadata {
            url: Some("https://later.example/story".to_owned()),
            date: Some("2024-12-10".to_owned()),
            ..Metadata::default()
        },
        warnings: Vec::new(),
    };
    let extraction = Extraction {
        statements: vec![
            statement(
                "Keir Starmer",
                "“We will stand with Ukraine for as long as it takes,”",
            ),
            statement(
                "Mark Rutte",
                "“The alliance has never been stronger than it is today,”",
            ),
        ],
        entities: Vec::new(),
    };
    writer.add(&article, &extraction).unwrap();
    writer.commit().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while total(addr) != 8 {
        assert!(
            std::time::Instant::now() < deadline,
            "the server never saw the commit"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let starmer = get(addr, "/api/speakers/keir-starmer");
    assert_eq!(starmer.status, 200, "{}", starmer.body);
    assert_eq!(starmer.json()["statements"], 1);
    assert_eq!(
        get(addr, "/api/speakers/mark-rutte").json()["statements"],
        5
    );
}

#[test]
fn stats_count_statements_and_speakers_by_gender_per_outlet_and_month() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let whole = get(addr, "/api/stats?group=gender").json();
    assert_eq!(whole["statements"], 6);
    let groups = whole["buckets"][0]["groups"].as_array().unwrap();
    let female = groups.iter().find(|g| g["value"] == "female").unwrap();
    assert_eq!(
        (female["statements"].as_u64(), female["speakers"].as_u64()),
        (Some(2), Some(1))
    );

    // Speech only, per month: October to December, November with two articles.
    let months = get(addr, "/api/stats?group=category&by=month&act=speech").json();
    let keys: Vec<&str> = months["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["2024-10", "2024-11", "2024-12"]);
    assert_eq!(months["buckets"][1]["statements"], 2);

    let outlets = get(addr, "/api/stats?group=anonymous&by=outlet&speaker=Rutte").json();
    assert_eq!(outlets["buckets"].as_array().unwrap().len(), 4);
    assert_eq!(outlets["buckets"][0]["groups"][0]["value"], "false");

    let women = get(addr, "/api/search?gender=female&act=speech,thought").json();
    assert_eq!(women["total"], 2);
    assert_eq!(women["results"][0]["statement"]["speaker_gender"], "female");
    assert_eq!(women["facets"]["category"][0]["value"], "expert");
}
