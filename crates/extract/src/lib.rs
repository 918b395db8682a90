//! atlas-extract (being written)
