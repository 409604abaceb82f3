//! A short smoke run of the hostile mix of `bench/hostile.py` against the real server on
//! loopback: each hostile request is refused with the right status, at once, while a normal
//! query is still answered; idle and slow clients cost the server little and are closed at
//! their deadlines. (The full mix, with thousands of idle connections for a minute, is
//! `bench/load.sh`; it is too long for CI.)

use crate::util;

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
    let _heavy = util::heavy();
    let dir = util::scratch();
    let server = util::serve(dir.path(), &["--max-body", "1000", "--timeout", "1"]);
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

    // A request head over 16 KiB: 431, and the connection is closed.
    let head = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Padding: {}\r\n\r\n",
        "x".repeat(20 * 1024)
    );
    let (status, took) = send(&addr, &head, b"");
    assert_eq!(status, "HTTP/1.1 431 Request Header Fields Too Large");
    assert!(took < fast, "the 431 took {took:?}");

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
}

/// Opens `n` connections to `addr` and sends `first` on each.
fn open(addr: &str, n: usize, first: &[u8]) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream.write_all(first).unwrap();
            stream
        })
        .collect()
}

/// Waits for the server to close (or reset) `stream`, and returns what it sent before and
/// how long after `since` that was.
fn until_closed(stream: &mut TcpStream, since: Instant) -> (String, Duration) {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = Vec::new();
    let result = stream.read_to_end(&mut answer);
    assert!(
        match &result {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        },
        "the server had not closed the connection after {:?}: {result:?}",
        since.elapsed()
    );
    (
        String::from_utf8_lossy(&answer).into_owned(),
        since.elapsed(),
    )
}

#[test]
fn idle_and_slow_clients_do_not_hold_up_a_normal_query() {
    let _heavy = util::heavy();
    let dir = util::scratch();
    let server = util::serve(dir.path(), &[]);
    let addr = server.base_url.trim_start_matches("http://").to_owned();
    // Ten times what oxhttp, the server before, could hold at all (64): connections that send
    // nothing, clients that send their headers a byte at a time, and bodies that never come.
    let idle = open(&addr, 500, b"");
    let mut heads = open(&addr, 100, b"GET / HTTP/1.1\r\nHost: x\r\n");
    let bodies = open(
        &addr,
        50,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
    );
    for stream in &mut heads {
        stream.write_all(b"X").unwrap();
    }
    for _ in 0..3 {
        let (status, took) = get(&addr, "/query/resolutions");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(
            took < Duration::from_secs(2),
            "a normal query took {took:?} beside 650 idle and slow clients"
        );
    }
    drop((idle, heads, bodies));
}

#[test]
fn idle_and_slow_clients_are_closed_at_their_deadline() {
    let _heavy = util::heavy();
    let dir = util::scratch();
    let server = util::serve(dir.path(), &["--request-timeout", "1"]);
    let addr = server.base_url.trim_start_matches("http://").to_owned();
    let deadline = Duration::from_millis(900)..Duration::from_secs(4);
    let opened = Instant::now();

    // A connection that never sends anything is closed without an answer.
    let mut idle = open(&addr, 1, b"").remove(0);
    // A client that sends its headers a byte every 200 ms: the deadline is for the whole head,
    // not for each read, so it is closed all the same.
    let mut trickle = open(&addr, 1, b"GET / HTTP/1.1\r\n").remove(0);
    let trickling = {
        let mut stream = trickle.try_clone().unwrap();
        std::thread::spawn(move || {
            for byte in b"Host: localhost\r\nAccept: text/html\r\n".iter().cycle() {
                std::thread::sleep(Duration::from_millis(200));
                if stream.write_all(&[*byte]).is_err() {
                    break;
                }
            }
        })
    };
    // A body that never arrives: 408.
    let mut body = open(
        &addr,
        1,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
    )
    .remove(0);
    // A keep-alive connection that goes quiet after its first answer is closed too.
    let mut kept = open(
        &addr,
        1,
        b"GET /query/resolutions HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .remove(0);

    let (sent, took) = until_closed(&mut idle, opened);
    assert_eq!(sent, "");
    assert!(
        deadline.contains(&took),
        "idle connection closed after {took:?}"
    );
    let (sent, took) = until_closed(&mut trickle, opened);
    assert_eq!(sent, "");
    assert!(
        deadline.contains(&took),
        "trickling head closed after {took:?}"
    );
    trickling.join().unwrap();
    let (sent, took) = until_closed(&mut body, opened);
    assert!(
        sent.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "a missing body got {sent:?}"
    );
    assert!(
        sent.ends_with("\r\n\r\n408 Request Timeout: the request body did not arrive within 1 s\n")
    );
    assert!(sent
        .to_ascii_lowercase()
        .contains("\r\nconnection: close\r\n"));
    assert!(
        deadline.contains(&took),
        "missing body answered after {took:?}"
    );
    let (sent, took) = until_closed(&mut kept, opened);
    assert!(sent.starts_with("HTTP/1.1 200 OK\r\n"), "got {sent:?}");
    assert!(
        took < Duration::from_secs(4),
        "quiet keep-alive closed after {took:?}"
    );
}

#[test]
fn a_client_that_never_reads_its_answers_is_dropped() {
    let _heavy = util::heavy();
    let dir = util::scratch();
    let server = util::serve(dir.path(), &["--request-timeout", "1"]);
    let addr = server.base_url.trim_start_matches("http://").to_owned();
    // 400 pipelined requests for the N-Triples dump (about 60 KB each, far more than the
    // socket buffers hold), none of whose answers is read until the server has given up.
    let request = format!("GET /dump/resgraph.nt HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut stream = open(&addr, 1, request.repeat(400).as_bytes()).remove(0);
    std::thread::sleep(Duration::from_secs(4));
    let (sent, _) = until_closed(&mut stream, Instant::now());
    let answers = sent.matches("HTTP/1.1 200 OK\r\n").count();
    assert!(
        answers < 400,
        "all 400 answers arrived: the server should have dropped the client"
    );
    // Meanwhile and afterwards, others are answered.
    assert_eq!(get(&addr, "/query/resolutions").0, "HTTP/1.1 200 OK");
}

#[test]
fn connections_over_the_limit_wait_for_an_idle_one_to_time_out() {
    let _heavy = util::heavy();
    let dir = util::scratch();
    let server = util::serve(
        dir.path(),
        &["--max-connections", "4", "--request-timeout", "1"],
    );
    let addr = server.base_url.trim_start_matches("http://").to_owned();
    let idle = open(&addr, 4, b"");
    std::thread::sleep(Duration::from_millis(200));
    let (status, took) = get(&addr, "/query/resolutions");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        (Duration::from_millis(500)..Duration::from_secs(4)).contains(&took),
        "the fifth connection was answered after {took:?}, not after the idle ones timed out"
    );
    drop(idle);
}

#[test]
fn more_queries_than_run_at_once_wait_for_a_slot_instead_of_failing() {
    let _heavy = util::heavy();
    let dir = util::scratch();
    let server = util::serve(dir.path(), &["--timeout", "20"]);
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
