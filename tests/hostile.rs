//! A short smoke run of the hostile mix of `bench/hostile.py` against the real server on
//! loopback: each hostile request is refused with the right status, at once, while a normal
//! query is still answered. (The full mix, with thousands of idle connections, is
//! `bench/load.sh`; it is too long for CI.)

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Sends `head`, then `body` in 64 KiB pieces (stopping quietly once the server has closed),
/// and returns the status line and how long the answer took.
fn send(addr: &str, head: &str, body: &[u8]) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    for piece in body.chunks(64 * 1024) {
        if stream.write_all(piece).is_err() {
            break;
        }
    }
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
        }
    }
    let text = String::from_utf8_lossy(&answer);
    let line = text.lines().next().unwrap_or("").to_owned();
    (line, started.elapsed())
}

fn get(addr: &str, target: &str) -> (String, Duration) {
    send(
        addr,
        &format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        b"",
    )
}

#[test]
fn hostile_requests_are_refused_at_once_and_normal_ones_still_answered() {
    let dir = common::scratch();
    let server = common::serve(dir.path(), &["--max-body", "1000", "--timeout", "1"]);
    let addr = server.base_url.trim_start_matches("http://").to_owned();
    let fast = Duration::from_secs(5);

    // A body declared far larger than the limit: 413 before the client has sent it all.
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n",
        1u64 << 30
    );
    let (status, took) = send(&addr, &head, &vec![b'x'; 1 << 20]);
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
    assert!(took < fast, "the 413 took {took:?}");

    // The same, chunked, with no length declared.
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    let chunk = [b"10000\r\n".as_slice(), &[b'x'; 0x10000], b"\r\n"].concat();
    let (status, took) = send(&addr, &head, &chunk.repeat(16));
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
    assert!(took < fast, "the chunked 413 took {took:?}");

    // A cross join that runs past the 1 s timeout: 503, with a normal query answered meanwhile.
    let cross = "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%3Fa%20%3Fb%20%3Fc%20.%20%3Fd%20%3Fe%20%3Ff%20.%20%3Fg%20%3Fh%20%3Fi%20.%20%3Fj%20%3Fk%20%3Fl%7D";
    let slow = {
        let addr = addr.clone();
        std::thread::spawn(move || get(&addr, cross))
    };
    std::thread::sleep(Duration::from_millis(200));
    let (status, took) = get(&addr, "/query/resolutions");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        took < fast,
        "a normal query took {took:?} beside the cross join"
    );
    let (status, took) = slow.join().unwrap();
    assert_eq!(status, "HTTP/1.1 503 Service Unavailable");
    assert!(took < fast, "the cross join was cut after {took:?}");

    // Slow clients that never finish their headers, fewer than the connection limit (64):
    // a normal query is still answered.
    let mut slow_clients = Vec::new();
    for _ in 0..32 {
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        slow_clients.push(stream);
    }
    let (status, took) = get(&addr, "/query/resolutions");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        took < fast,
        "a normal query took {took:?} beside 32 slow clients"
    );
    drop(slow_clients);
}

#[test]
fn more_queries_than_run_at_once_wait_for_a_slot_instead_of_failing() {
    let dir = common::scratch();
    let server = common::serve(dir.path(), &["--timeout", "20"]);
    let addr = server.base_url.trim_start_matches("http://").to_owned();
    // A join of every triple with every triple: long enough to keep the 4 slots busy.
    let join = "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%3Fa%20%3Fb%20%3Fc%20.%20%3Fd%20%3Fe%20%3Ff%7D";
    let clients: Vec<_> = (0..12)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || get(&addr, join).0)
        })
        .collect();
    let statuses: Vec<String> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    assert_eq!(statuses, vec!["HTTP/1.1 200 OK".to_owned(); 12]);
}
