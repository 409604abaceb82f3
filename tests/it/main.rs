//! The integration tests, in one binary (as ripgrep has them): one module per subject, all
//! built and linked once. `cargo test --test it` runs them all, `cargo test --test it serve::`
//! the tests of one module, and `cargo test --test it -- --include-ignored` also the tests that
//! need tools from outside the repository (see `util.rs`). Fixtures are in `tests/fixtures/`,
//! pySHACL's driver in `tests/support/`.

mod util;

mod bad_input;
mod browse;
mod browser;
mod build;
mod catalogue;
mod cli;
mod crash;
mod docs;
mod eval;
mod eval_real;
mod frozen;
mod hostile;
mod kinds;
mod mappings;
mod ontology;
mod order;
mod paths;
mod properties;
mod push;
mod serve;
mod shacl_suite;
mod store;
mod stream;
mod validate;
