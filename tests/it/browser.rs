//! A real headless Chromium, driven over W3C WebDriver by Debian's chromedriver on a loopback
//! port: open the home page, run a stored query from the form, read the result table, open a
//! resolution's page; browse real records by a facet, search them and open one. Screenshots go to target/tmp/browser-*.png.

use crate::util::{
    encode, free_port, get, heavy, http, need_chromium, resgraph, scratch, serve, Guard,
};
use serde_json::{json, Value};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The W3C name of an element reference in WebDriver JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A WebDriver session; deleted (closing Chromium) before chromedriver is stopped.
struct Browser {
    session: String,
    _driver: Guard,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Guard {
            child,
            name: "chromedriver",
        };
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1200,1600",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let reply = call(&base, "POST", "/session", Some(capabilities));
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_owned();
        Browser {
            session: format!("{base}/session/{session}"),
            _driver: driver,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let value = call(&self.session, method, path, body);
        assert!(
            value["value"].get("error").is_none(),
            "{method} {path}: {value}"
        );
        value["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Finds elements by CSS selector, waiting up to 10 s for at least one.
    fn find_all(&self, css: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let found = self.call(
                "POST",
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            );
            let ids: Vec<String> = found
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e[ELEMENT].as_str().unwrap().to_owned())
                .collect();
            if !ids.is_empty() {
                return ids;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no element matches {css}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, css: &str) -> String {
        self.find_all(css).remove(0)
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn click(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Clicks a link or a submit button, then waits until the browser has left the page, so
    /// that what is found next is on the new page (a click does not wait for the navigation).
    fn follow(&self, element: &str) {
        let page = self.find("html");
        self.click(element);
        let started = Instant::now();
        let path = format!("/element/{page}/name");
        while call(&self.session, "GET", &path, None)["value"]
            .get("error")
            .is_none()
        {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the page did not change"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn title(&self) -> String {
        self.call("GET", "/title", None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn screenshot(&self, name: &str) {
        use base64::Engine as _;
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        let path =
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        eprintln!("screenshot: {}", path.display());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = oxhttp::Client::new().request(
            oxhttp::model::Request::builder()
                .method("DELETE")
                .uri(&self.session)
                .body(oxhttp::model::Body::empty())
                .unwrap(),
        );
    }
}

/// One WebDriver command: JSON in, JSON out.
fn call(base: &str, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let reply = http(
        method,
        &format!("{base}{path}"),
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{path}: {e}: {}", reply.body))
}

#[test]
#[ignore = "needs chromium and chromedriver"]
fn a_browser_runs_a_stored_query_from_the_form_and_opens_a_resolution() {
    need_chromium();
    let _heavy = heavy();
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let browser = Browser::start();

    browser.open(&format!("{}/", server.base_url));
    assert_eq!(browser.title(), "Home · resgraph");
    browser.screenshot("home");

    // Choose the stored query in the form (its text fills the text area), then run it.
    browser.click(&browser.find("#stored-query option[value=obligations]"));
    let textarea = browser.find("#query");
    let filled = browser.call("GET", &format!("/element/{textarea}/property/value"), None);
    assert_eq!(
        filled.as_str().unwrap(),
        std::fs::read_to_string(dir.path().join("queries/obligations.rq")).unwrap()
    );
    browser.click(&browser.find("#run"));
    browser.find("#results");
    assert_eq!(browser.title(), "Query results · resgraph");
    browser.screenshot("results");

    // The table says what `resgraph query obligations --format csv` says, cell by cell.
    let csv = resgraph(dir.path(), &["query", "obligations", "--format", "csv"]);
    let mut expected = csv.stdout.lines();
    let header: Vec<String> = browser
        .find_all("#results thead th")
        .iter()
        .map(|e| browser.text(e))
        .collect();
    assert_eq!(header.join(","), expected.next().unwrap());
    let rows = browser.find_all("#results tbody tr");
    assert_eq!(rows.len(), 2);
    let cells: Vec<String> = browser
        .find_all("#results tbody td")
        .iter()
        .map(|e| browser.text(e))
        .collect();
    assert_eq!(cells.len(), 2 * header.len());
    assert_eq!(cells[0], "S/RES/2331 (2016)");
    assert_eq!(cells[1], "United Nations agencies");
    assert_eq!(cells[3], "23");
    assert_eq!(cells[4], "Point 24");
    assert_eq!(
        cells[6],
        "https://w3id.org/resgraph/resolution/unsc/2016/2331/obligation/1"
    );
    assert_eq!(cells[7], "S/RES/2388 (2017)");
    assert_eq!(
        cells[10], "",
        "2388 has no paragraph: the catalogue gives none"
    );
    assert_eq!(browser.text(&browser.find("#row-count")), "2 rows");

    // A query with an error: the form page comes back with the error above the query, kept.
    let bad = "SELECT ?s WHERE { ?s ?p }";
    let textarea = browser.find("#query");
    browser.call(
        "POST",
        &format!("/element/{textarea}/clear"),
        Some(json!({})),
    );
    browser.call(
        "POST",
        &format!("/element/{textarea}/value"),
        Some(json!({ "text": bad })),
    );
    browser.click(&browser.find("#run"));
    let shown = browser.text(&browser.find("#query-error"));
    let page = get(
        &format!("{}/sparql?query={}", server.base_url, encode(bad)),
        "text/html",
    );
    assert_eq!(page.status, 400);
    let marker = "<p id=\"query-error\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let end = start + page.body[start..].find("</p>").unwrap();
    assert_eq!(shown, html_text(&page.body[start..end]));
    assert!(shown.starts_with("/sparql: "), "{shown}");
    let kept = browser.call(
        "GET",
        &format!("/element/{}/property/value", browser.find("#query")),
        None,
    );
    assert_eq!(kept.as_str().unwrap(), bad);
    browser.screenshot("query-error");

    // Open a resolution's page from the home page: 303 to its document, in HTML.
    browser.open(&format!("{}/", server.base_url));
    browser.follow(&browser.find("#instruments a[href='/resolution/unsc/2016/2331']"));
    let title = browser.find("#title");
    assert_eq!(
        browser.text(&title),
        "Resolution 2331 (2016) Maintenance of international peace and security"
    );
    let url = browser.call("GET", "/url", None);
    assert_eq!(
        url.as_str().unwrap(),
        format!("{}/doc/resolution/unsc/2016/2331", server.base_url)
    );
    let groups: Vec<String> = browser
        .find_all("#groups li")
        .iter()
        .map(|e| browser.text(e))
        .collect();
    assert_eq!(
        groups,
        [
            "Al-Shabaab",
            "Boko Haram",
            "Islamic State in Iraq and the Levant (also Da'esh; Da’esh; ISIL; ISIL/Da’esh)",
            "Lord’s Resistance Army (also Lord's Resistance Army)",
        ]
    );
    let quote = browser.text(&browser.find(".obligation blockquote"));
    assert_eq!(
        quote,
        "United Nations agencies are recommended at Point 24 of the Resolution to mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains."
    );
    browser.screenshot("resolution");

    // A neighbour: the group page, linked from the resolution.
    browser.follow(&browser.find("#groups a[href='/group/isil']"));
    assert_eq!(
        browser.text(&browser.find("h1")),
        "Islamic State in Iraq and the Levant"
    );

    // The catalog, from the link every page has: a page, not Turtle.
    browser.follow(&browser.find("a[href='/catalog']"));
    assert_eq!(browser.title(), "resgraph catalogue · resgraph");
    assert_eq!(
        browser
            .find_all("#distributions a[href^='/dump/resgraph.']")
            .len(),
        6
    );
    assert_eq!(
        browser.text(&browser.find("#distributions a[href='/dump/resgraph.ttl']")),
        "https://w3id.org/resgraph/dump/resgraph.ttl"
    );
    browser.screenshot("catalog");
}

#[test]
#[ignore = "needs chromium and chromedriver (.ci/run installs them)"]
fn a_browser_narrows_real_records_by_a_facet_searches_them_and_opens_one() {
    need_chromium();
    let _heavy = heavy();
    let dir = scratch();
    let data = crate::browse::real_catalogue(dir.path());
    let server = serve(dir.path(), &["--data", data.to_str().unwrap()]);
    let browser = Browser::start();
    let listed = |browser: &Browser| -> Vec<String> {
        browser
            .find_all("#instruments li > a")
            .iter()
            .map(|e| browser.text(e))
            .collect()
    };

    browser.open(&format!("{}/", server.base_url));
    browser.follow(&browser.find("#browse"));
    assert_eq!(browser.title(), "Instruments · resgraph");
    assert_eq!(
        browser.text(&browser.find("#matches")),
        "40 of 40 instruments"
    );

    // The issuing-body facet, with its count.
    let unsc =
        browser.find("#facet-body a[href='/instruments?body=United+Nations+Security+Council']");
    browser.follow(&unsc);
    assert_eq!(listed(&browser).len(), 7);
    browser.screenshot("facet");

    // A search within the facet keeps it.
    let search = browser.find("#q");
    browser.call(
        "POST",
        &format!("/element/{search}/value"),
        Some(json!({"text": "Boko Haram"})),
    );
    browser.follow(&browser.find("#search-run"));
    assert_eq!(
        browser.text(&browser.find("#matches")),
        "2 of 40 instruments with the words boko haram · Issuing body: United Nations Security \
         Council (remove)"
    );
    assert_eq!(listed(&browser), ["S/RES/2195 (2014)", "S/RES/2349 (2017)"]);
    browser.screenshot("search");

    // Open one: its page.
    browser.follow(&browser.find("#instruments a[href='/resolution/unsc/2017/2349']"));
    assert_eq!(
        browser.text(&browser.find("#title")),
        "Resolution 2349 (2017) Peace and security in Africa"
    );
}

/// The text of HTML that escapes only `&`, `<`, `>`, `"` and `'` (as maud does).
fn html_text(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
