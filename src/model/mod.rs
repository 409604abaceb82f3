//! The model every stage shares: records, concept schemes and the checked values in them.

mod record;
mod value;

pub use record::*;
pub use value::*;
