//! One stable sort for the whole crate.
//!
//! `slice::sort_by` is monomorphized per element type and comparator: every call site adds ~3 KB
//! of sort code to the wasm. These helpers sort an index permutation through a single
//! non-generic instantiation (`Vec<usize>` with a `&dyn` comparator) and then move the elements
//! into that order. The result is exactly `sort_by`'s: stable, equal elements keep their order.
//! The lists sorted here are short (score keys, config keys, benchmark samples).

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The stable order of `0..n` under `cmp` (indices of equal elements stay ascending).
#[inline(never)]
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// `v.sort_by(cmp)`: stable, through the shared index sort.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// `v.sort_by_key(key)`: stable, through the shared index sort.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`: stable, through the shared index sort.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// `iter.collect::<BTreeMap<_, _>>()` (a later duplicate key wins, as there) by inserting one
/// pair at a time: `collect` sorts the pairs first, one more sort instantiation per map type.
pub fn btree_map<K: Ord, V>(iter: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    for (k, v) in iter {
        m.insert(k, v);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_std_stable_sort() {
        // Pairs sorted by the first field only: equal keys must keep their input order.
        let input: Vec<(u8, usize)> = [3u8, 1, 2, 1, 3, 0, 2, 1].iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let mut std_sorted = input.clone();
        std_sorted.sort_by_key(|p| p.0);
        let mut ours = input.clone();
        sort_by_key(&mut ours, |p| p.0);
        assert_eq!(ours, std_sorted);
        let mut strings = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        sort(&mut strings);
        assert_eq!(strings, ["a", "a", "b", "c"]);
        let mut empty: Vec<f64> = Vec::new();
        sort_by(&mut empty, f64::total_cmp);
        assert!(empty.is_empty());
        let pairs = [(2, "a"), (1, "b"), (2, "c")];
        assert_eq!(btree_map(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
    }
}
