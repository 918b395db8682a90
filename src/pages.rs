//! One routed page per file.

pub mod asset;
pub mod doc;
pub mod home;
pub mod not_found;
