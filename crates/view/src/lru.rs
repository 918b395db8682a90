//! A least-recently-used map of a few entries: the viewer keeps the decoded shards of a large
//! atlas in one, so a session that visits many pages holds a bounded number of them.
//!
//! Hand-written over a `Vec` rather than taken from a crate: the app keeps about eight
//! entries, where a linear scan costs less than hashing, and the `lru` crate would link a hash
//! table and its linked list into the wasm, whose first-load size has a budget.

use std::borrow::Borrow;

/// At most `capacity` entries, least recently used first; [`Lru::get`] and [`Lru::insert`]
/// make an entry the most recent, and an insertion into a full map drops the least recent.
#[derive(Clone, Debug)]
pub struct Lru<K, V> {
    capacity: usize,
    /// Least recently used first.
    entries: Vec<(K, V)>,
}

impl<K: PartialEq, V> Lru<K, V> {
    /// An empty map that keeps at most `capacity` entries (none, for 0).
    pub const fn new(capacity: usize) -> Self {
        Lru {
            capacity,
            entries: Vec::new(),
        }
    }

    /// The value under `key`, which becomes the most recently used.
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: PartialEq + ?Sized,
    {
        let i = self.entries.iter().position(|(k, _)| k.borrow() == key)?;
        self.entries[i..].rotate_left(1);
        self.entries.last().map(|(_, v)| v)
    }

    /// Keep `value` under `key` as the most recently used entry, replacing what `key` held.
    /// Returns the entry this pushed out: the replaced one, else the least recently used when
    /// the map was full (or the new one itself, at capacity 0).
    pub fn insert(&mut self, key: K, value: V) -> Option<(K, V)> {
        let out = match self.entries.iter().position(|(k, _)| *k == key) {
            Some(i) => Some(self.entries.remove(i)),
            None if self.capacity == 0 => return Some((key, value)),
            None if self.entries.len() >= self.capacity => Some(self.entries.remove(0)),
            None => None,
        };
        self.entries.push((key, value));
        out
    }

    /// How many entries the map holds (at most its capacity).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys, least recently used first.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::Lru;
    use std::rc::Rc;

    fn keys<V>(lru: &Lru<&'static str, V>) -> Vec<&'static str> {
        lru.keys().copied().collect()
    }

    #[test]
    fn insertion_and_lookup() {
        let mut lru = Lru::new(3);
        assert!(lru.is_empty());
        assert_eq!(lru.insert("a", 1), None);
        assert_eq!(lru.insert("b", 2), None);
        assert_eq!(lru.get("a"), Some(&1));
        assert_eq!(lru.get("b"), Some(&2));
        assert_eq!(lru.get("c"), None);
        assert_eq!(lru.len(), 2);
    }

    #[test]
    fn a_hit_refreshes_recency() {
        let mut lru = Lru::new(3);
        for (k, v) in [("a", 1), ("b", 2), ("c", 3)] {
            lru.insert(k, v);
        }
        assert_eq!(keys(&lru), ["a", "b", "c"]);
        assert_eq!(lru.get("a"), Some(&1));
        assert_eq!(keys(&lru), ["b", "c", "a"]);
        // A miss changes nothing.
        assert_eq!(lru.get("z"), None);
        assert_eq!(keys(&lru), ["b", "c", "a"]);
        // So the next insertion drops b, not a.
        assert_eq!(lru.insert("d", 4), Some(("b", 2)));
        assert_eq!(keys(&lru), ["c", "a", "d"]);
    }

    #[test]
    fn evicts_least_recently_used_first() {
        let mut lru = Lru::new(2);
        lru.insert("a", 1);
        lru.insert("b", 2);
        assert_eq!(lru.insert("c", 3), Some(("a", 1)));
        assert_eq!(lru.insert("d", 4), Some(("b", 2)));
        assert_eq!(lru.get("a"), None);
        assert_eq!(keys(&lru), ["c", "d"]);
    }

    #[test]
    fn reinserting_a_key_replaces_it_without_evicting() {
        let mut lru = Lru::new(2);
        lru.insert("a", 1);
        lru.insert("b", 2);
        assert_eq!(lru.insert("a", 10), Some(("a", 1)));
        assert_eq!(keys(&lru), ["b", "a"]);
        assert_eq!(lru.get("a"), Some(&10));
        assert_eq!(lru.len(), 2);
    }

    #[test]
    fn never_holds_more_than_its_capacity() {
        for capacity in [0, 1, 8] {
            let mut lru = Lru::new(capacity);
            for i in 0..100 {
                lru.insert(i, i * 2);
                assert!(lru.len() <= capacity, "capacity {capacity}: {}", lru.len());
            }
            assert_eq!(lru.len(), capacity);
            // The most recent `capacity` insertions are the ones kept, oldest first.
            let kept: Vec<i32> = lru.keys().copied().collect();
            assert_eq!(kept, (100 - capacity as i32..100).collect::<Vec<_>>());
        }
        let mut none = Lru::new(0);
        assert_eq!(none.insert("a", 1), Some(("a", 1)));
        assert_eq!(none.get("a"), None);
    }

    #[test]
    fn an_evicted_value_is_dropped() {
        // The app keeps `Arc<Bundle>`s: what the map lets go of is freed once no page holds it.
        let mut lru = Lru::new(2);
        let first = Rc::new("shard");
        let weak = Rc::downgrade(&first);
        lru.insert("a", first);
        lru.insert("b", Rc::new("other"));
        lru.insert("c", Rc::new("third"));
        assert!(weak.upgrade().is_none(), "the evicted value is still alive");
    }

    #[test]
    fn unions_are_keyed_by_their_file_list() {
        // A comparison across trial shards caches the union of its files under the sorted
        // list of them, apart from each file on its own.
        let files = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut lru: Lru<Vec<String>, &str> = Lru::new(8);
        lru.insert(files(&["shard-t-1.bin"]), "t1");
        lru.insert(files(&["shard-t-2.bin"]), "t2");
        lru.insert(files(&["shard-t-1.bin", "shard-t-2.bin"]), "t1 ∪ t2");
        assert_eq!(lru.len(), 3);
        assert_eq!(
            lru.get(files(&["shard-t-1.bin", "shard-t-2.bin"]).as_slice()),
            Some(&"t1 ∪ t2")
        );
        assert_eq!(lru.get(files(&["shard-t-1.bin"]).as_slice()), Some(&"t1"));
        assert_eq!(
            lru.get(files(&["shard-t-2.bin", "shard-t-3.bin"]).as_slice()),
            None
        );
    }
}
