//! Owns the RDF side of SBOL3 reading: which syntax a file is in, parsing it into triples, and
//! grouping the triples by subject with the line each subject first appears on.
//!
//! Turtle and N-Triples go through oxttl's low-level Turtle parser (the parser oxrdfio uses for
//! them; N-Triples is a subset of Turtle), fed one line at a time, so every triple is known to end
//! on the line that was fed last. RDF/XML and JSON-LD go through oxrdfio, which gives no position
//! per triple; a subject's line is then found by looking for its IRI in quotes (an `rdf:about` or
//! `@id` value), else it is line 1.
//!
//! Memory: every triple of the file, as owned strings grouped by subject. Time: O(file) to parse,
//! plus O(file) per line asked of an RDF/XML or JSON-LD file.

use std::collections::HashMap;

use oxrdf::{NamedOrBlankNode, Term, Triple};
use oxrdfio::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxttl::TurtleParser;

/// The RDF syntaxes SBOL3 files come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Turtle, and N-Triples (read by the same parser).
    Turtle,
    RdfXml,
    JsonLd,
}

impl Syntax {
    /// Guesses the syntax from the first bytes: JSON-LD starts with `{` or `[`; RDF/XML with an
    /// XML declaration, comment, doctype or `<rdf:RDF` element; anything else is read as Turtle
    /// (N-Triples lines also start with `<`, but with an IRI: `<http://…>`, `<urn:…>`).
    pub fn sniff(file: &[u8]) -> Syntax {
        let text = file.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(file).trim_ascii_start();
        match text.first() {
            Some(b'{' | b'[') => Syntax::JsonLd,
            Some(b'<') if text.starts_with(b"<?") || text.starts_with(b"<!") => Syntax::RdfXml,
            Some(b'<') => {
                // An XML element name ends at whitespace, `>` or `/`; an IRI holds `/` or ends at `>`
                // followed by more of the triple on the same line.
                let name_end = text[1..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                    .map_or(text.len(), |p| p + 1);
                let name = &text[1..name_end];
                if name == b"RDF" || name.ends_with(b":RDF") {
                    Syntax::RdfXml
                } else {
                    Syntax::Turtle
                }
            }
            _ => Syntax::Turtle,
        }
    }

    /// The syntax of an RDF media type (`text/turtle`, `application/n-triples`,
    /// `application/rdf+xml`, `application/ld+json`, and `application/sbol3`, read as Turtle).
    pub fn from_media_type(media: &str) -> Option<Syntax> {
        let media = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match media.as_str() {
            "text/turtle" | "application/x-turtle" | "application/n-triples" | "application/sbol3" => {
                Some(Syntax::Turtle)
            }
            "application/rdf+xml" => Some(Syntax::RdfXml),
            "application/ld+json" => Some(Syntax::JsonLd),
            _ => None,
        }
    }

    /// The syntax a file name's extension names (`ttl`, `nt`, `rdf`, `xml`, `jsonld`, `json`).
    pub fn from_extension(extension: &str) -> Option<Syntax> {
        match extension.to_ascii_lowercase().as_str() {
            "ttl" | "nt" | "turtle" => Some(Syntax::Turtle),
            "rdf" | "xml" | "owl" => Some(Syntax::RdfXml),
            "jsonld" | "json" => Some(Syntax::JsonLd),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Syntax::Turtle => "Turtle/N-Triples",
            Syntax::RdfXml => "RDF/XML",
            Syntax::JsonLd => "JSON-LD",
        }
    }
}

/// The object of a triple.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Iri(String),
    /// A blank node, as `_:id` (the key its own triples are grouped under).
    Blank(String),
    Literal {
        value: String,
        datatype: String,
    },
}

impl Value {
    /// The key of the node this value refers to (an IRI or `_:id`), if it refers to one.
    pub fn key(&self) -> Option<&str> {
        match self {
            Value::Iri(key) | Value::Blank(key) => Some(key),
            Value::Literal { .. } => None,
        }
    }

    pub fn iri(&self) -> Option<&str> {
        match self {
            Value::Iri(iri) => Some(iri),
            _ => None,
        }
    }

