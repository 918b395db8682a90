//! atlas-search (being written)
