//! whosaid-python owns the Python package `whosaid`: the record pipeline of whosaid-pipeline
//! (the readers of whosaid-ingest and the extractor, a panic costing only its record) as a pyo3
//! extension module (an abi3 wheel built with maturin), for notebooks
//! and for Spark executors. Results have exactly the JSON shape of `whosaid extract` (they are
//! serialised by the same types and parsed with Python's `json`), and the statement rows have
//! the columns of its CSV and Parquet outputs. The extractor is built once per process; the
//! GIL is released while Rust reads and extracts, so Python threads run in parallel.

#![deny(missing_docs)]

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use whosaid_article::Metadata;
use whosaid_extract::{Convention, Extractor};
use whosaid_ingest::{self as ingest, Input, Payload, ReadOptions, Record, Records, Skip};
use whosaid_pipeline::{self as pipeline, guard, table, Accounting, ArticleOut};

pyo3::create_exception!(
    whosaid,
    SkipError,
    PyValueError,
    "A page that yields no article: no main text, not English, too large. `reason` holds the \
     reason's name (as in the accounting), and the message says more."
);

/// The extractor of this process for a convention (`None`: the news convention, the
/// default): each is built once, on first use, and they share the models.
fn extractor(convention: Option<&str>) -> PyResult<&'static Extractor> {
    static NEWS: OnceLock<Extractor> = OnceLock::new();
    static POLNEAR: OnceLock<Extractor> = OnceLock::new();
    let convention = match convention {
        None => Convention::News,
        Some(name) => Convention::from_name(name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "convention {name:?}: not a convention (news or polnear)"
            ))
        })?,
    };
    let cell = match convention {
        Convention::News => &NEWS,
        Convention::PolNear => &POLNEAR,
    };
    Ok(cell.get_or_init(|| Extractor::new().with_rules(convention.rules())))
}

/// Parses JSON written by serde into Python objects, so that the shape is the CLI's exactly.
fn from_json<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// The statements of `text`, each a dict as in `whosaid extract`'s JSON output.
/// `convention` is "news" (the default: what a reader of the news wants) or "polnear" (every
/// stance PolNeAR annotates), as `whosaid extract --convention` takes it; another raises
/// ValueError. Raises `SkipError` (reason "internal") if whosaid fails on the text, which is a
/// bug to report.
#[pyfunction]
#[pyo3(signature = (text, *, convention=None))]
fn extract<'py>(
    py: Python<'py>,
    text: String,
    convention: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let extractor = extractor(convention.as_deref())?;
    let json = py.detach(|| {
        guard::catch(|| {
            let extraction = extractor.extract(&text);
            serde_json::to_string(&extraction.statements).expect("statements serialize")
        })
        .map_err(|panic| pipeline::internal("<text>", &panic))
    });
    match json {
        Ok(json) => from_json(py, &json),
        Err(skip) => Err(skip_error(py, &skip)),
    }
}

/// The article in an HTML page: a dict {"id", "metadata", "text", "statements", "entities"}
/// as `whosaid extract` writes for an HTML file. `url` is where the page came from; it becomes
/// the id and, unless the page declares its URL on the same host, the metadata's url.
/// Raises `SkipError` when the page holds no English article, or is over a budget (too large,
/// too deeply nested), or whosaid fails on it (reason "internal", a bug to report).
/// `convention` is as for `extract`.
#[pyfunction]
#[pyo3(signature = (html, url=None, *, convention=None))]
fn extract_html<'py>(
    py: Python<'py>,
    html: &Bound<'py, PyAny>,
    url: Option<String>,
    convention: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let extractor = extractor(convention.as_deref())?;
    let bytes = if html.is_instance_of::<PyString>() {
        html.extract::<String>()?.into_bytes()
    } else if let Ok(bytes) = html.cast::<PyBytes>() {
        bytes.as_bytes().to_vec()
    } else {
        return Err(PyTypeError::new_err("html must be str or bytes"));
    };
    let record = Record {
        id: url.clone().unwrap_or_else(|| "-".to_owned()),
        bytes: bytes.len() as u64,
        payload: Payload::Html {
            bytes,
            charset: None,
        },
        metadata: Metadata {
            url,
            ..Metadata::default()
        },
    };
    let json = py.detach(|| {
        pipeline::process(extractor, record).map(|(article, extraction)| {
            serde_json::to_string(&ArticleOut::new(&article, &extraction))
                .expect("articles serialize")
        })
    });
    match json {
        Ok(json) => from_json(py, &json),
        Err(skip) => Err(skip_error(py, &skip)),
    }
}

fn skip_error(py: Python<'_>, skip: &Skip) -> PyErr {
    let message = format!("{}: {} ({})", skip.id, skip.detail, skip.reason.label());
    let error = SkipError::new_err(message);
    let _ = error.value(py).setattr("reason", skip.reason.name());
    error
}

