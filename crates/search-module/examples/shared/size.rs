//! The one argument the size-driven examples take: how many synthetic assets (default 100,000).

pub fn assets_arg() -> usize {
    std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000)
}
