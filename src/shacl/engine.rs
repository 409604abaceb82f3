//! Evaluating [`Shapes`] over a dataset: each constraint becomes one SPARQL query that selects
//! the focus nodes (and value nodes) that break it.

use super::report::{shorten, shorten_term, Report, ValidationResult};
use super::shapes::{target_pattern, Constraint, Shape, Shapes};
use crate::error::{Error, Result};
use crate::vocab::{rdf, rdfs, sh, xsd};
use oxigraph::model::{Dataset, Literal, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::collections::HashMap;

impl Shapes {
    /// Validates the default graph of `data` against every shape that has a target.
    ///
    /// The data is an in-memory [`Dataset`], not an oxigraph `Store`: the store keeps derived
    /// integer types (`xsd:nonNegativeInteger`, …) as `xsd:integer`, which `sh:datatype`
    /// would then refuse.
    pub fn validate(&self, data: &Dataset) -> Result<Report> {
        let mut engine = Engine {
            shapes: self,
            data,
            conforms: HashMap::new(),
        };
        let mut results = Vec::new();
        for (i, shape) in self.shapes.iter().enumerate() {
            if shape.targets.is_empty() || shape.deactivated {
                continue;
            }
            let focus = target_pattern(&shape.targets);
            engine.validate_shape(i, &focus, &mut results, 0)?;
        }
        results.sort();
        results.dedup();
        Ok(Report { results })
    }
}

/// Evaluates shapes over one store.
struct Engine<'a> {
    shapes: &'a Shapes,
    data: &'a Dataset,
    conforms: HashMap<(Term, usize), bool>,
}

/// Nesting deeper than this (through `sh:node` and the like) is taken as a cycle.
const MAX_DEPTH: usize = 32;

