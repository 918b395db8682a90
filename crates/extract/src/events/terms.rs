//! Money terms of a deal: upfront, milestones, total, currency and territory, from the deal
//! sentence or the one right after it.

use std::sync::LazyLock;

use atlas_model::{DealTerms, Event};
use regex::Regex;

use crate::doc::Ctx;
use crate::text::parse_num;

static MONEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<cur>US\$|USD|\$|RMB|CNY|EUR|€|£|GBP|HK\$)\s?(?P<num>\d+(?:[.,]\d+)?)\s?(?P<scale>million|billion|bn|mn|m|b)(?-u:\b)")
        .expect("valid")
});

static TERRITORY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)((?:worldwide|globally)\s+(?:other\s+than|outside(?:\s+of)?|excluding|except)\s+(?:[^,;.]|\.[A-Z]|[A-Z]\.)+|outside\s+(?:of\s+)?(?:Greater\s+|mainland\s+)?China|in\s+(?:the\s+)?(?:U\.S\.|United\s+States|Greater\s+China|mainland\s+China|Japan|Europe)|ex-China|globally|worldwide)")
        .expect("valid")
});

static TERMS_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)upfront|up-front|milestone|royalt|deal\s+value|payment").expect("valid")
});

/// Whether a sentence only carries terms of a deal stated just before it.
pub(super) fn terms_only(ut: &str) -> bool {
    MONEY_RE.is_match(ut) && TERMS_WORD_RE.is_match(ut)
}

/// Add the money terms of a sentence that follows a deal to the deal's drafts.
pub(super) fn add_terms(ctx: &mut Ctx, base: usize, ut: &str, drafts: &mut [Event], idx: &[usize]) {
    let mut terms = DealTerms::default();
    read_terms(ctx, base, ut, &mut terms);
    let evidence = ctx.evidence(base, base + ut.len());
    for i in idx {
        let Some(d) = drafts.get_mut(*i) else {
            continue;
        };
        let t = d.terms.get_or_insert_with(DealTerms::default);
        t.upfront = t.upfront.or(terms.upfront);
        t.milestones = t.milestones.or(terms.milestones);
        t.total = t.total.or(terms.total);
        t.currency = t.currency.take().or(terms.currency.clone());
        d.evidence.push(evidence.clone());
    }
}

/// Money terms of a deal sentence: upfront, milestones, total and currency, each amount
/// classified by the nearest keyword ("upfront payment of US$120 million", "up to $1.1
/// billion in milestones", "total deal value could reach $610 million").
fn read_terms(ctx: &mut Ctx, base: usize, ut: &str, terms: &mut DealTerms) {
    for c in MONEY_RE.captures_iter(ut) {
        let (Some(whole), Some(num), Some(cur), Some(scale)) =
            (c.get(0), c.name("num"), c.name("cur"), c.name("scale"))
        else {
            continue;
        };
        let Some(v) = parse_num(num.as_str()) else {
            continue;
        };
        let mult = match scale.as_str().to_lowercase().as_str() {
            "billion" | "bn" | "b" => 1e9,
            _ => 1e6,
        };
        let value = v * mult;
        let before = ut
            .get(whole.start().saturating_sub(40)..whole.start())
            .unwrap_or("")
            .to_lowercase();
        let after = ut
            .get(whole.end()..(whole.end() + 60).min(ut.len()))
            .unwrap_or("")
            .to_lowercase();
        let after = after.trim_start();
        let upfront = before.contains("upfront")
            || before.contains("up-front")
            || after.starts_with("upfront")
            || after.starts_with("up-front")
            || after.starts_with("in upfront");
        if upfront && !after.starts_with("in milestone") {
            terms.upfront.get_or_insert(value);
        } else if after.contains("milestone") || before.contains("milestone") {
            terms.milestones.get_or_insert(value);
        } else {
            terms.total.get_or_insert(value);
        }
        terms.currency = Some(
            match cur.as_str().to_uppercase().as_str() {
                "RMB" | "CNY" => "CNY",
                "EUR" | "€" => "EUR",
                "£" | "GBP" => "GBP",
                "HK$" => "HKD",
                _ => "USD",
            }
            .to_owned(),
        );
        ctx.mark_used(base + num.start(), base + num.end());
    }
}

/// The terms a deal sentence states: its kind, the widest territory it names, money terms.
pub(super) fn deal_terms(ctx: &mut Ctx, base: usize, ut: &str, deal_type: &str) -> DealTerms {
    let mut terms = DealTerms {
        deal_type: Some(deal_type.to_owned()),
        territory: TERRITORY_RE
            .find_iter(ut)
            .max_by_key(|m| m.as_str().len())
            .map(|m| m.as_str().trim_end_matches('.').to_owned()),
        ..DealTerms::default()
    };
    read_terms(ctx, base, ut, &mut terms);
    terms
}
