//! A progress bar on standard error (indicatif), shown only when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A bar that counts up to `total` with `template`, or nothing when `quiet` or when standard
/// error is not a terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar of `total` units drawn with the indicatif `template`.
    pub fn new(quiet: bool, total: u64, template: &str) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(total);
        bar.set_style(ProgressStyle::with_template(template).expect("a valid progress template"));
        Progress(Some(bar))
    }

    /// Moves the bar to `position`, with `message` beside it.
    pub fn update(&self, position: u64, message: String) {
        if let Some(bar) = &self.0 {
            bar.set_position(position);
            bar.set_message(message);
        }
    }

    /// Whether no bar is drawn (quiet, or standard error is not a terminal).
    pub fn is_hidden(&self) -> bool {
        self.0.is_none()
    }

    /// Sets the bar's total.
    pub fn set_length(&self, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
        }
    }

    /// Removes the bar.
    pub fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
