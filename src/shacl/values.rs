//! Literal values as SHACL Core reads them: whether a literal is well formed for its datatype
//! (`sh:datatype`), how two literals compare (`sh:minInclusive`, `sh:lessThan`, …) and
//! language ranges (`sh:languageIn`). Lexical forms are parsed by oxsdatatypes, the XML Schema
//! types library oxigraph uses.

use crate::vocab::{rdf, xsd};
use oxigraph::model::{LiteralRef, NamedNodeRef, TermRef};
use oxsdatatypes::{
    Boolean, Date, DateTime, DayTimeDuration, Decimal, Double, Duration, Float, GDay, GMonth,
    GMonthDay, GYear, GYearMonth, Time, YearMonthDuration,
};
use std::cmp::Ordering;
use std::str::FromStr;

/// The integer types derived from `xsd:integer`, with their bounds.
const INTEGERS: [(NamedNodeRef<'static>, i128, i128); 13] = [
    (xsd::INTEGER, i128::MIN, i128::MAX),
    (xsd::NON_NEGATIVE_INTEGER, 0, i128::MAX),
    (xsd::POSITIVE_INTEGER, 1, i128::MAX),
    (xsd::NON_POSITIVE_INTEGER, i128::MIN, 0),
    (xsd::NEGATIVE_INTEGER, i128::MIN, -1),
    (xsd::LONG, i64::MIN as i128, i64::MAX as i128),
    (xsd::INT, i32::MIN as i128, i32::MAX as i128),
    (xsd::SHORT, i16::MIN as i128, i16::MAX as i128),
    (xsd::BYTE, i8::MIN as i128, i8::MAX as i128),
    (xsd::UNSIGNED_LONG, 0, u64::MAX as i128),
    (xsd::UNSIGNED_INT, 0, u32::MAX as i128),
    (xsd::UNSIGNED_SHORT, 0, u16::MAX as i128),
    (xsd::UNSIGNED_BYTE, 0, u8::MAX as i128),
];

/// The bounds of an integer datatype, if `datatype` is one.
fn integer_bounds(datatype: NamedNodeRef<'_>) -> Option<(i128, i128)> {
    INTEGERS
        .iter()
        .find(|(d, _, _)| *d == datatype)
        .map(|(_, min, max)| (*min, *max))
}

/// Whether `lexical` is an integer's lexical form (`[+-]?[0-9]+`).
fn is_integer_lexical(lexical: &str) -> bool {
    let digits = lexical.strip_prefix(['+', '-']).unwrap_or(lexical);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `literal` is well formed for its datatype: a lexical form the datatype allows (the
/// XML Schema types SHACL tests use, integer types with their ranges), a language tag exactly
/// when it is an `rdf:langString`. A datatype resgraph does not know is taken as well formed.
pub(super) fn well_formed(literal: LiteralRef<'_>) -> bool {
    let (d, v) = (literal.datatype(), literal.value());
    if d == rdf::LANG_STRING {
        return literal.language().is_some();
    }
    if let Some((min, max)) = integer_bounds(d) {
        if !is_integer_lexical(v) {
            return false;
        }
        // Beyond i128 only xsd:integer itself (unbounded) is still well formed.
        return match v.parse::<i128>() {
            Ok(n) => (min..=max).contains(&n),
            Err(_) => d == xsd::INTEGER,
        };
    }
    if d == xsd::BOOLEAN {
        Boolean::from_str(v).is_ok()
    } else if d == xsd::DECIMAL {
        Decimal::from_str(v).is_ok()
    } else if d == xsd::DOUBLE {
        Double::from_str(v).is_ok()
    } else if d == xsd::FLOAT {
        Float::from_str(v).is_ok()
    } else if d == xsd::DATE_TIME {
        DateTime::from_str(v).is_ok()
    } else if d == xsd::DATE {
        Date::from_str(v).is_ok()
    } else if d == xsd::TIME {
        Time::from_str(v).is_ok()
    } else if d == xsd::G_YEAR {
        GYear::from_str(v).is_ok()
    } else if d == xsd::G_YEAR_MONTH {
        GYearMonth::from_str(v).is_ok()
    } else if d == xsd::G_MONTH {
        GMonth::from_str(v).is_ok()
    } else if d == xsd::G_DAY {
        GDay::from_str(v).is_ok()
    } else if d == xsd::G_MONTH_DAY {
        GMonthDay::from_str(v).is_ok()
    } else if d == xsd::DURATION {
        Duration::from_str(v).is_ok()
    } else if d == xsd::DAY_TIME_DURATION {
        DayTimeDuration::from_str(v).is_ok()
    } else if d == xsd::YEAR_MONTH_DURATION {
        YearMonthDuration::from_str(v).is_ok()
    } else {
        true
    }
}

/// A literal's value, as far as comparisons go.
enum Value {
    Decimal(Decimal),
    Double(Double),
    DateTime(DateTime),
    Date(Date),
    Time(Time),
    String(String, Option<String>),
}

fn value(literal: LiteralRef<'_>) -> Option<Value> {
    let (d, v) = (literal.datatype(), literal.value());
    if !well_formed(literal) {
        return None;
    }
    if integer_bounds(d).is_some() || d == xsd::DECIMAL {
        return Decimal::from_str(v)
            .ok()
            .map(Value::Decimal)
            .or_else(|| Double::from_str(v).ok().map(Value::Double));
    }
    Some(if d == xsd::DOUBLE || d == xsd::FLOAT {
        Value::Double(Double::from_str(v).ok()?)
    } else if d == xsd::DATE_TIME {
        Value::DateTime(DateTime::from_str(v).ok()?)
    } else if d == xsd::DATE {
        Value::Date(Date::from_str(v).ok()?)
    } else if d == xsd::TIME {
        Value::Time(Time::from_str(v).ok()?)
    } else if d == xsd::STRING || d == rdf::LANG_STRING {
        Value::String(v.to_owned(), literal.language().map(str::to_owned))
    } else {
        return None;
    })
}

/// How `a` compares with `b` as SPARQL's `<` would: numbers with numbers, dates and times
/// with their kind, strings with strings of the same language; none when they do not compare
/// (then the constraint is broken).
pub(super) fn compare(a: TermRef<'_>, b: TermRef<'_>) -> Option<Ordering> {
    let (TermRef::Literal(a), TermRef::Literal(b)) = (a, b) else {
        return None;
    };
    let as_double = |v: &Value| match v {
        Value::Decimal(d) => Some(Double::from(*d)),
        Value::Double(d) => Some(*d),
        _ => None,
    };
    match (value(a)?, value(b)?) {
        (Value::Decimal(x), Value::Decimal(y)) => x.partial_cmp(&y),
        (
            x @ (Value::Decimal(_) | Value::Double(_)),
            y @ (Value::Decimal(_) | Value::Double(_)),
        ) => as_double(&x)?.partial_cmp(&as_double(&y)?),
        (Value::DateTime(x), Value::DateTime(y)) => x.partial_cmp(&y),
        (Value::Date(x), Value::Date(y)) => x.partial_cmp(&y),
        (Value::Time(x), Value::Time(y)) => x.partial_cmp(&y),
        (Value::String(x, lx), Value::String(y, ly)) if lx == ly => x.partial_cmp(&y),
        _ => None,
    }
}

/// Whether language tag `tag` matches language range `range` (RFC 4647 basic filtering, as
/// SPARQL's `langMatches`).
pub(super) fn langmatches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    let (tag, range) = (tag.to_ascii_lowercase(), range.to_ascii_lowercase());
    tag == range
        || tag
            .strip_prefix(&range)
            .is_some_and(|rest| rest.starts_with('-'))
}
