//! [`Key`]: a score or meta key of an epoch (`'dev_loss_ce'`, `'hostname'` of `':meta:hostname'`).
//!
//! The same dozen keys repeat in every epoch of a file, so a key is a shared immutable string:
//! cloning it is a reference-count increment, and the readers hand out one `Key` per distinct key
//! of a file ([`KeyTable`]) instead of one allocation per key per epoch. It reads like a `&str`
//! (`Deref<Target = str>`), compares with `str`/`String`, and converts from and to `String`.
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A score or meta key: a shared immutable string.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Key(Arc<str>);

impl Key {
    /// A new key with its own allocation (use a [`KeyTable`] to share one per distinct text).
    pub fn new(s: &str) -> Key {
        Key(Arc::from(s))
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Key {
    fn from(s: &str) -> Key {
        Key::new(s)
    }
}

impl From<&String> for Key {
    fn from(s: &String) -> Key {
        Key::new(s)
    }
}

impl From<String> for Key {
    fn from(s: String) -> Key {
        Key(Arc::from(s))
    }
}

impl From<Key> for String {
    fn from(k: Key) -> String {
        k.0.to_string()
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Key {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Key> for str {
    fn eq(&self, other: &Key) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Key> for &str {
    fn eq(&self, other: &Key) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Key> for String {
    fn eq(&self, other: &Key) -> bool {
        **self == *other.0
    }
}

impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Hands out one [`Key`] per distinct key text, for a reader of a whole file. Files repeat their
/// keys in the same order every epoch, so the key after the last one handed out is tried first.
#[derive(Default)]
pub struct KeyTable {
    keys: Vec<Key>,
    next: usize,
}

/// Distinct keys a table remembers (beyond that, keys are allocated one by one).
const MAX_TABLE_KEYS: usize = 256;

impl KeyTable {
    /// An empty table.
    pub fn new() -> KeyTable {
        KeyTable::default()
    }

    /// The key with text `s`.
    pub fn get(&mut self, s: &str) -> Key {
        let found = match self.keys.get(self.next) {
            Some(k) if **k == *s => Some(self.next),
            _ => self.keys.iter().position(|k| **k == *s),
        };
        match found {
            Some(i) => {
                self.next = i + 1;
                self.keys[i].clone()
            }
            None => {
                let k = Key::new(s);
                if self.keys.len() < MAX_TABLE_KEYS {
                    self.keys.push(k.clone());
                    self.next = self.keys.len();
                }
                k
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_shares_and_compares() {
        let mut t = KeyTable::new();
        let a = t.get("dev_score");
        let b = t.get("train_score");
        let a2 = t.get("dev_score");
        assert!(Arc::ptr_eq(&a.0, &a2.0));
        assert_eq!(a, "dev_score");
        assert_eq!(b, String::from("train_score"));
        assert!(a < b);
        assert_eq!(format!("{a} {a:?}"), "dev_score \"dev_score\"");
        assert_eq!(String::from(b.clone()), "train_score");
        assert!(b.starts_with("train_"));
    }
}
