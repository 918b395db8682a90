//! Reusable pieces of the pages.

pub mod endpoint;
pub mod header;
pub mod nav;
pub mod source;
