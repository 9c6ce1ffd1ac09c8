//! An incremental `learning_rate_file` reader for the UI: [`ChunkedParser::step`] reads a bounded
//! piece per call (one animation frame), so a 2 000-epoch, multi-megabyte file never blocks the
//! page, and [`ChunkedParser::finish`] gives exactly what [`parse`] gives for the whole text —
//! the same table, or the same located error.
//!
//! How: a linear scanner (strings, comments and brackets respected) finds the top-level items
//! `epoch: EpochData(...)` of the outer dict; each step parses the next run of whole items as a
//! dict of their own (with [`parse`] itself, so every item is read by the one reader) and merges
//! it (a later epoch wins, as in a Python dict). Anything the fast path does not recognise — text
//! that is not one dict display, an item that does not read, an input over the reader's size
//! limit — makes [`finish`](ChunkedParser::finish) return [`parse`] of the whole text, so errors
//! (and their line and column) are always the reader's own. Every byte is scanned once and parsed
//! once on the fast path; the error path adds one whole-text parse.
use super::{parse, parse_pasted, LrFile};
use crate::py::error::Error;
use crate::returnn::python_literal::MAX_INPUT_BYTES;
use serde::Serialize;

/// How far the reader got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub bytes_done: usize,
    pub bytes_total: usize,
    /// Distinct epochs read so far.
    pub epochs_done: usize,
    /// Nothing left to read: call [`ChunkedParser::finish`].
    pub done: bool,
}

impl Progress {
    /// `bytes_done / bytes_total` in [0, 1] (1 for an empty text).
    pub fn fraction(&self) -> f64 {
        if self.bytes_total == 0 {
            1.0
        } else {
            self.bytes_done as f64 / self.bytes_total as f64
        }
    }
}

#[derive(Clone, Debug)]
enum State {
    /// Reading items; `pos` is the byte after the last item read.
    Items,
    /// The closing brace was reached and the text around the braces checked.
    Done,
    /// The fast path gave up: `finish` parses the whole text.
    Fallback,
}

/// The incremental reader. Owns its text so that a UI can keep it between frames.
#[derive(Clone, Debug)]
pub struct ChunkedParser {
    text: String,
    /// Byte index of the outer `{` (set by the first step).
    open: Option<usize>,
    pos: usize,
    file: LrFile,
    items: usize,
    state: State,
}

/// Skips whitespace, comments and line continuations from `i`; returns the next byte index.
fn skip_blank(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    i
}

/// The byte index just after the string literal whose opening quote is at `i` (or `None` if it
/// is never closed). Backslashes escape the next byte in every string kind (raw strings too, for
/// finding the end); single-quoted strings cannot span lines.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let q = b[i];
    let triple = b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q;
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < b.len() {
        let c = b[j];
        if c == b'\\' {
            j += 2;
            continue;
        }
        if triple {
            if c == q && b.len() >= j + 3 && b[j + 1] == q && b[j + 2] == q {
                return Some(j + 3);
            }
        } else if c == q {
            return Some(j + 1);
        } else if c == b'\n' {
            return None;
        }
        j += 1;
    }
    None
}

/// What the scanner found after an item.
enum ItemEnd {
    /// A top-level comma at this byte index.
    Comma(usize),
    /// The outer dict's closing brace at this byte index.
    Close(usize),
}

/// Scans one item from `i` (inside the outer dict) to its top-level `,` or the closing `}`.
fn scan_item(b: &[u8], mut i: usize) -> Option<ItemEnd> {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(b, i)?;
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return (b[i] == b'}').then_some(ItemEnd::Close(i));
                }
                depth -= 1;
            }
            b',' if depth == 0 => return Some(ItemEnd::Comma(i)),
            _ => {}
        }
        i += 1;
    }
    None
}

