//! The preview's connections, on a fixed number of threads however many clients connect.
//!
//! One thread accepts connections and hands them to one reader thread, which reads every
//! waiting connection's request head without blocking (so an idle or slow client holds no
//! thread), drops a connection that has not sent its head within [`HEAD_TIME`], and drops the
//! oldest waiting one when more than [`MAX_WAITING`] wait. Complete requests go through a
//! bounded queue to [`WORKERS`] worker threads, which ask the [`Handler`] what to answer and
//! write it. An event stream is handed back to the handler after its head is written; the
//! handler keeps a bounded number of them (see `live::Hub`).

use super::http::{self, Parsed, Request, Response};
use std::io::{ErrorKind, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Threads answering requests.
pub const WORKERS: usize = 4;
/// Connections waiting for their request head at most; the oldest is dropped beyond.
pub const MAX_WAITING: usize = 256;
/// How long a client has to send its request head.
pub const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long writing a response may block on a client that does not read.
const WRITE_TIME: Duration = Duration::from_secs(10);
/// How long the reader sleeps when no waiting connection had anything to read.
const IDLE_POLL: Duration = Duration::from_millis(5);

/// What to answer to a request.
pub enum Answer {
    Page(Response),
    /// A stream of server-sent events: its head is written, then the connection is given to
    /// [`Handler::events`] (for HEAD, only the head is written).
    Events,
}

/// What the server serves; the HTTP layer knows nothing else of the site.
pub trait Handler: Send + Sync + 'static {
    /// The answer to a GET or HEAD request.
    fn answer(&self, req: &Request) -> Answer;
    /// Keep an event stream whose head has been written.
    fn events(&self, stream: TcpStream);
}

/// A listening server; dropping it does not stop it, [`Listening::stop`] does.
pub struct Listening {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    inbox: Arc<Inbox>,
    threads: Vec<JoinHandle<()>>,
}

/// Connections accepted and not yet taken by the reader.
#[derive(Default)]
struct Inbox {
    new: Mutex<Vec<TcpStream>>,
    arrived: Condvar,
}

/// Accept connections on `listener` and answer them with `handler`.
pub fn listen(listener: TcpListener, handler: Arc<dyn Handler>) -> std::io::Result<Listening> {
    let addr = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let inbox = Arc::new(Inbox::default());
    let (tx, rx) = sync_channel::<(TcpStream, Parsed)>(WORKERS * 4);
    let rx = Arc::new(Mutex::new(rx));
    let mut threads = Vec::with_capacity(WORKERS + 2);
    for _ in 0..WORKERS {
        let (rx, handler) = (rx.clone(), handler.clone());
        threads.push(std::thread::spawn(move || work(&rx, handler.as_ref())));
    }
    let (s, i) = (stop.clone(), inbox.clone());
    threads.push(std::thread::spawn(move || read_heads(&s, &i, tx)));
    let (s, i) = (stop.clone(), inbox.clone());
    threads.push(std::thread::spawn(move || accept(&s, &i, listener)));
    Ok(Listening {
        addr,
        stop,
        inbox,
        threads,
    })
}

impl Listening {
    /// Stop accepting, drop waiting connections and end every thread of the server.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.inbox.arrived.notify_all();
        let _ = TcpStream::connect(self.addr);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Block until the server stops.
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn accept(stop: &AtomicBool, inbox: &Inbox, listener: TcpListener) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors, say: let the waiting connections go first.
            std::thread::sleep(IDLE_POLL);
            continue;
        };
        if stream.set_nonblocking(true).is_ok() {
            let mut new = inbox.new.lock().unwrap_or_else(|e| e.into_inner());
            if new.len() >= MAX_WAITING {
                new.remove(0);
            }
            new.push(stream);
            inbox.arrived.notify_one();
        }
    }
}

/// A connection whose request head is not complete.
struct Waiting {
    stream: TcpStream,
    head: Vec<u8>,
    since: Instant,
}

