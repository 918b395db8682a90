//! One routed page per file.

pub mod asset;
pub mod changes;
pub mod compare;
pub mod curate;
pub mod doc;
pub mod entity;
pub mod home;
pub mod landscape;
pub mod not_found;
pub mod timeline;