impl Engine<'_> {
    fn select(&self, shape: &Shape, sparql: &str) -> Result<Vec<Vec<Option<Term>>>> {
        let fail = |message: String| Error::Query {
            name: format!("SHACL query for shape {}", shorten_term(&shape.id)),
            message,
        };
        let results = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| fail(format!("{e} in {sparql}")))?
            .on_queryable_dataset(self.data)
            .execute()
            .map_err(|e| fail(e.to_string()))?;
        let QueryResults::Solutions(solutions) = results else {
            unreachable!("SHACL queries are SELECT queries")
        };
        let variables = solutions.variables().to_vec();
        let mut rows = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(|e| fail(e.to_string()))?;
            rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
        }
        Ok(rows)
    }

    /// Adds to `results` what shape `index` finds wrong with the focus nodes bound by `focus`.
    fn validate_shape(
        &mut self,
        index: usize,
        focus: &str,
        results: &mut Vec<ValidationResult>,
        depth: usize,
    ) -> Result<()> {
        let shapes = self.shapes;
        let shape = &shapes.shapes[index];
        if shape.deactivated {
            return Ok(());
        }
        if depth > MAX_DEPTH {
            return Err(Error::Query {
                name: format!("shape {}", shorten_term(&shape.id)),
                message: "shapes refer to each other in a cycle".into(),
            });
        }
        let path = shape.path.as_ref().map(|p| p.sparql(false));
        let values = match &path {
            Some(p) => format!("?this {p} ?value ."),
            None => "BIND(?this AS ?value)".to_owned(),
        };
        let violating = |filter: String| {
            format!("SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} FILTER({filter}) }}")
        };
        for constraint in &shape.constraints {
            let mut found: Vec<(Term, Option<Term>)> = Vec::new();
            let mut pairs = |engine: &Self, sparql: String| -> Result<()> {
                for row in engine.select(shape, &sparql)? {
                    let mut row = row.into_iter();
                    if let Some(Some(this)) = row.next() {
                        found.push((this, row.next().flatten()));
                    }
                }
                Ok(())
            };
            match constraint {
                Constraint::Class(c) => pairs(
                    self,
                    violating(format!(
                        "NOT EXISTS {{ ?value {}/{}* {c} }}",
                        rdf::TYPE,
                        rdfs::SUB_CLASS_OF
                    )),
                )?,
                Constraint::Datatype(d) => {
                    // The datatype is compared on the terms themselves: SPARQL's datatype()
                    // gives xsd:integer for every derived integer type.
                    let castable = [
                        xsd::DATE,
                        xsd::DATE_TIME,
                        xsd::INTEGER,
                        xsd::DECIMAL,
                        xsd::BOOLEAN,
                        xsd::DOUBLE,
                        xsd::FLOAT,
                    ]
                    .contains(&d.as_ref());
                    // An ill-formed literal of the datatype does not conform either.
                    let well_formed = if castable {
                        format!("COALESCE(isLiteral({d}(STR(?value))), false)")
                    } else {
                        "true".to_owned()
                    };
                    for row in self.select(
                        shape,
                        &format!(
                            "SELECT DISTINCT ?this ?value ?ok WHERE {{ {focus} {values} \
                             BIND({well_formed} AS ?ok) }}"
                        ),
                    )? {
                        let [Some(this), Some(value), ok] = &row[..] else {
                            continue;
                        };
                        let fits = matches!(value, Term::Literal(l) if l.datatype() == d.as_ref())
                            && matches!(ok, Some(Term::Literal(b)) if b.value() == "true");
                        if !fits {
                            found.push((this.clone(), Some(value.clone())));
                        }
                    }
                }
                Constraint::NodeKind(kind) => {
                    let k = kind.as_ref();
                    let ok = if k == sh::IRI {
                        "isIRI(?value)"
                    } else if k == sh::BLANK_NODE {
                        "isBlank(?value)"
                    } else if k == sh::LITERAL {
                        "isLiteral(?value)"
                    } else if k == sh::BLANK_NODE_OR_IRI {
                        "(isBlank(?value) || isIRI(?value))"
                    } else if k == sh::BLANK_NODE_OR_LITERAL {
                        "(isBlank(?value) || isLiteral(?value))"
                    } else if k == sh::IRI_OR_LITERAL {
                        "(isIRI(?value) || isLiteral(?value))"
                    } else {
                        return Err(Error::Query {
                            name: format!("shape {}", shorten_term(&shape.id)),
                            message: format!("{kind} is not a SHACL node kind"),
                        });
                    };
                    pairs(self, violating(format!("!{ok}")))?
                }
                Constraint::MinCount(n) => {
                    let optional = match &path {
                        Some(p) => format!("OPTIONAL {{ ?this {p} ?value }}"),
                        None => "BIND(?this AS ?value)".to_owned(),
                    };
                    pairs(
                        self,
                        format!(
                            "SELECT ?this WHERE {{ {focus} {optional} }} GROUP BY ?this \
                             HAVING(COUNT(DISTINCT ?value) < {n})"
                        ),
                    )?
                }
                Constraint::MaxCount(n) => pairs(
                    self,
                    format!(
                        "SELECT ?this WHERE {{ {focus} {values} }} GROUP BY ?this \
                         HAVING(COUNT(DISTINCT ?value) > {n})"
                    ),
                )?,
                Constraint::MinLength(n) => pairs(
                    self,
                    violating(format!("isBlank(?value) || STRLEN(STR(?value)) < {n}")),
                )?,
                Constraint::MaxLength(n) => pairs(
                    self,
                    violating(format!("isBlank(?value) || STRLEN(STR(?value)) > {n}")),
                )?,
                Constraint::Pattern(pattern, flags) => {
                    let pattern = Literal::new_simple_literal(pattern);
                    let flags = Literal::new_simple_literal(flags);
                    pairs(
                        self,
                        violating(format!(
                            "isBlank(?value) || !REGEX(STR(?value), {pattern}, {flags})"
                        )),
                    )?
                }
                Constraint::LanguageIn(tags) => {
                    let any: Vec<String> = tags
                        .iter()
                        .map(|t| {
                            format!(
                                "langMatches(lang(?value), {})",
                                Literal::new_simple_literal(t)
                            )
                        })
                        .collect();
                    let any = if any.is_empty() {
                        "false".to_owned()
                    } else {
                        any.join(" || ")
                    };
                    pairs(self, violating(format!("!isLiteral(?value) || !({any})")))?
                }
                Constraint::UniqueLang => pairs(
                    self,
                    format!(
                        "SELECT DISTINCT ?this WHERE {{ {focus} {values} \
                         FILTER(isLiteral(?value) && lang(?value) != \"\") }} \
                         GROUP BY ?this (lang(?value) AS ?language) HAVING(COUNT(DISTINCT ?value) > 1)"
                    ),
                )?,
                Constraint::In(allowed) => {
                    let filter = if allowed.is_empty() {
                        "true".to_owned()
                    } else {
                        let any: Vec<String> = allowed
                            .iter()
                            .map(|t| sparql_term(shape, t).map(|t| format!("sameTerm(?value, {t})")))
                            .collect::<Result<_>>()?;
                        format!("!({})", any.join(" || "))
                    };
                    pairs(self, violating(filter))?
                }
                Constraint::HasValue(v) => {
                    let v = sparql_term(shape, v)?;
                    let present = match &path {
                        Some(p) => format!("?this {p} {v}"),
                        None => format!("FILTER(sameTerm(?this, {v}))"),
                    };
                    pairs(
                        self,
                        format!("SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {present} }} }}"),
                    )?
                }
                Constraint::Closed(allowed) => {
                    let mut filter = String::from("true");
                    for p in allowed {
                        filter.push_str(&format!(" && ?predicate != {p}"));
                    }
                    for row in self.select(
                        shape,
                        &format!(
                            "SELECT DISTINCT ?this ?value ?predicate WHERE {{ {focus} \
                             ?this ?predicate ?value FILTER({filter}) }}"
                        ),
                    )? {
                        if let [Some(this), value, _] = &row[..] {
                            found.push((this.clone(), value.clone()));
                        }
                    }
                }
                Constraint::Property(p) => {
                    self.validate_shape(*p, focus, results, depth + 1)?;
                }
                Constraint::Node(_)
                | Constraint::Or(_)
                | Constraint::And(_)
                | Constraint::Not(_)
                | Constraint::Xone(_) => {
                    for row in self.select(
                        shape,
                        &format!("SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} }}"),
                    )? {
                        let (Some(this), Some(value)) = (&row[0], &row[1]) else {
                            continue;
                        };
                        let mut check = |s: usize| self.conforms_to(value, s, depth + 1);
                        let ok = match constraint {
                            Constraint::Node(s) => check(*s)?,
                            Constraint::Not(s) => !check(*s)?,
                            Constraint::Or(members) => {
                                let mut any = false;
                                for s in members {
                                    if check(*s)? {
                                        any = true;
                                        break;
                                    }
                                }
                                any
                            }
                            Constraint::And(members) => {
                                let mut all = true;
                                for s in members {
                                    if !check(*s)? {
                                        all = false;
                                        break;
                                    }
                                }
                                all
                            }
                            Constraint::Xone(members) => {
                                let mut n = 0;
                                for s in members {
                                    if check(*s)? {
                                        n += 1;
                                    }
                                }
                                n == 1
                            }
                            _ => unreachable!("matched above"),
                        };
                        if !ok {
                            found.push((this.clone(), Some(value.clone())));
                        }
                    }
                }
            }
            let counted = matches!(
                constraint,
                Constraint::MinCount(_)
                    | Constraint::MaxCount(_)
                    | Constraint::UniqueLang
                    | Constraint::HasValue(_)
            );
            for (this, value) in found {
                results.push(ValidationResult {
                    severity: shape.severity,
                    focus: this.to_string(),
                    path: shape.path.as_ref().map(|p| p.sparql(true)),
                    value: if counted {
                        None
                    } else {
                        value.map(|v| v.to_string())
                    },
                    component: constraint.component().to_owned(),
                    shape: shorten_term(&shape.id),
                    message: shape
                        .message
                        .clone()
                        .unwrap_or_else(|| default_message(constraint, shapes)),
                });
            }
        }
        Ok(())
    }

    /// Whether `node` conforms to shape `index` (has no validation result of any severity).
    fn conforms_to(&mut self, node: &Term, index: usize, depth: usize) -> Result<bool> {
        let key = (node.clone(), index);
        if let Some(&known) = self.conforms.get(&key) {
            return Ok(known);
        }
        let focus = format!(
            "VALUES ?this {{ {} }}",
            sparql_term(&self.shapes.shapes[index], node)?
        );
        let mut results = Vec::new();
        self.validate_shape(index, &focus, &mut results, depth)?;
        let conforms = results.is_empty();
        self.conforms.insert(key, conforms);
        Ok(conforms)
    }
}

