//! A connection wrapper that closes connections idle for too long (no bytes either way and
//! no request in flight): the `--idle-timeout` bound.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Counts requests in flight on one connection; idle time only counts when it is zero.
#[derive(Debug, Clone, Default)]
pub struct InFlight(Arc<AtomicUsize>, Arc<std::sync::atomic::AtomicBool>);

impl InFlight {
    /// Marks a request started; the guard marks it finished when dropped.
    pub fn start(&self) -> InFlightGuard {
        self.1.store(true, Ordering::Relaxed);
        self.0.fetch_add(1, Ordering::Relaxed);
        InFlightGuard(self.0.clone())
    }

    /// True once any request has arrived on the connection (its head was complete).
    pub fn ever_started(&self) -> bool {
        self.1.load(Ordering::Relaxed)
    }

    fn busy(&self) -> bool {
        self.0.load(Ordering::Relaxed) > 0
    }
}

/// Decrements the in-flight count when dropped.
#[derive(Debug)]
pub struct InFlightGuard(Arc<AtomicUsize>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// An IO object that fails reads with `TimedOut` after `timeout` without traffic.
///
/// Traffic only sets a flag (no clock read, no timer update per read or write). The timer
/// fires every quarter of `timeout`; [`QUIET_TICKS`] fires in a row with no traffic and no
/// request in flight close the connection, between `timeout` and 1.25 x `timeout` after its
/// last byte.
pub struct IdleIo<T> {
    inner: T,
    tick: Duration,
    sleep: Pin<Box<Sleep>>,
    active: bool,
    quiet_ticks: u32,
    in_flight: InFlight,
}

/// Quiet timer fires that make a connection idle.
const QUIET_TICKS: u32 = 4;

impl<T> IdleIo<T> {
    /// Wraps `inner`.
    pub fn new(inner: T, timeout: Duration, in_flight: InFlight) -> Self {
        // At least a millisecond: a zero timeout must not make the timer fire in a loop.
        let tick = (timeout / QUIET_TICKS).max(Duration::from_millis(1));
        IdleIo {
            inner,
            tick,
            sleep: Box::pin(tokio::time::sleep(tick)),
            active: false,
            quiet_ticks: 0,
            in_flight,
        }
    }

    fn touch(&mut self) {
        self.active = true;
    }

    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        loop {
            if self.sleep.as_mut().poll(cx).is_pending() {
                return false;
            }
            if self.active || self.in_flight.busy() {
                self.active = false;
                self.quiet_ticks = 0;
            } else {
                self.quiet_ticks += 1;
                if self.quiet_ticks >= QUIET_TICKS {
                    return true;
                }
            }
            let next = Instant::now() + self.tick;
            self.sleep.as_mut().reset(next);
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    self.touch();
                }
                Poll::Ready(r)
            }
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection idle",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test(start_paused = true)]
    async fn traffic_keeps_a_connection_and_quiet_closes_it_within_a_quarter_more() {
        let (near, mut far) = tokio::io::duplex(64);
        let mut io = IdleIo::new(near, Duration::from_secs(4), InFlight::default());
        let mut byte = [0u8; 1];
        for _ in 0..6 {
            tokio::time::sleep(Duration::from_secs(3)).await;
            far.write_all(b"x").await.unwrap();
            io.read_exact(&mut byte)
                .await
                .expect("still open: traffic every 3 s");
        }
        let quiet_from = Instant::now();
        let err = io.read(&mut byte).await.expect_err("idle");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        let waited = quiet_from.elapsed();
        assert!(
            waited >= Duration::from_secs(4) && waited <= Duration::from_secs(5),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_in_flight_is_not_idle() {
        let (near, _far) = tokio::io::duplex(64);
        let in_flight = InFlight::default();
        let guard = in_flight.start();
        let mut io = IdleIo::new(near, Duration::from_secs(4), in_flight);
        let mut byte = [0u8; 1];
        let read = tokio::time::timeout(Duration::from_secs(60), io.read(&mut byte)).await;
        assert!(
            read.is_err(),
            "no idle timeout while a request is in flight"
        );
        drop(guard);
        let err = io.read(&mut byte).await.expect_err("idle once finished");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }
}