/// The articles of a WARC file (gzipped or not; also text, HTML and JSON lines files), one
/// at a time: an iterator of dicts as `whosaid extract --format jsonl` writes them, or with
/// `rows=True`, of statement rows with the columns of `--format csv|parquet` (`COLUMNS`).
///
/// `source` is a path, or the file's content as bytes (for files that Spark or a cloud
/// client has already read). Damaged records never raise: they are skipped and counted in
/// the iterator's `accounting`, and named in its `problems`. A path that cannot be opened
/// raises OSError. `convention` is as for `extract`.
#[pyfunction]
#[pyo3(signature = (source, rows=false, *, convention=None))]
fn iter_warc(
    source: &Bound<'_, PyAny>,
    rows: bool,
    convention: Option<String>,
) -> PyResult<WarcIterator> {
    let extractor = extractor(convention.as_deref())?;
    let options = ReadOptions::default();
    let records: Records = if let Ok(bytes) = source.cast::<PyBytes>() {
        let content = bytes.as_bytes().to_vec();
        ingest::open_reader(
            Box::new(std::io::Cursor::new(content)),
            "<bytes>".to_owned(),
            None,
            &options,
        )
    } else if let Ok(path) = source.extract::<PathBuf>() {
        let metadata = std::fs::metadata(&path).map_err(|err| {
            PyOSError::new_err(format!("{}: {}", path.display(), ingest::describe(&err)))
        })?;
        if metadata.is_dir() {
            let message = format!("{}: is a directory, not a file", path.display());
            return Err(PyOSError::new_err(message));
        }
        let input = Input::File {
            id: ingest::display(&path),
            path,
        };
        ingest::open(&input, &options)
    } else {
        return Err(PyTypeError::new_err(
            "source must be a path (str or os.PathLike) or bytes",
        ));
    };
    Ok(WarcIterator {
        state: Mutex::new(State {
            records,
            extractor,
            rows,
            pending_rows: Vec::new(),
            accounting: Accounting::default(),
            problems: Vec::new(),
        }),
    })
}

/// What [`iter_warc`] returns.
#[pyclass(module = "whosaid")]
struct WarcIterator {
    state: Mutex<State>,
}

struct State {
    records: Records,
    extractor: &'static Extractor,
    rows: bool,
    /// Rows of the current article not yet handed out, last first.
    pending_rows: Vec<String>,
    accounting: Accounting,
    problems: Vec<String>,
}

impl State {
    /// Reads on to the next article; its JSON document, or its statement rows as JSON
    /// objects (maybe none). `None` at the end.
    fn next_article(&mut self) -> Option<Vec<String>> {
        loop {
            let record = self.records.next()?;
            match record.and_then(|record| pipeline::process(self.extractor, record)) {
                Ok((article, extraction)) => {
                    self.accounting.extracted(extraction.statements.len());
                    if !self.rows {
                        let out = ArticleOut::new(&article, &extraction);
                        return Some(vec![serde_json::to_string(&out).expect("serializes")]);
                    }
                    let rows = table::rows(&article.id, &article.metadata, &extraction.statements);
                    return Some(rows.iter().map(row_json).collect());
                }
                Err(skip) => {
                    self.accounting.skipped(skip.reason);
                    if skip.reason.is_damage() {
                        let label = skip.reason.label();
                        self.problems
                            .push(format!("{}: {} ({label})", skip.id, skip.detail));
                    }
                }
            }
        }
    }
}

fn row_json(row: &table::StatementRow) -> String {
    let mut object = serde_json::Map::new();
    for column in table::COLUMNS {
        let value = match (column.cell)(row) {
            table::Cell::Text(text) => text.map_or(serde_json::Value::Null, Into::into),
            table::Cell::Integer(n) => n.map_or(serde_json::Value::Null, Into::into),
            table::Cell::Float(x) => x.into(),
        };
        object.insert(column.name.to_owned(), value);
    }
    serde_json::Value::Object(object).to_string()
}

#[pymethods]
impl WarcIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let next = py.detach(|| {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if let Some(row) = state.pending_rows.pop() {
                    return Some(row);
                }
                let mut items = state.next_article()?;
                if !state.rows {
                    return items.pop();
                }
                items.reverse();
                state.pending_rows = items;
            }
        });
        next.map(|json| from_json(py, &json)).transpose()
    }

    /// Counts so far: {"records", "extracted", "statements", "skipped": {reason: count}}.
    #[getter]
    fn accounting<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let json = serde_json::to_string(&state.accounting).expect("serializes");
        from_json(py, &json)
    }

    /// One message per damaged record so far ("a.warc.gz@1234: … (truncated)").
    #[getter]
    fn problems(&self) -> Vec<String> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.problems.clone()
    }
}

#[pymodule]
fn whosaid(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_html, m)?)?;
    m.add_function(wrap_pyfunction!(iter_warc, m)?)?;
    m.add_class::<WarcIterator>()?;
    m.add("SkipError", m.py().get_type::<SkipError>())?;
    let columns = PyList::empty(m.py());
    for column in table::COLUMNS {
        let kind = match column.column_type {
            table::ColumnType::Text => "string",
            table::ColumnType::Integer => "int64",
            table::ColumnType::Float => "double",
        };
        columns.append((column.name, kind))?;
    }
    m.add("COLUMNS", columns)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
