//! The deadlines of one connection: how long it may take to send a request's head, and how
//! long it may sit idle between requests.
//!
//! hyper 1.12 has a `header_read_timeout` of its own, but it starts the clock as soon as it
//! waits for a request, on a fresh connection and again right after each answer. That makes
//! the keep-alive wait and the head's transfer one span, and an idle timeout longer than the
//! header timeout impossible. So hyper's timer is off and this module keeps the clock, the
//! way Go's `net/http` does: the head timer runs from the accept for the first request, and
//! from the first byte of each later one; the idle timer runs from the end of an answer
//! until the next byte arrives. While a request is being answered no timer runs here: the
//! handlers bound their own time.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;

/// Where a connection is in its cycle of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Receiving a request head, which must be complete by the deadline.
    Head { deadline: Instant },
    /// A request is being answered.
    Busy,
    /// Answered, and nothing of the next request received; closed at the deadline.
    Idle { deadline: Instant },
}

/// The phase of one connection. The stream reports bytes arriving, the service reports
/// requests starting and ending, and [`Clock::expired`] waits for the deadline in force.
pub(crate) struct Clock {
    phase: watch::Sender<Phase>,
    header_timeout: Duration,
    idle_timeout: Duration,
}

impl Clock {
    /// A clock for a connection accepted now: its first request's head is due within
    /// `header_timeout`.
    pub(crate) fn start(header_timeout: Duration, idle_timeout: Duration) -> Clock {
        let deadline = Instant::now() + header_timeout;
        Clock {
            phase: watch::Sender::new(Phase::Head { deadline }),
            header_timeout,
            idle_timeout,
        }
    }

    /// A request's head is complete and its handler runs.
    pub(crate) fn request_started(&self) {
        self.phase.send_replace(Phase::Busy);
    }

    /// The handler has answered; the connection idles until the next request.
    pub(crate) fn request_finished(&self) {
        let deadline = Instant::now() + self.idle_timeout;
        self.phase.send_replace(Phase::Idle { deadline });
    }

    /// Bytes arrived. On an idle connection they begin the next request's head, which is
    /// then due within the header timeout; otherwise they change nothing, so that trickling
    /// bytes never extends a deadline.
    fn bytes_arrived(&self) {
        self.phase.send_if_modified(|phase| match phase {
            Phase::Idle { .. } => {
                let deadline = Instant::now() + self.header_timeout;
                *phase = Phase::Head { deadline };
                true
            }
            Phase::Head { .. } | Phase::Busy => false,
        });
    }

    /// Completes when the deadline of the phase in force passes (never while a request is
    /// being answered), following every change of phase.
    pub(crate) async fn expired(&self) {
        let mut phase = self.phase.subscribe();
        loop {
            let deadline = match *phase.borrow_and_update() {
                Phase::Head { deadline } | Phase::Idle { deadline } => Some(deadline),
                Phase::Busy => None,
            };
            tokio::select! {
                biased;
                // The sender lives in `self`, so `changed` cannot fail while this runs.
                Ok(()) = phase.changed() => continue,
                () = sleep_until(deadline) => return,
            }
        }
    }
}

/// Sleeps until `deadline`, or for ever if there is none.
async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// A client's stream that tells its [`Clock`] when bytes arrive.
pub(crate) struct TimedStream {
    stream: TcpStream,
    clock: Arc<Clock>,
}

impl TimedStream {
    pub(crate) fn new(stream: TcpStream, clock: Arc<Clock>) -> TimedStream {
        TimedStream { stream, clock }
    }
}

impl AsyncRead for TimedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.clock.bytes_arrived();
        }
        result
    }
}

impl AsyncWrite for TimedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: Duration = Duration::from_secs(10);
    const IDLE: Duration = Duration::from_secs(30);

    fn phase(clock: &Clock) -> Phase {
        *clock.phase.borrow()
    }

    #[tokio::test(start_paused = true)]
    async fn the_head_is_due_from_the_accept_and_bytes_do_not_extend_it() {
        let start = Instant::now();
        let clock = Clock::start(HEAD, IDLE);
        tokio::time::advance(Duration::from_secs(4)).await;
        clock.bytes_arrived();
        assert_eq!(
            phase(&clock),
            Phase::Head {
                deadline: start + HEAD
            }
        );
        clock.expired().await;
        assert_eq!(Instant::now(), start + HEAD);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_connection_gets_the_idle_timeout_then_the_header_timeout_from_its_first_byte()
    {
        let clock = Clock::start(HEAD, IDLE);
        clock.request_started();
        assert_eq!(phase(&clock), Phase::Busy);
        tokio::time::advance(Duration::from_secs(100)).await;
        clock.request_finished();
        let finished = Instant::now();
        assert_eq!(
            phase(&clock),
            Phase::Idle {
                deadline: finished + IDLE
            }
        );
        tokio::time::advance(Duration::from_secs(25)).await;
        clock.bytes_arrived();
        let first_byte = Instant::now();
        assert_eq!(
            phase(&clock),
            Phase::Head {
                deadline: first_byte + HEAD
            }
        );
        clock.expired().await;
        assert_eq!(Instant::now(), first_byte + HEAD);
    }

    #[tokio::test(start_paused = true)]
    async fn no_deadline_passes_while_a_request_is_answered() {
        let clock = Arc::new(Clock::start(HEAD, IDLE));
        clock.request_started();
        let watching = tokio::spawn({
            let clock = Arc::clone(&clock);
            async move { clock.expired().await }
        });
        tokio::time::sleep(Duration::from_secs(1000)).await;
        assert!(!watching.is_finished());
        clock.request_finished();
        let finished = Instant::now();
        watching.await.unwrap();
        assert_eq!(Instant::now(), finished + IDLE);
    }
}
