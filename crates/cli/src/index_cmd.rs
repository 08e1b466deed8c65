//! `whosaid index` and `whosaid search`: the statement index on disk, filled from the same
//! inputs as `whosaid extract`, and searched from the command line.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use whosaid_article::{Act, Gender, MediumType, SpeakerCategory, StatementKind};
use whosaid_index::{
    IndexError, PreparedArticle, SearchRequest, StatementIndex, Stats, StatsBy, StatsGroup,
    StatsRequest, Writer,
};

use crate::extract_cmd::{self, InputArgs};
use crate::render::{Format, Keep, Sink};

#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// The index directory (created if it does not exist; an existing index is added to, and
    /// an article indexed again replaces its earlier version).
    #[arg(long, value_name = "DIR")]
    index: PathBuf,

    /// Articles per commit: each commit is durable and atomic, so a run that is killed keeps
    /// every batch committed before.
    #[arg(long, value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,

    #[command(flatten)]
    input: InputArgs,
}

/// Where `whosaid index` puts the articles: the index writer, committing every batch.
pub struct IndexSink<'i> {
    writer: Writer<'i>,
    batch: u64,
    pending: u64,
    articles: u64,
    statements: u64,
}

impl<'i> IndexSink<'i> {
    /// The index written to.
    pub fn index(&self) -> &'i StatementIndex {
        self.writer.index()
    }

    pub fn write(&mut self, article: PreparedArticle) -> io::Result<()> {
        self.statements += self.writer.add_prepared(article) as u64;
        self.articles += 1;
        self.pending += 1;
        if self.pending >= self.batch {
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&mut self) -> io::Result<()> {
        self.writer.commit().map_err(io::Error::other)?;
        self.pending = 0;
        let _ = writeln!(
            io::stderr().lock(),
            "whosaid: committed {} articles ({} statements)",
            self.articles,
            self.statements
        );
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        if self.pending > 0 {
            self.commit()?;
        }
        // So that searches open the index without reading every statement.
        self.writer.finish().map_err(io::Error::other)
    }
}

pub fn run_index(args: IndexArgs) -> ExitCode {
    let index = match StatementIndex::open_or_create(&args.index) {
        Ok(index) => index,
        Err(err) => {
            crate::error(&err.to_string());
            return ExitCode::FAILURE;
        }
    };
    let writer = match index.writer() {
        Ok(writer) => writer,
        Err(err) => {
            crate::error(&format!("{}: {err}", args.index.display()));
            return ExitCode::FAILURE;
        }
    };
    let sink = Sink::Index(IndexSink {
        writer,
        batch: args.batch,
        pending: 0,
        articles: 0,
        statements: 0,
    });
    // The index keeps every act; searches choose.
    extract_cmd::run_pipeline(&args.input, sink, Format::Index, &Keep::default(), true)
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// What to look for in statements (words, "a phrase", AND/OR, -word); empty for all.
    #[arg(value_name = "QUERY", default_value = "")]
    query: String,

    #[arg(long, value_name = "DIR")]
    index: PathBuf,

    #[command(flatten)]
    filters: Filters,

    #[arg(long, default_value_t = 20)]
    limit: usize,

    #[arg(long, default_value_t = 0)]
    offset: usize,

    #[arg(long, value_enum, default_value = "text")]
    format: SearchFormat,
}

/// Which statements a search or statistics take, besides the query text.
#[derive(clap::Args, Debug)]
pub struct Filters {
    /// Only statements by this speaker (a name as articles give it, or a speaker id).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,

    /// Only statements from articles dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = from_date)]
    from: Option<i64>,

    /// Only statements from articles dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = to_date)]
    to: Option<i64>,

    /// Only statements from this outlet (as the page names itself, or the URL's host).
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,

    /// Only statements of this kind.
    #[arg(long, value_parser = kind)]
    kind: Option<StatementKind>,

    /// Only statements that report these acts, a comma-separated list of speech, thought and
    /// other [default: every act].
    #[arg(long, value_name = "ACT,...", value_delimiter = ',', value_parser = extract_cmd::act)]
    act: Vec<Act>,

    /// Only statements made through this kind of channel: statement, interview, social_media,
    /// letter, press_conference, testimony, court_filing, broadcast, publication or other.
    #[arg(long, value_name = "TYPE", value_parser = medium)]
    medium: Option<MediumType>,

    /// Only statements made to this addressee, as whosaid names it ("Financial Times").
    #[arg(long, value_name = "NAME")]
    addressee: Option<String>,

    /// Only statements whose speaker is anonymous (true) or named (false).
    #[arg(long, value_name = "BOOL")]
    anonymous: Option<bool>,

    /// Only statements by this kind of speaker: politician, government_official,
    /// spokesperson, expert, business, legal, advocate, public, media, organisation or
    /// unknown.
    #[arg(long, value_parser = category)]
    category: Option<SpeakerCategory>,

