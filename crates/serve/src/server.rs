//! The accept loop: HTTP/1.1 over TCP with hyper, bounded in the number of connections and
//! in how long each may idle or take to send a request's head (see [`ServeOptions`]), and
//! shut down gracefully.
//!
//! At the connection cap the loop stops accepting: further clients wait in the kernel's
//! listen queue, which costs this process no file descriptor, and are served as soon as a
//! connection closes, which the timeouts guarantee happens. Accepting and closing them at
//! once instead would spend a descriptor and a system call on each, and turn away the
//! well-behaved clients among them just as surely as the rest; when the queue itself is
//! full, the kernel drops new connection attempts and their clients retry.

use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::Service;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use whosaid_index::StatementIndex;

use crate::deadline::{Clock, TimedStream};
use crate::open_files;

/// Longest request head (request line and headers) accepted; a longer one gets 431. hyper's
/// own default is about 400 KiB, which times the connection cap is more memory than slow
/// clients should be able to pin. Browsers send well under 16 KiB, as Node also assumes.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// How long the loop pauses after an accept fails for want of resources (descriptors,
/// memory), rather than retrying at once in a busy loop: long enough to let connections
/// close, short enough that clients waiting in the queue barely notice.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// How long a shutdown waits for open connections to finish: a request in flight may take
/// the handlers' whole time limit, and its answer a little longer to send.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(crate::QUERY_TIME.as_secs() + 5);

/// How the server bounds its connections. The defaults suit a server that people and their
/// browsers use directly, and that hostile clients may reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// How long a client has to send a request's head: from the accept for the first
    /// request, from its first byte for a later one on the same connection. A client that
    /// takes longer, or sends nothing, is disconnected. Default: 10 s, far more than a head
    /// of a few hundred bytes needs even on a slow link.
    pub header_timeout: Duration,
    /// How long a keep-alive connection may wait for its next request after an answer
    /// before it is closed. Default: 30 s, so that a person reading results and searching
    /// again reuses the connection, while an abandoned one frees its place within half a
    /// minute (a browser opens a new one at no visible cost).
    pub idle_timeout: Duration,
    /// The most connections open at once; at the cap, new clients wait in the kernel's
    /// listen queue until one closes. Default (`None`): derived from the process's limit on
    /// open files (raised first to its hard limit by [`serve_with`]): the limit less 64
    /// descriptors kept for everything else, at most 16,384.
    pub max_connections: Option<usize>,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: None,
        }
    }
}

impl ServeOptions {
    /// The connection cap in force: the one set, or the default for the present file limit
    /// (which [`serve_with`] raises first: call [`crate::raise_open_file_limit`] before this
    /// to see the cap it will use).
    pub fn connection_cap(&self) -> usize {
        self.max_connections
            .unwrap_or_else(|| open_files::default_max_connections(open_files::open_file_limit()))
    }

    /// Refuses options that would make a server that cannot serve anyone.
    fn check(&self) -> io::Result<()> {
        let invalid = |message: String| Err(io::Error::new(io::ErrorKind::InvalidInput, message));
        if self.header_timeout.is_zero() {
            return invalid("the header timeout must be longer than zero".to_owned());
        }
        if self.idle_timeout.is_zero() {
            return invalid("the idle timeout must be longer than zero".to_owned());
        }
        match self.max_connections {
            Some(0) => invalid("the connection cap must be at least 1".to_owned()),
            Some(cap) if u32::try_from(cap).is_err() => invalid(format!(
                "the connection cap must be at most {}, not {cap}",
                u32::MAX
            )),
            _ => Ok(()),
        }
    }
}

/// Serves `index` on `addr` with `options` until Ctrl-C or SIGTERM, then shuts down
/// gracefully (see [`serve_until`]). Raises the soft limit on open files to the hard limit
/// first, so that the default connection cap is as high as the system allows.
pub async fn serve_with(
    index: Arc<StatementIndex>,
    addr: SocketAddr,
    options: ServeOptions,
) -> io::Result<()> {
    options.check()?;
    open_files::raise_open_file_limit();
    let listener = TcpListener::bind(addr).await?;
    serve_until(listener, crate::router(index), options, stop_signal()).await
}