/// A term in SPARQL syntax; blank nodes cannot be named in a query.
fn sparql_term(shape: &Shape, term: &Term) -> Result<String> {
    match term {
        Term::BlankNode(_) => Err(Error::Query {
            name: format!("shape {}", shorten_term(&shape.id)),
            message: "resgraph's SHACL engine cannot check nested shapes or sh:in/sh:hasValue \
                      on blank nodes (resgraph's graphs have none)"
                .into(),
        }),
        other => Ok(other.to_string()),
    }
}

/// What a constraint asks, when its shape gives no `sh:message`.
fn default_message(constraint: &Constraint, shapes: &Shapes) -> String {
    let name = |i: &usize| shorten_term(&shapes.shapes[*i].id);
    let names = |v: &[usize]| v.iter().map(name).collect::<Vec<_>>().join(", ");
    match constraint {
        Constraint::Class(c) => format!("the value is not an instance of {}", shorten(c.as_ref())),
        Constraint::Datatype(d) => format!(
            "the value is not a well-formed {} literal",
            shorten(d.as_ref())
        ),
        Constraint::NodeKind(k) => format!("the value is not of node kind {}", shorten(k.as_ref())),
        Constraint::MinCount(n) => format!("fewer than {n} values"),
        Constraint::MaxCount(n) => format!("more than {n} values"),
        Constraint::MinLength(n) => format!("the value is shorter than {n} characters"),
        Constraint::MaxLength(n) => format!("the value is longer than {n} characters"),
        Constraint::Pattern(p, _) => format!("the value does not match {p:?}"),
        Constraint::LanguageIn(tags) => {
            format!("the language tag is not one of {}", tags.join(", "))
        }
        Constraint::UniqueLang => "two values have the same language tag".to_owned(),
        Constraint::In(v) => format!(
            "the value is not one of {}",
            v.iter().map(shorten_term).collect::<Vec<_>>().join(", ")
        ),
        Constraint::HasValue(v) => format!("the value {} is missing", shorten_term(v)),
        Constraint::Node(s) => format!("the value does not conform to {}", name(s)),
        Constraint::Property(s) => format!("see {}", name(s)),
        Constraint::Or(v) => format!("the value conforms to none of {}", names(v)),
        Constraint::And(v) => format!("the value does not conform to all of {}", names(v)),
        Constraint::Not(s) => format!("the value conforms to {}", name(s)),
        Constraint::Xone(v) => format!("the value does not conform to exactly one of {}", names(v)),
        Constraint::Closed(_) => "a property outside the shape's closed set".to_owned(),
    }
}