/// Read request heads of all waiting connections without blocking; send complete ones on.
fn read_heads(stop: &AtomicBool, inbox: &Inbox, tx: SyncSender<(TcpStream, Parsed)>) {
    let mut waiting: Vec<Waiting> = Vec::new();
    let mut progressed = true;
    while !stop.load(Ordering::SeqCst) {
        {
            let mut new = inbox.new.lock().unwrap_or_else(|e| e.into_inner());
            if new.is_empty() && !progressed {
                let pause = if waiting.is_empty() {
                    Duration::from_secs(1)
                } else {
                    IDLE_POLL
                };
                new = inbox
                    .arrived
                    .wait_timeout(new, pause)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            let now = Instant::now();
            waiting.extend(new.drain(..).map(|stream| Waiting {
                stream,
                head: Vec::new(),
                since: now,
            }));
        }
        if waiting.len() > MAX_WAITING {
            waiting.drain(..waiting.len() - MAX_WAITING);
        }
        progressed = false;
        let mut i = 0;
        while i < waiting.len() {
            match poll_head(&mut waiting[i]) {
                Poll::Waiting(p) => {
                    progressed |= p;
                    i += 1;
                }
                Poll::Gone => {
                    waiting.remove(i);
                }
                Poll::Done(parsed) => {
                    progressed = true;
                    let w = waiting.remove(i);
                    if tx.send((w.stream, parsed)).is_err() {
                        return;
                    }
                }
            }
        }
    }
}

enum Poll {
    /// Still waiting; whether bytes arrived.
    Waiting(bool),
    /// Closed, failed or too slow: drop it.
    Gone,
    Done(Parsed),
}

fn poll_head(w: &mut Waiting) -> Poll {
    let mut buf = [0u8; 4096];
    let mut got = false;
    loop {
        match w.stream.read(&mut buf) {
            Ok(0) => return Poll::Gone,
            Ok(n) => {
                got = true;
                let room = http::MAX_HEAD.saturating_sub(w.head.len());
                w.head.extend_from_slice(&buf[..n.min(room)]);
                match http::parse_head(&w.head) {
                    Parsed::Partial => continue,
                    parsed => return Poll::Done(parsed),
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return Poll::Gone,
        }
    }
    if w.since.elapsed() > HEAD_TIME {
        Poll::Gone
    } else {
        Poll::Waiting(got)
    }
}

fn work(rx: &Mutex<Receiver<(TcpStream, Parsed)>>, handler: &dyn Handler) {
    loop {
        let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((stream, parsed)) = next else { return };
        let _ = serve(stream, parsed, handler);
    }
}

fn serve(mut stream: TcpStream, parsed: Parsed, handler: &dyn Handler) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_write_timeout(Some(WRITE_TIME))?;
    let req = match parsed {
        Parsed::Request(req) => req,
        Parsed::Bad(status) => {
            http::respond(&mut stream, &Response::text(status, "bad request\n"), false)?;
            return linger(stream);
        }
        Parsed::Partial => return Ok(()),
    };
    if req.method != "GET" && !req.head_only() {
        let r = Response::text(405, "only GET and HEAD\n");
        http::respond(&mut stream, &r, false)?;
        return linger(stream);
    }
    match handler.answer(&req) {
        Answer::Page(r) => http::respond(&mut stream, &r, req.head_only()),
        Answer::Events => {
            http::start_events(&mut stream, req.head_only())?;
            if !req.head_only() {
                handler.events(stream);
            }
            Ok(())
        }
    }
}

/// Close after an answer to a request whose bytes were not all read (a body, a head too
/// large): read and drop what the client still sends for a moment, so that closing with
/// unread bytes does not reset the connection before the client has read the answer.
fn linger(mut stream: TcpStream) -> std::io::Result<()> {
    stream.shutdown(std::net::Shutdown::Write)?;
    let until = Instant::now() + Duration::from_millis(500);
    let mut buf = [0u8; 4096];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        stream.set_read_timeout(Some(left))?;
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Answers every request with its path.
    struct Echo;

    impl Handler for Echo {
        fn answer(&self, req: &Request) -> Answer {
            Answer::Page(Response::text(200, &req.path))
        }
        fn events(&self, _stream: TcpStream) {}
    }

    fn server() -> Listening {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listen(listener, Arc::new(Echo)).unwrap()
    }

    fn send(addr: SocketAddr, parts: &[&[u8]]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        for part in parts {
            s.write_all(part).unwrap();
            std::thread::sleep(Duration::from_millis(30));
        }
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    #[test]
    fn a_head_sent_in_pieces_is_answered_and_a_huge_one_refused() {
        let l = server();
        let r = send(
            l.addr,
            &[b"GET /a%20", b"b HTTP/1.1\r\nHo", b"st: x\r\n\r\n"],
        );
        assert!(
            r.starts_with("HTTP/1.1 200 OK\r\n") && r.ends_with("\r\n\r\n/a b"),
            "{r}"
        );
        let huge = vec![b'a'; http::MAX_HEAD + 10];
        let r = send(l.addr, &[b"GET / HTTP/1.1\r\nX: ", &huge]);
        assert!(r.starts_with("HTTP/1.1 431 "), "{r}");
        let r = send(l.addr, &[b"GET / HTTP/1.1\r\n\r\n"]);
        assert!(r.starts_with("HTTP/1.1 200 OK\r\n"), "{r}");
        l.stop();
    }

    #[test]
    fn more_waiting_connections_than_the_bound_drop_the_oldest() {
        let l = server();
        let mut idle: Vec<TcpStream> = (0..MAX_WAITING + 20)
            .map(|_| TcpStream::connect(l.addr).unwrap())
            .collect();
        // The oldest are closed by the server; the newest still wait.
        let first = &mut idle[0];
        first
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buf = [0u8; 1];
        assert_eq!(first.read(&mut buf).unwrap_or(0), 0, "the oldest was kept");
        let last = idle.last_mut().unwrap();
        last.write_all(b"GET /late HTTP/1.1\r\n\r\n").unwrap();
        last.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut out = String::new();
        let _ = last.read_to_string(&mut out);
        assert!(out.ends_with("/late"), "{out}");
        l.stop();
    }
}
