//! A scripted loopback HTTP responder for the few answers the sandbox never gives (an
//! unreadable body, a paging loop, a server that never answers). It is a plain TCP socket that
//! writes canned bytes: no code of wabactl is imitated.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `GET /v25.0/1/message_templates?... HTTP/1.1`
    pub line: String,
    /// Header lines, as sent.
    pub headers: Vec<String>,
    /// The body, as sent.
    pub body: String,
}

/// What to do with a request.
pub enum Reply {
    /// Answer with this status and body.
    Answer(u16, String),
    /// Read the request, then hold the connection open without answering.
    Hang,
    /// A 200 with a chunked body that never ends (until the client hangs up, or 60 s).
    Endless,
    /// A 200 announcing a body of this many bytes, sent until the client hangs up (or 60 s).
    Announced(u64),
}

pub struct RawServer {
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl RawServer {
    /// Serves on 127.0.0.1 until the test process ends; `reply` gets the request and the
    /// server's own base URL.
    pub fn start(reply: impl Fn(&Seen, &str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (base2, seen2, reply) = (base.clone(), seen.clone(), Arc::new(reply));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (base, seen, reply) = (base2.clone(), seen2.clone(), reply.clone());
                thread::spawn(move || serve(stream, &base, &seen, &*reply));
            }
        });
        Self { base, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(
    stream: TcpStream,
    base: &str,
    seen: &Mutex<Vec<Seen>>,
    reply: &(dyn Fn(&Seen, &str) -> Reply + Send + Sync),
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end().to_owned();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
            headers.push(header);
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Seen {
            line: line.trim_end().to_owned(),
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        seen.lock().unwrap().push(request.clone());
        match reply(&request, base) {
            Reply::Answer(status, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                if writer.write_all(head.as_bytes()).is_err()
                    || writer.write_all(body.as_bytes()).is_err()
                {
                    return;
                }
            }
            Reply::Hang => {
                thread::sleep(Duration::from_secs(30));
                return;
            }
            Reply::Endless => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            transfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n";
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
                flood(&mut writer, head, chunk.as_bytes());
                return;
            }
            Reply::Announced(length) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
                );
                flood(&mut writer, &head, &[b' '; 64 * 1024]);
                return;
            }
        }
    }
}

/// Writes `head`, then `block` again and again until the peer hangs up or a minute passes.
fn flood(writer: &mut TcpStream, head: &str, block: &[u8]) {
    let until = std::time::Instant::now() + Duration::from_secs(60);
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    while std::time::Instant::now() < until {
        if writer.write_all(block).is_err() {
            return;
        }
    }
}
