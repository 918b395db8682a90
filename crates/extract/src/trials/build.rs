#![allow(unused_imports)]
use super::*;

/// What makes two results of one arm the same report: endpoint, subgroup, value, time point.
pub(super) type ResultKey = (String, Option<String>, Option<u64>, Option<String>);

#[derive(Clone, Debug, Default)]
pub(super) struct ArmB {
    /// (endpoint, subgroup, value bits, timepoint) of results already read, for repeats.
    pub(super) seen: std::collections::HashSet<ResultKey>,
    pub(super) key: String,
    pub(super) label: String,
    pub(super) regimen: Option<String>,
    pub(super) n: Option<u32>,
    pub(super) evidence: Vec<Evidence>,
    pub(super) results: Vec<ArmResult>,
    pub(super) pooled: bool,
}

#[derive(Clone, Debug, Default)]
pub(super) struct TrialB {
    pub(super) trial: Trial,
    pub(super) arms: Vec<ArmB>,
    pub(super) cited: bool,
    /// The population a paragraph opened with ("In the AChR-Ab+ population, …"): its line.
    pub(super) population: Option<(usize, String)>,
}

impl TrialB {
    pub(super) fn arm(&mut self, key: &str, label: &str) -> &mut ArmB {
        let i = match self.arms.iter().position(|a| a.key == key) {
            Some(i) => i,
            None => {
                self.arms.push(ArmB {
                    key: key.to_owned(),
                    label: label.to_owned(),
                    ..ArmB::default()
                });
                self.arms.len() - 1
            }
        };
        &mut self.arms[i]
    }
}