impl ChunkedParser {
    pub fn new(text: impl Into<String>) -> ChunkedParser {
        let text = text.into();
        let state = if text.len() > MAX_INPUT_BYTES { State::Fallback } else { State::Items };
        ChunkedParser { text, open: None, pos: 0, file: LrFile::new(), items: 0, state }
    }

    /// The text being read.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn progress(&self) -> Progress {
        let done = !matches!(self.state, State::Items);
        Progress {
            bytes_done: if done { self.text.len() } else { self.pos },
            bytes_total: self.text.len(),
            epochs_done: self.items,
            done,
        }
    }

    /// Reads whole items until at least `max_bytes` more bytes are consumed (at least one item
    /// per call, so every call makes progress) or the text ends.
    pub fn step(&mut self, max_bytes: usize) -> Progress {
        self.step_limited(max_bytes, usize::MAX)
    }

    /// Like [`step`](Self::step), bounded by a number of epochs (items) instead of bytes.
    pub fn step_epochs(&mut self, max_epochs: usize) -> Progress {
        self.step_limited(usize::MAX, max_epochs.max(1))
    }

    fn step_limited(&mut self, max_bytes: usize, max_items: usize) -> Progress {
        if !matches!(self.state, State::Items) {
            return self.progress();
        }
        let b = self.text.as_bytes();
        let open = match self.open {
            Some(o) => o,
            None => {
                let o = skip_blank(b, 0);
                if b.get(o) != Some(&b'{') {
                    self.state = State::Fallback;
                    return self.progress();
                }
                self.open = Some(o);
                self.pos = o + 1;
                o
            }
        };
        let start = self.pos;
        let mut end = start;
        let mut n = 0usize;
        let mut closed = None;
        loop {
            match scan_item(b, end) {
                None => {
                    self.state = State::Fallback;
                    return self.progress();
                }
                Some(ItemEnd::Comma(c)) => {
                    end = c + 1;
                    n += 1;
                }
                Some(ItemEnd::Close(c)) => {
                    end = c;
                    closed = Some(c);
                    break;
                }
            }
            if end - start >= max_bytes || n >= max_items {
                break;
            }
        }
        // Exactly the original text between the braces: the closing brace follows the slice as it
        // does in the file (a slice ends at a comma or at the closing brace).
        let chunk = format!("{{{}}}", &self.text[start..end]);
        match parse(&chunk) {
            Ok(part) => {
                self.file.extend(part);
                self.items = self.file.len();
                self.pos = end;
            }
            Err(_) => {
                self.state = State::Fallback;
                return self.progress();
            }
        }
        if let Some(c) = closed {
            // The text around the braces must read as it does around an empty dict.
            let skeleton = format!("{}{{}}{}", &self.text[..open], &self.text[c + 1..]);
            self.state = if parse(&skeleton).is_ok() { State::Done } else { State::Fallback };
            self.pos = self.text.len();
        }
        self.progress()
    }

    /// Reads whatever is left and returns the table, or [`parse`]'s error for the whole text.
    pub fn finish(mut self) -> Result<LrFile, Error> {
        while matches!(self.state, State::Items) {
            self.step(usize::MAX);
        }
        match self.state {
            State::Done => Ok(self.file),
            _ => parse(&self.text),
        }
    }
}

impl ChunkedParser {
    /// Like [`finish`](Self::finish), but a text RETURNN could not load is read as pasted
    /// excerpts ([`parse_pasted`]'s result, exactly).
    pub fn finish_pasted(self) -> Result<LrFile, Error> {
        let text = self.text.clone();
        match self.finish() {
            Ok(f) => Ok(f),
            Err(_) => parse_pasted(&text),
        }
    }
}

/// Reads a whole text in steps of `chunk_bytes` (what a UI does frame by frame).
pub fn parse_chunked(text: &str, chunk_bytes: usize) -> Result<LrFile, Error> {
    let mut p = ChunkedParser::new(text);
    while !p.step(chunk_bytes).done {}
    p.finish()
}