    pub fn literal(&self) -> Option<&str> {
        match self {
            Value::Literal { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Every triple with one subject.
#[derive(Debug)]
pub struct Node {
    /// The subject: an IRI, or `_:id` for a blank node.
    pub key: String,
    /// Line of the subject's first triple (Turtle and N-Triples only).
    line: Option<usize>,
    /// (predicate IRI, object), in file order.
    pub properties: Vec<(String, Value)>,
}

impl Node {
    /// The objects of one predicate, in file order.
    pub fn values<'a>(&'a self, predicate: &'static str) -> impl Iterator<Item = &'a Value> + 'a {
        self.properties
            .iter()
            .filter(move |(p, _)| p == predicate)
            .map(|(_, v)| v)
    }

    pub fn has_type(&self, class: &str) -> bool {
        self.values(super::vocab::RDF_TYPE).any(|v| v.iri() == Some(class))
    }
}

/// A parsed file: its nodes in the order their subjects first appear.
pub struct Graph<'a> {
    text: &'a [u8],
    pub nodes: Vec<Node>,
    by_key: HashMap<String, usize>,
}

/// Why a file could not be parsed: its line and what the parser said.
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

impl SyntaxError {
    fn of_base(error: oxrdf::IriParseError) -> SyntaxError {
        SyntaxError {
            line: 1,
            message: format!("the base IRI is not valid: {error}"),
        }
    }
}

impl<'a> Graph<'a> {
    /// Parses `text` as `syntax`; the first syntax error ends the parse.
    pub fn parse(text: &'a [u8], syntax: Syntax) -> Result<Graph<'a>, SyntaxError> {
        Graph::parse_with_base(text, syntax, None)
    }

    /// [`Graph::parse`], resolving relative IRIs against `base` when there is one.
    pub fn parse_with_base(text: &'a [u8], syntax: Syntax, base: Option<&str>) -> Result<Graph<'a>, SyntaxError> {
        let mut graph = Graph {
            text,
            nodes: Vec::new(),
            by_key: HashMap::new(),
        };
        match syntax {
            Syntax::Turtle => graph.parse_turtle(base)?,
            Syntax::RdfXml | Syntax::JsonLd => {
                let format = match syntax {
                    Syntax::RdfXml => RdfFormat::RdfXml,
                    _ => RdfFormat::JsonLd {
                        profile: JsonLdProfileSet::empty(),
                    },
                };
                let mut parser = RdfParser::from_format(format);
                if let Some(base) = base {
                    parser = parser.with_base_iri(base).map_err(SyntaxError::of_base)?;
                }
                for quad in parser.for_slice(text) {
                    let quad = quad.map_err(|error| SyntaxError {
                        line: error.location().map_or(1, |l| l.start.line as usize + 1),
                        message: error.to_string(),
                    })?;
                    graph.add(Triple::from(quad), None);
                }
            }
        }
        Ok(graph)
    }

    fn parse_turtle(&mut self, base: Option<&str>) -> Result<(), SyntaxError> {
        let mut parser = TurtleParser::new();
        if let Some(base) = base {
            parser = parser.with_base_iri(base).map_err(SyntaxError::of_base)?;
        }
        let mut parser = parser.low_level();
        let mut lines = self.text.split_inclusive(|&b| b == b'\n');
        let mut line = 0;
        loop {
            match lines.next() {
                Some(chunk) => {
                    line += 1;
                    parser.extend_from_slice(chunk);
                }
                None => parser.end(),
            }
            while let Some(triple) = parser.parse_next() {
                let triple = triple.map_err(|error| SyntaxError {
                    line: error.location().start.line as usize + 1,
                    message: error.to_string(),
                })?;
                self.add(triple, Some(line));
            }
            if parser.is_end() {
                return Ok(());
            }
        }
    }

    fn add(&mut self, triple: Triple, line: Option<usize>) {
        let key = match triple.subject {
            NamedOrBlankNode::NamedNode(node) => node.into_string(),
            NamedOrBlankNode::BlankNode(node) => format!("_:{}", node.as_str()),
        };
        let value = match triple.object {
            Term::NamedNode(node) => Value::Iri(node.into_string()),
            Term::BlankNode(node) => Value::Blank(format!("_:{}", node.as_str())),
            Term::Literal(literal) => {
                let datatype = literal.datatype().as_str().to_string();
                Value::Literal {
                    value: literal.value().to_string(),
                    datatype,
                }
            }
        };
        let index = *self.by_key.entry(key).or_insert_with_key(|key| {
            self.nodes.push(Node {
                key: key.clone(),
                line,
                properties: Vec::new(),
            });
            self.nodes.len() - 1
        });
        self.nodes[index]
            .properties
            .push((triple.predicate.into_string(), value));
    }

    pub fn node(&self, key: &str) -> Option<&Node> {
        self.by_key.get(key).map(|&i| &self.nodes[i])
    }

    /// 1-based line where `key`'s triples start: exact for Turtle and N-Triples; for RDF/XML and
    /// JSON-LD the first line holding the IRI in quotes, else 1.
    pub fn line(&self, key: &str) -> usize {
        if let Some(line) = self.node(key).and_then(|n| n.line) {
            return line;
        }
        if key.starts_with("_:") {
            return 1;
        }
        let needle = format!("\"{key}\"");
        let found = std::str::from_utf8(self.text).ok().and_then(|text| text.find(&needle));
        found.map_or(1, |at| super::super::line_of(self.text, at))
    }
}

/// Depth-first post-order of the nodes `0..edges.len()` (every node after the nodes its edges
/// lead to; roots in index order), and the nodes reached again while still on the path (each
/// closes a cycle). An explicit stack, so no chain of edges, however long, overflows the thread's
/// stack. O(nodes + edges) time and memory.
pub fn post_order(edges: &[Vec<usize>]) -> (Vec<usize>, Vec<usize>) {
    let mut order = Vec::with_capacity(edges.len());
    let mut cycles = Vec::new();
    // 0: not seen, 1: on the path, 2: done.
    let mut state = vec![0u8; edges.len()];
    for root in 0..edges.len() {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some((i, next)) = stack.last_mut() {
            let i = *i;
            if let Some(&j) = edges[i].get(*next) {
                *next += 1;
                match state[j] {
                    0 => {
                        state[j] = 1;
                        stack.push((j, 0));
                    }
                    1 => cycles.push(j),
                    _ => {}
                }
            } else {
                stack.pop();
                state[i] = 2;
                order.push(i);
            }
        }
    }
    (order, cycles)
}