    /// Only statements whose speaker's gender, as the article states it, is this: female,
    /// male or unknown.
    #[arg(long, value_parser = gender)]
    gender: Option<Gender>,
}

impl Filters {
    /// The search these filters and `query` make, with a page.
    fn request(&self, query: &str, offset: usize, limit: usize) -> SearchRequest {
        SearchRequest {
            q: query.to_owned(),
            speaker: self.speaker.clone(),
            from: self.from,
            to: self.to,
            outlet: self.outlet.clone(),
            kind: self.kind,
            act: self.act.clone(),
            medium: self.medium,
            addressee: self.addressee.clone(),
            anonymous: self.anonymous,
            category: self.category,
            gender: self.gender,
            offset,
            limit,
        }
    }
}

/// `text` read by an enum's `from_name`; else an error listing its values (`all`, each with
/// its `name`).
fn one_of<T: Copy>(
    text: &str,
    from_name: fn(&str) -> Option<T>,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, String> {
    from_name(text).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|&value| name(value)).collect();
        format!("one of {}", names.join(", "))
    })
}

fn category(text: &str) -> Result<SpeakerCategory, String> {
    one_of(
        text,
        SpeakerCategory::from_name,
        &SpeakerCategory::ALL,
        SpeakerCategory::name,
    )
}

fn gender(text: &str) -> Result<Gender, String> {
    Gender::from_name(text).ok_or_else(|| "female, male or unknown".to_owned())
}

