//! Accept negotiation, and the media types of what a [`Site`](super::Site) writes.

use super::Reply;
use crate::publish::export::{write_quads, Format};
use crate::query::AnswerFormat;
use http::StatusCode;
use oxigraph::model::{GraphName, Quad, Triple};

/// SPARQL results formats, and the HTML table for browsers, by media type.
pub(super) const RESULTS_TYPES: &[&str] = &[
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "application/xml",
    "text/csv",
    "text/tab-separated-values",
    "text/html",
];

/// RDF formats for graphs, and HTML for browsers, by media type (`application/json` is
/// JSON-LD).
pub(super) const GRAPH_TYPES: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "text/html",
    "application/json",
];

/// The best of `offers` for the `Accept` header (`None` if none is acceptable). Without an
/// `Accept` header, the first offer. Ties go to the earlier offer.
pub(super) fn negotiate<'a>(accept: Option<&str>, offers: &[&'a str]) -> Option<&'a str> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offers.first().copied();
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let mut q = 1.0;
            for param in parts {
                if let Some(value) = param.trim().strip_prefix("q=") {
                    q = value.trim().parse().unwrap_or(0.0);
                }
            }
            Some((media, q))
        })
        .collect();
    let quality = |offer: &str| -> f32 {
        let (kind, _) = offer.split_once('/').unwrap_or((offer, ""));
        let mut best: Option<(u8, f32)> = None;
        for (media, q) in &ranges {
            let specificity = if media == offer {
                3
            } else if media.strip_suffix("/*") == Some(kind) {
                2
            } else if media == "*/*" {
                1
            } else {
                continue;
            };
            if best.is_none_or(|(s, _)| specificity > s) {
                best = Some((specificity, *q));
            }
        }
        best.map_or(0.0, |(_, q)| q)
    };
    let mut chosen: Option<(&str, f32)> = None;
    for offer in offers {
        let q = quality(offer);
        if q > 0.0 && chosen.is_none_or(|(_, best)| q > best) {
            chosen = Some((offer, q));
        }
    }
    chosen.map(|(offer, _)| offer)
}

/// 406, naming what could have been asked for.
pub(super) fn not_acceptable(offers: &[&str]) -> Reply {
    Reply::text(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "no format you accept is available; ask for one of {}",
            offers.join(", ")
        ),
    )
}

/// The RDF export format for a graph media type.
pub(super) fn graph_format(media: &str) -> Option<Format> {
    match media {
        "text/turtle" => Some(Format::Ttl),
        "application/n-triples" => Some(Format::Nt),
        "application/rdf+xml" => Some(Format::Rdf),
        "application/ld+json" | "application/json" => Some(Format::Jsonld),
        _ => None,
    }
}

/// The SPARQL results format for a results media type (none for `text/html`).
pub(super) fn results_format(media: &str) -> Option<AnswerFormat> {
    match media {
        "application/sparql-results+json" | "application/json" => Some(AnswerFormat::Json),
        "application/sparql-results+xml" | "application/xml" => Some(AnswerFormat::Xml),
        "text/csv" => Some(AnswerFormat::Csv),
        "text/tab-separated-values" => Some(AnswerFormat::Tsv),
        _ => None,
    }
}

/// The `Content-Type` of an RDF format.
pub(super) fn media_type(format: Format) -> &'static str {
    match format {
        Format::Ttl => "text/turtle; charset=utf-8",
        Format::Nt => "application/n-triples",
        Format::Nq => "application/n-quads",
        Format::Trig => "application/trig",
        Format::Rdf => "application/rdf+xml",
        Format::Jsonld => "application/ld+json",
    }
}

/// The `Content-Type` of a SPARQL results format.
pub(super) fn results_media_type(format: AnswerFormat) -> &'static str {
    match format {
        AnswerFormat::Json => "application/sparql-results+json",
        AnswerFormat::Xml => "application/sparql-results+xml",
        AnswerFormat::Csv => "text/csv; charset=utf-8",
        AnswerFormat::Tsv => "text/tab-separated-values; charset=utf-8",
        AnswerFormat::Table => "text/plain; charset=utf-8",
    }
}

/// Quads in an RDF format, sorted and with our prefixes.
pub(super) fn quads_reply(quads: &[Quad], format: Format) -> Reply {
    let mut out = Vec::new();
    match write_quads(quads, format, &mut out) {
        Ok(_) => Reply::new(StatusCode::OK, media_type(format), out),
        Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// A graph in an RDF format, sorted and with our prefixes.
pub(super) fn graph_reply(triples: &[Triple], format: Format) -> Reply {
    let quads: Vec<Quad> = triples
        .iter()
        .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
        .collect();
    quads_reply(&quads, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_quality_then_offer_order() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(negotiate(Some(browser), RESULTS_TYPES), Some("text/html"));
        assert_eq!(negotiate(Some(browser), GRAPH_TYPES), Some("text/html"));
        assert_eq!(
            negotiate(Some("*/*"), RESULTS_TYPES),
            Some("application/sparql-results+json")
        );
        assert_eq!(negotiate(None, GRAPH_TYPES), Some("text/turtle"));
        assert_eq!(
            negotiate(Some("text/*;q=0.5, application/n-triples"), GRAPH_TYPES),
            Some("application/n-triples")
        );
        assert_eq!(negotiate(Some("image/png"), GRAPH_TYPES), None);
        assert_eq!(negotiate(Some("text/turtle;q=0"), &["text/turtle"]), None);
    }
}