/// Serves `app` on `listener` with `options` until `shutdown` completes. Then it stops
/// accepting (closing the listener, so new clients are refused), lets the requests in
/// flight finish and closes idle connections, waiting at most the handlers' time limit and
/// a few seconds for that. Failing accepts never end it: each kind of failure is reported
/// once on stderr, and the loop pauses briefly when it is out of descriptors or memory.
pub async fn serve_until<F>(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    shutdown: F,
) -> io::Result<()>
where
    F: Future<Output = ()>,
{
    options.check()?;
    let cap = options.connection_cap();
    let places = Arc::new(Semaphore::new(cap));
    let mut http = http1::Builder::new();
    // The timeouts are kept by `deadline::Clock`; hyper's own header timer is off (it
    // needs a timer to run anyway, and none is given).
    http.header_read_timeout(None)
        .max_header_size(MAX_HEAD_BYTES);
    let connections = GracefulShutdown::new();
    let mut failures = AcceptFailures::default();
    tokio::pin!(shutdown);
    loop {
        let place = tokio::select! {
            place = Arc::clone(&places).acquire_owned() => match place {
                Ok(place) => place,
                // The semaphore is never closed.
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            stream = accept(&listener, &mut failures) => stream,
            () = &mut shutdown => break,
        };
        let connection = Connection {
            stream,
            app: app.clone(),
            http: http.clone(),
            options: options.clone(),
            _place: place,
        };
        let watcher = connections.watcher();
        tokio::spawn(async move { connection.serve(watcher).await });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, connections.shutdown()).await;
    Ok(())
}

/// One accepted client, and its place among the `max_connections`, given back on drop.
struct Connection {
    stream: TcpStream,
    app: Router,
    http: http1::Builder,
    options: ServeOptions,
    _place: OwnedSemaphorePermit,
}

impl Connection {
    /// Serves requests until the client closes, a deadline passes (then the connection is
    /// dropped, which closes the socket), or a graceful shutdown has let it finish.
    async fn serve(self, watcher: hyper_util::server::graceful::Watcher) {
        let clock = Arc::new(Clock::start(
            self.options.header_timeout,
            self.options.idle_timeout,
        ));
        let stream = TokioIo::new(TimedStream::new(self.stream, Arc::clone(&clock)));
        let app = TowerToHyperService::new(self.app);
        let service = hyper::service::service_fn({
            let clock = Arc::clone(&clock);
            move |request: hyper::Request<Incoming>| {
                clock.request_started();
                let answer = app.call(request);
                let clock = Arc::clone(&clock);
                async move {
                    let response = answer.await;
                    clock.request_finished();
                    response
                }
            }
        });
        let connection = watcher.watch(self.http.serve_connection(stream, service));
        // Errors are the clients' (bad requests, resets) and not worth a line on stderr,
        // where a hostile client could otherwise write as much as it liked.
        tokio::select! {
            _ = connection => {}
            () = clock.expired() => {}
        }
    }
}

/// Accepts the next connection, retrying on failures.
async fn accept(listener: &TcpListener, failures: &mut AcceptFailures) -> TcpStream {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => return stream,
            Err(err) => {
                failures.report_once(listener, &err);
                // A client that gave up before its connection was accepted says nothing
                // about the server, and pausing for it would let such clients slow the
                // accepting of everyone else.
                if !matches!(
                    err.kind(),
                    io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                        | io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::Interrupted
                ) {
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            }
        }
    }
}

/// The kinds of accept failure already reported, so that each is said once, not once per
/// client in a flood. Bounded by the number of distinct error codes.
#[derive(Default)]
struct AcceptFailures {
    reported: Vec<(io::ErrorKind, Option<i32>)>,
}

impl AcceptFailures {
    fn report_once(&mut self, listener: &TcpListener, err: &io::Error) {
        let kind = (err.kind(), err.raw_os_error());
        if self.reported.contains(&kind) {
            return;
        }
        self.reported.push(kind);
        let place = listener
            .local_addr()
            .map_or_else(|_| "the listener".to_owned(), |addr| addr.to_string());
        let _ = writeln!(
            io::stderr().lock(),
            "whosaid: cannot accept a connection on {place}: {err}; \
             retrying (this error is reported once)"
        );
    }
}

/// Completes on Ctrl-C or, on Unix, SIGTERM. If a handler cannot be installed, that signal
/// is simply not waited for (the process still ends on it, by default, just not gracefully).
async fn stop_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