fn from_date(text: &str) -> Result<i64, String> {
    whosaid_index::dates::parse(text).ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

fn to_date(text: &str) -> Result<i64, String> {
    whosaid_index::dates::parse_until(text)
        .ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

fn kind(text: &str) -> Result<StatementKind, String> {
    StatementKind::from_name(text).ok_or_else(|| "direct, mixed or indirect".to_owned())
}

fn medium(text: &str) -> Result<MediumType, String> {
    one_of(
        text,
        MediumType::from_name,
        &MediumType::ALL,
        MediumType::name,
    )
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum SearchFormat {
    Text,
    Json,
}

pub fn run_search(args: SearchArgs) -> ExitCode {
    let request = args.filters.request(&args.query, args.offset, args.limit);
    query_and_print(
        &args.index,
        |index| index.search(&request),
        |results| match args.format {
            SearchFormat::Json => {
                serde_json::to_string_pretty(&results).expect("results serialize") + "\n"
            }
            SearchFormat::Text => search_text(&results),
        },
    )
}

/// Search results as lines of text: date, outlet, speaker, kind and act, content.
fn search_text(results: &whosaid_index::SearchResults) -> String {
    let mut out = format!("{} statements\n", results.total);
    for hit in &results.results {
        let speaker = hit
            .speaker
            .as_ref()
            .map_or("(unknown)", |s| s.name.as_str());
        let date = hit
            .article
            .date
            .as_deref()
            .map_or("", |d| d.get(..10).unwrap_or(d));
        let outlet = hit.article.outlet.as_deref().unwrap_or("");
        let content: String = hit
            .statement
            .content
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out += &format!(
            "{date}  {outlet}  {speaker} ({}, {}): {content}\n",
            hit.statement.kind, hit.statement.act
        );
    }
    out
}

/// Opens the index in `dir` for reading, asks it `query`, and prints `render` of the answer:
/// exit status 1 when the index cannot be opened or read or the output written, 2 when the
/// request is the user's to fix (a query whosaid cannot read).
fn query_and_print<T>(
    dir: &std::path::Path,
    query: impl FnOnce(&StatementIndex) -> Result<T, IndexError>,
    render: impl FnOnce(T) -> String,
) -> ExitCode {
    let index = match StatementIndex::open(dir) {
        Ok(index) => index,
        Err(err) => {
            crate::error(&err.to_string());
            return ExitCode::FAILURE;
        }
    };
    let answer = match query(&index) {
        Ok(answer) => answer,
        Err(IndexError::Query(message)) => {
            crate::error(&message);
            return ExitCode::from(2);
        }
        Err(err) => {
            crate::error(&err.to_string());
            return ExitCode::FAILURE;
        }
    };
    match io::stdout().lock().write_all(render(answer).as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            crate::error(&format!("cannot write output: {err}"));
            ExitCode::FAILURE
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    /// Count only statements that match this (words, "a phrase", AND/OR, -word); empty for
    /// all.
    #[arg(value_name = "QUERY", default_value = "")]
    query: String,

    #[arg(long, value_name = "DIR")]
    index: PathBuf,

    /// What to count statements by: gender, category, anonymous, act or medium.
    #[arg(long, value_parser = stats_group, default_value = "gender")]
    group: StatsGroup,

    /// What to split the counts by: each outlet (most statements first) or each month (every
    /// month from the first to the last); one row per value of the group when absent.
    #[arg(long, value_parser = stats_by)]
    by: Option<StatsBy>,

    #[command(flatten)]
    filters: Filters,

    #[arg(long, value_enum, default_value = "text")]
    format: StatsFormat,
}

fn stats_group(text: &str) -> Result<StatsGroup, String> {
    one_of(
        text,
        StatsGroup::from_name,
        &StatsGroup::ALL,
        StatsGroup::name,
    )
}

fn stats_by(text: &str) -> Result<StatsBy, String> {
    StatsBy::from_name(text).ok_or_else(|| "outlet or month".to_owned())
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum StatsFormat {
    /// An aligned table.
    Text,
    /// The API's JSON.
    Json,
    /// One row per bucket and value: bucket,value,statements,share,speakers.
    Csv,
}

pub fn run_stats(args: StatsArgs) -> ExitCode {
    let request = StatsRequest {
        filter: args.filters.request(&args.query, 0, 1),
        group: args.group,
        by: args.by,
    };
    query_and_print(
        &args.index,
        |index| index.stats(&request),
        |stats| match args.format {
            StatsFormat::Json => {
                serde_json::to_string_pretty(&stats).expect("stats serialize") + "\n"
            }
            StatsFormat::Csv => stats_csv(&stats),
            StatsFormat::Text => stats_table(&stats),
        },
    )
}

/// The rows of a statistics table: bucket, value, statements, share of the bucket, speakers.
fn stats_rows(stats: &Stats) -> Vec<(String, String, u64, f64, u64)> {
    let mut rows = Vec::new();
    for bucket in &stats.buckets {
        let key = bucket.key.clone().unwrap_or_else(|| "all".to_owned());
        for count in &bucket.groups {
            let share = if bucket.statements == 0 {
                0.0
            } else {
                count.statements as f64 / bucket.statements as f64
            };
            rows.push((
                key.clone(),
                count.value.clone(),
                count.statements,
                share,
                count.speakers,
            ));
        }
    }
    rows
}

fn stats_table(stats: &Stats) -> String {
    let by = stats.by.as_deref().unwrap_or("");
    let mut out = format!(
        "{} statements by {}{}\n",
        stats.statements,
        stats.group,
        if by.is_empty() {
            String::new()
        } else {
            format!(", per {by}")
        }
    );
    let rows = stats_rows(stats);
    let key_width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    let value_width = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    out += &format!(
        "{:<key_width$}  {:<value_width$}  {:>10}  {:>6}  {:>8}\n",
        if by.is_empty() { "" } else { by },
        stats.group,
        "statements",
        "share",
        "speakers"
    );
    for (key, value, statements, share, speakers) in rows {
        out += &format!(
            "{key:<key_width$}  {value:<value_width$}  {statements:>10}  {:>5.1}%  {speakers:>8}\n",
            100.0 * share
        );
    }
    if stats.unbucketed > 0 {
        out += &format!("({} statements in no {by})\n", stats.unbucketed);
    }
    out
}

fn stats_csv(stats: &Stats) -> String {
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let mut out = format!(
        "{},{},statements,share,speakers\n",
        stats.by.as_deref().unwrap_or("bucket"),
        stats.group
    );
    for (key, value, statements, share, speakers) in stats_rows(stats) {
        out += &format!(
            "{},{},{statements},{share:.4},{speakers}\n",
            field(&key),
            field(&value)
        );
    }
    out
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[arg(long, value_name = "DIR")]
    index: PathBuf,

    /// Where to listen; loopback by default, so that only this machine can reach it.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,

    /// Seconds a client has to send a request's headers before it is disconnected.
    #[arg(long, value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,

    /// Seconds a kept-alive connection may wait for its next request before it is closed.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout: u64,

    /// Most connections open at once; more clients wait until one closes [default: from the
    /// limit on open files, at most 16384].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: Option<u64>,
}

pub fn run_serve(args: ServeArgs) -> ExitCode {
    let index = match StatementIndex::open(&args.index) {
        Ok(index) => std::sync::Arc::new(index),
        Err(err) => {
            crate::error(&err.to_string());
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            crate::error(&format!("cannot start the server: {err}"));
            return ExitCode::FAILURE;
        }
    };
    let options = whosaid_serve::ServeOptions {
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
        max_connections: args
            .max_connections
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
    };
    whosaid_serve::raise_open_file_limit();
    let _ = writeln!(
        io::stderr().lock(),
        "whosaid: serving {} ({} statements) on http://{}/ (at most {} connections)",
        args.index.display(),
        index.statements(),
        args.addr,
        options.connection_cap()
    );
    match runtime.block_on(whosaid_serve::serve_with(index, args.addr, options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            crate::error(&format!("{}: {err}", args.addr));
            ExitCode::FAILURE
        }
    }
}
