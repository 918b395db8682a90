//! atlas-stats (being written)
