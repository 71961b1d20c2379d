//! The only module that names a YAML crate.
//!
//! Parsing uses `yaml-rust2`'s event API so that every key and value keeps its
//! line and column: diagnostics point at `file:line:col`. The tree is then turned
//! into `serde_json::Value` for typed deserialisation. Emitting uses `serde_yaml`.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    /// Line, starting at 1.
    pub line: usize,
    /// Column, starting at 1.
    pub col: usize,
}

impl Pos {
    fn from_marker(mark: Marker) -> Self {
        Pos {
            line: mark.line(),
            col: mark.col() + 1,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One step of a path into a document: a map key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A key of a mapping.
    Key(String),
    /// An index into a sequence.
    Index(usize),
}

/// A path from a document's root to one of its nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<Seg>);

impl Path {
    /// The root of a document.
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// This path extended by a map key.
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        Path(segs)
    }

    /// This path extended by a sequence index.
    pub fn idx(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        Path(segs)
    }

    /// Builds a path from dotted text such as `spec.rules[0].host`.
    pub fn parse(text: &str) -> Self {
        let mut segs = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(open) = rest.find('[') {
                let name = &rest[..open];
                if !name.is_empty() {
                    segs.push(Seg::Key(name.to_string()));
                }
                rest = &rest[open..];
                while let Some(stripped) = rest.strip_prefix('[') {
                    let close = stripped.find(']').unwrap_or(stripped.len());
                    if let Ok(i) = stripped[..close].parse() {
                        segs.push(Seg::Index(i));
                    }
                    rest = stripped.get(close + 1..).unwrap_or("");
                }
            } else {
                segs.push(Seg::Key(rest.to_string()));
            }
        }
        Path(segs)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Key(k) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub pos: Pos,
    /// What the node holds.
    pub kind: NodeKind,
}

/// The value of a YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating point number, as written.
    Float(String),
    /// A string (quoted, block, or a plain scalar that is no other type).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key, as text.
    pub key: String,
    /// Where the key starts.
    pub key_pos: Pos,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The entry for `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The string value of a scalar node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// True when the node is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// The position of the node at `path`, or of the deepest existing ancestor.
    ///
    /// A path ending in a map key points at the value; [`Node::key_pos`] points at the key.
    pub fn pos_of(&self, path: &Path) -> Pos {
        let mut node = self;
        for seg in &path.0 {
            match node.child(seg) {
                Some(child) => node = child,
                None => return node.pos,
            }
        }
        node.pos
    }

    /// The position of the key named by the last segment of `path` (or of the node).
    pub fn key_pos(&self, path: &Path) -> Pos {
        let Some((last, parent)) = path.0.split_last() else {
            return self.pos;
        };
        let parent_path = Path(parent.to_vec());
        let mut node = self;
        for seg in &parent_path.0 {
            match node.child(seg) {
                Some(child) => node = child,
                None => return node.pos,
            }
        }
        match (last, &node.kind) {
            (Seg::Key(k), NodeKind::Map(_)) => node.entry(k).map_or(node.pos, |e| e.key_pos),
            _ => node.child(last).map_or(node.pos, |n| n.pos),
        }
    }

    /// Moves every position down by `lines` (a document parsed out of a larger text).
    pub fn shift_lines(&mut self, lines: usize) {
        self.pos.line += lines;
        match &mut self.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| n.shift_lines(lines)),
            NodeKind::Map(entries) => {
                for e in entries {
                    e.key_pos.line += lines;
                    e.value.shift_lines(lines);
                }
            }
            _ => {}
        }
    }

    fn child(&self, seg: &Seg) -> Option<&Node> {
        match (seg, &self.kind) {
            (Seg::Key(k), NodeKind::Map(_)) => self.get(k),
            (Seg::Index(i), NodeKind::Seq(items)) => items.get(*i),
            _ => None,
        }
    }

    /// Converts the tree to JSON data (positions dropped).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Int(i) => Value::from(*i),
            NodeKind::Float(text) => parse_float(text)
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(text.clone()), Value::Number),
            NodeKind::Str(s) => Value::String(s.clone()),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    map.insert(e.key.clone(), e.value.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

fn parse_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ => text.parse().ok(),
    }
}

/// A YAML syntax error with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub pos: Pos,
    /// What the parser expected or found.
    pub message: String,
}

/// The documents of one YAML stream: those parsed before any syntax error, and the error.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Stream {
    /// Each document's root node, in order (empty documents are `Null` nodes).
    pub documents: Vec<Node>,
    /// The syntax error that stopped parsing, if any.
    pub error: Option<SyntaxError>,
}

/// Parses a multi-document YAML (or JSON) stream, keeping positions.
#[cfg(test)]
pub fn parse_stream(text: &str) -> Stream {
    let mut documents = Vec::new();
    let error = for_each_document(text, |doc| documents.push(doc.root));
    Stream { documents, error }
}

/// One complete document of a stream, with the lines its text spans.
#[derive(Debug)]
pub struct Document {
    /// The tree.
    pub root: Node,
    /// 1-based line where the document starts.
    pub first_line: usize,
    /// 1-based line where the parser saw it end.
    pub last_line: usize,
    /// How many earlier documents start on `first_line` (almost always 0).
    pub nth: usize,
}

/// Parses a stream and hands each document to `each` as soon as it is complete, so that
/// only one document's tree is alive at a time. Returns the syntax error that stopped
/// parsing, if any (the documents before it were handed over).
pub fn for_each_document(text: &str, each: impl FnMut(Document)) -> Option<SyntaxError> {
    let mut builder = TreeBuilder {
        each,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        doc_pos: Pos::default(),
        last_first_line: 0,
        same_line: 0,
        nodes: 0,
        aliased: 0,
        refused: None,
    };
    let mut parser = Parser::new_from_str(text);
    let parsed = parser.load(&mut builder, true);
    // What the builder refused comes first: the parser may have read on past it.
    builder.refused.or_else(|| {
        parsed.err().map(|e| SyntaxError {
            pos: Pos::from_marker(*e.marker()),
            message: e.info().to_string(),
        })
    })
}

/// How many nodes aliases may add to a document beyond the nodes written in it: a few
/// kilobytes of nested aliases (a "billion laughs") would otherwise expand without bound.
const ALIAS_NODES_ALLOWED: usize = 100_000;

/// The `nth` document that starts on the first line of `slice` (the lines a document spans,
/// cut out of a text where they begin at `first_line`), parsed again, with positions as in
/// the whole text.
pub fn document_in(slice: &str, first_line: usize, nth: usize) -> Option<Node> {
    let mut found = None;
    let mut seen = 0;
    for_each_document(slice, |doc| {
        if doc.first_line == 1 && found.is_none() {
            if seen == nth {
                found = Some(doc.root);
            }
            seen += 1;
        }
    });
    found.map(|mut root| {
        root.shift_lines(first_line - 1);
        root
    })
}

/// The byte offset where each line starts (index 0 is line 1), to cut documents out. Line
/// breaks are counted as the YAML scanner counts them: `\n`, `\r\n`, and a lone `\r`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, b) in bytes.iter().enumerate() {
        let ends_line = *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends_line {
            starts.push(i + 1);
        }
    }
    starts
}

/// A collection being built: where it starts, its anchor, the node count when it began.
enum Frame {
    Seq(Pos, usize, usize, Vec<Node>),
    Map(Pos, usize, usize, Vec<Entry>, Option<(String, Pos)>),
}

struct TreeBuilder<F> {
    each: F,
    stack: Vec<Frame>,
    /// Anchored nodes with the number of nodes each one holds.
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    doc_pos: Pos,
    last_first_line: usize,
    same_line: usize,
    /// Nodes written in the current document.
    nodes: usize,
    /// Nodes that aliases added to the current document.
    aliased: usize,
    /// Why building stopped (a duplicate key, too much aliasing); later events are ignored.
    refused: Option<SyntaxError>,
}

impl<F> TreeBuilder<F> {
    fn finish_node(&mut self, node: Node, anchor: usize, size: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        self.push_value(node);
    }

    fn refuse(&mut self, pos: Pos, message: String) {
        self.refused = Some(SyntaxError { pos, message });
    }

    fn push_value(&mut self, node: Node) {
        let mut duplicate = None;
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(_, _, _, items)) => items.push(node),
            Some(Frame::Map(_, _, _, entries, pending)) => match pending.take() {
                None => *pending = Some((key_text(&node), node.pos)),
                Some((key, key_pos)) => {
                    if let Some(first) = entries.iter().find(|e| e.key == key) {
                        duplicate = Some((key.clone(), first.key_pos, key_pos));
                    }
                    entries.push(Entry {
                        key,
                        key_pos,
                        value: node,
                    });
                }
            },
        }
        // kubectl refuses a key given twice (three manifests without `---` are not one).
        if let Some((key, first, again)) = duplicate {
            self.refuse(
                again,
                format!(
                    "duplicate key `{key}` (first at line {}); a new object needs `---` before it",
                    first.line
                ),
            );
        }
    }

    /// An alias: its anchor's node again, unless that would grow the document too much.
    fn alias(&mut self, id: usize, pos: Pos) {
        let (node, size) = self.anchors.get(&id).cloned().unwrap_or((
            Node {
                pos,
                kind: NodeKind::Null,
            },
            1,
        ));
        self.aliased += size;
        if self.aliased > ALIAS_NODES_ALLOWED + self.nodes {
            self.refuse(
                pos,
                format!(
                    "aliases expand this document by more than {} nodes: refused (nested aliases, a \"billion laughs\")",
                    ALIAS_NODES_ALLOWED + self.nodes
                ),
            );
            return;
        }
        self.push_value(Node { pos, ..node });
    }
}

fn key_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str(s) | NodeKind::Float(s) => s.clone(),
        NodeKind::Int(i) => i.to_string(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null => String::new(),
        NodeKind::Seq(_) | NodeKind::Map(_) => node.to_json().to_string(),
    }
}

fn scalar_kind(value: String, style: TScalarStyle) -> NodeKind {
    if style != TScalarStyle::Plain {
        return NodeKind::Str(value);
    }
    match yaml_rust2::Yaml::from_str(&value) {
        yaml_rust2::Yaml::Null => NodeKind::Null,
        yaml_rust2::Yaml::Boolean(b) => NodeKind::Bool(b),
        yaml_rust2::Yaml::Integer(i) => NodeKind::Int(i),
        yaml_rust2::Yaml::Real(r) => NodeKind::Float(r),
        _ => NodeKind::Str(value),
    }
}

impl<F: FnMut(Document)> MarkedEventReceiver for TreeBuilder<F> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.refused.is_some() {
            return;
        }
        let pos = Pos::from_marker(mark);
        match ev {
            Event::DocumentStart => {
                self.root = None;
                self.anchors.clear();
                self.doc_pos = pos;
                self.nodes = 0;
                self.aliased = 0;
            }
            Event::DocumentEnd => {
                let root = self.root.take().unwrap_or(Node {
                    pos: self.doc_pos,
                    kind: NodeKind::Null,
                });
                let first_line = self.doc_pos.line;
                if first_line == self.last_first_line {
                    self.same_line += 1;
                } else {
                    self.same_line = 0;
                    self.last_first_line = first_line;
                }
                (self.each)(Document {
                    root,
                    first_line,
                    last_line: pos.line.max(first_line),
                    nth: self.same_line,
                });
            }
            Event::Scalar(value, style, anchor, _) => {
                let kind = scalar_kind(value, style);
                self.nodes += 1;
                self.finish_node(Node { pos, kind }, anchor, 1);
            }
            Event::Alias(id) => self.alias(id, pos),
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Frame::Seq(
                    pos,
                    anchor,
                    self.nodes + self.aliased,
                    Vec::new(),
                ));
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push(Frame::Map(
                    pos,
                    anchor,
                    self.nodes + self.aliased,
                    Vec::new(),
                    None,
                ));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, start) = match self.stack.pop() {
                    Some(Frame::Seq(pos, anchor, start, items)) => (
                        Node {
                            pos,
                            kind: NodeKind::Seq(items),
                        },
                        anchor,
                        start,
                    ),
                    Some(Frame::Map(pos, anchor, start, entries, _)) => (
                        Node {
                            pos: entries.first().map_or(pos, |e| e.key_pos),
                            kind: NodeKind::Map(entries),
                        },
                        anchor,
                        start,
                    ),
                    None => return,
                };
                self.nodes += 1;
                let size = self.nodes + self.aliased - start;
                self.finish_node(node, anchor, size);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
        }
    }
}

/// Serialises a value as one YAML document (no leading `---`).
pub fn to_yaml<T: Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_yaml::to_string(value)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_for_keys_and_values() {
        let stream = parse_stream("kind: Ingress\nspec:\n  rules:\n  - host: a.b\n");
        let doc = &stream.documents[0];
        assert_eq!(doc.pos_of(&Path::parse("kind")), Pos { line: 1, col: 7 });
        assert_eq!(doc.key_pos(&Path::parse("spec")), Pos { line: 2, col: 1 });
        assert_eq!(
            doc.pos_of(&Path::parse("spec.rules[0].host")),
            Pos { line: 4, col: 11 }
        );
        assert_eq!(
            doc.key_pos(&Path::parse("spec.rules[0].host")),
            Pos { line: 4, col: 5 }
        );
    }

    #[test]
    fn missing_path_falls_back_to_nearest_ancestor() {
        let stream = parse_stream("a:\n  b: 1\n");
        let doc = &stream.documents[0];
        assert_eq!(doc.pos_of(&Path::parse("a.c.d")), Pos { line: 2, col: 3 });
    }

    #[test]
    fn scalars_are_typed_like_yaml_1_2() {
        let stream = parse_stream("a: 8000\nb: \"8000\"\nc: true\nd: ~\ne: 1.5\nf: http\n");
        let json = stream.documents[0].to_json();
        assert_eq!(
            json,
            serde_json::json!({"a": 8000, "b": "8000", "c": true, "d": null, "e": 1.5, "f": "http"})
        );
    }

    #[test]
    fn multi_document_streams_keep_documents_before_an_error() {
        let stream = parse_stream("a: 1\n---\nb: 2\n---\nc: [1, 2\n");
        assert_eq!(stream.documents.len(), 2);
        let err = stream.error.expect("syntax error");
        assert_eq!(err.pos.line, 6);
    }

    #[test]
    fn aliases_resolve_to_their_anchor() {
        let stream = parse_stream("a: &x {k: v}\nb: *x\n");
        assert_eq!(
            stream.documents[0].to_json(),
            serde_json::json!({"a": {"k": "v"}, "b": {"k": "v"}})
        );
    }

    #[test]
    fn nested_aliases_are_refused_before_they_grow() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i", "j"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let stream = parse_stream(&bomb);
        assert!(stream.documents.is_empty());
        let err = stream.error.expect("refused");
        assert!(err.message.contains("aliases expand"), "{}", err.message);
        // Modest aliasing is fine.
        let ok = parse_stream("a: &a {k: v}\nb: *a\nc: *a\n");
        assert!(ok.error.is_none());
    }

    #[test]
    fn a_key_given_twice_is_refused_with_both_lines() {
        let stream = parse_stream("kind: Service\nmetadata: {name: a}\nkind: Ingress\n");
        let err = stream.error.expect("refused");
        assert_eq!(err.pos.line, 3);
        assert!(
            err.message
                .contains("duplicate key `kind` (first at line 1)"),
            "{}",
            err.message
        );
        assert!(stream.documents.is_empty());
    }

    #[test]
    fn path_parse_and_display_round_trip() {
        let p = Path::parse("spec.rules[0].http.paths[12].path");
        assert_eq!(p.to_string(), "spec.rules[0].http.paths[12].path");
    }
}
