//! html5ever's parse into dom_query's tree, watched from the inside.
//!
//! The tree a page makes cannot be told from its bytes alone: html5ever re-opens formatting
//! elements that were closed (a 19 KB page of `<b>` tags and `<p>x</p>` makes 600,000
//! elements), ignores end tags that a table cell shields, and parses `<style>` as markup
//! inside `<svg>`. So the parse is watched where the tree is built: [`Guard`] stands between
//! html5ever's tree builder and dom_query's [`Document`], passes every call on, and counts
//! elements, nodes and nesting as they are made. The page is fed in chunks of
//! [`CHUNK_BYTES`], and the parse stops after the chunk in which a bound was crossed, so no
//! page can build more than a chunk's worth past a bound.
//!
//! The guard also keeps the serializer linear (see [`super::escape`]): a text node that would
//! cost it more than [`MAX_SERIALIZER_SCAN`] goes on in a new text node beside it (the text
//! reads the same), and an attribute value that would is cut.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

use dom_query::{Document, NodeData, NodeId};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilderOpts, TreeSink};
use html5ever::{Attribute, ParseOpts, QualName};

use super::budget::{self, MAX_DEPTH, MAX_ELEMENTS, MAX_NODES};
use super::escape::{self, Scan, MAX_SERIALIZER_SCAN};

/// How much of the page html5ever reads between two looks at the counts. Small enough that
/// what a chunk can build past a bound is small (a chunk holds at most about a thousand tags;
/// even re-opened formatting elements make at most a few hundred thousand), large enough that
/// feeding it costs nothing measurable.
const CHUNK_BYTES: usize = 4096;

/// Start tags of `<html>` and `<body>` after the first merge their attributes into the first
/// element, each at a cost of the attributes it already has; after this many, their
/// attributes are dropped (nothing whosaid reads is in them).
const MAX_ATTRIBUTE_MERGES: usize = 64;

/// Parses `html` as dom_query's `Document::from` does, or says which bound it crosses.
pub fn parse(html: &str) -> Result<Document, String> {
    let opts = ParseOpts {
        tokenizer: TokenizerOpts::default(),
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
    };
    let mut parser = html5ever::parse_document(Guard::default(), opts);
    for chunk in chunks(html, CHUNK_BYTES) {
        parser.process(StrTendril::from_slice(chunk));
        if let Some(refusal) = parser.tokenizer.sink.sink.refusal.take() {
            return Err(refusal);
        }
    }
    parser.finish()
}

/// `text` in pieces of about `size` bytes, cut on character boundaries.
fn chunks(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = size.min(rest.len());
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(chunk)
    })
}

/// A [`TreeSink`] that builds dom_query's [`Document`] and counts what it builds.
#[derive(Default)]
struct Guard {
    document: Document,
    /// Elements (and template contents) by how deep they were when inserted: the document is
    /// 0, `<html>` 1. An element that html5ever moves later (the adoption agency reparents
    /// children) keeps its old depth here; `budget::measure` takes the final tree's exactly.
    depths: RefCell<HashMap<NodeId, usize>>,
    /// The serializer's scan of each text node so far.
    scans: RefCell<HashMap<NodeId, Scan>>,
    elements: Cell<usize>,
    nodes: Cell<usize>,
    attribute_merges: Cell<usize>,
    /// Why the page is refused, once a bound is crossed.
    refusal: RefCell<Option<String>>,
}

/// Where text goes: at the end of a parent, or before a sibling (foster parenting).
#[derive(Clone, Copy)]
enum Place {
    Append(NodeId),
    Before(NodeId),
}

impl Guard {
    fn refuse(&self, detail: impl FnOnce() -> String) {
        let mut refusal = self.refusal.borrow_mut();
        if refusal.is_none() {
            *refusal = Some(detail());
        }
    }

    fn count_node(&self) {
        self.nodes.set(self.nodes.get() + 1);
        if self.nodes.get() > MAX_NODES {
            self.refuse(|| {
                format!(
                    "page has more than {} nodes (elements, texts and comments), the most \
                     whosaid parses",
                    budget::thousands(MAX_NODES as u64)
                )
            });
        }
    }

    fn depth(&self, node: &NodeId) -> usize {
        self.depths.borrow().get(node).copied().unwrap_or(0)
    }

    /// Records that `node` now sits at `depth`, if it is an element.
    fn place(&self, node: &NodeId, depth: usize) {
        if let Some(known) = self.depths.borrow_mut().get_mut(node) {
            *known = depth;
        } else {
            return;
        }
        if depth > MAX_DEPTH {
            self.refuse(|| {
                format!(
                    "elements nested more than {} deep, the most whosaid parses",
                    budget::thousands(MAX_DEPTH as u64)
                )
            });
        }
    }

    /// The text node that text put at `place` would join, if any.
    fn text_at(&self, place: Place) -> Option<NodeId> {
        let tree = &self.document.tree;
        let node = match place {
            Place::Append(parent) => tree.last_child_of(&parent),
            Place::Before(sibling) => tree.prev_sibling_of(&sibling),
        }?;
        node.is_text().then_some(node.id)
    }

    fn scan_of(&self, text_node: &NodeId) -> Scan {
        if let Some(scan) = self.scans.borrow().get(text_node) {
            return *scan;
        }
        // Every text node is made through this guard, so this is not reached; if it were,
        // the scan is taken once and kept.
        let mut scan = Scan::text();
        let text = self
            .document
            .tree
            .query_node(text_node, |node| match &node.data {
                NodeData::Text { contents } => contents.to_string(),
                _ => String::new(),
            });
        scan.take(&text.unwrap_or_default(), u64::MAX);
        scan
    }

    /// Puts `text` at `place`: into the text node there as far as the serializer's bound
    /// allows, the rest into new text nodes, each filled up to the bound.
    fn insert_text(&self, place: Place, text: StrTendril) {
        let joined = self.text_at(place);
        let mut scan = joined.map_or_else(Scan::text, |node| self.scan_of(&node));
        let fits = scan.take(&text, MAX_SERIALIZER_SCAN);
        let rest = if fits == text.len() {
            self.pass_text(place, joined, text.clone(), scan);
            ""
        } else {
            if fits > 0 {
                self.pass_text(place, joined, StrTendril::from_slice(&text[..fits]), scan);
            }
            &text[fits..]
        };
        let mut rest = rest;
        while !rest.is_empty() {
            let mut scan = Scan::text();
            let mut fits = scan.take(rest, MAX_SERIALIZER_SCAN);
            if fits == 0 {
                // A single character always fits in an empty node; this is only a guard.
                fits = rest.chars().next().map_or(rest.len(), char::len_utf8);
                scan.take(&rest[..fits], u64::MAX);
            }
            let (head, tail) = rest.split_at(fits);
            let tree = &self.document.tree;
            let node = tree.new_text(head).id;
            match place {
                Place::Append(parent) => tree.append_child_of(&parent, &node),
                Place::Before(sibling) => tree.insert_before_of(&sibling, &node),
            }
            self.count_node();
            self.scans.borrow_mut().insert(node, scan);
            rest = tail;
        }
    }

    /// Passes `text` on to dom_query, which joins it to the text node `joined` (if any) or
    /// makes a new one, and records the node's scan.
    fn pass_text(&self, place: Place, joined: Option<NodeId>, text: StrTendril, scan: Scan) {
        match place {
            Place::Append(parent) => {
                TreeSink::append(&self.document, &parent, NodeOrText::AppendText(text))
            }
            Place::Before(sibling) => TreeSink::append_before_sibling(
                &self.document,
                &sibling,
                NodeOrText::AppendText(text),
            ),
        }
        if joined.is_none() {
            self.count_node();
        }
        if let Some(node) = self.text_at(place) {
            self.scans.borrow_mut().insert(node, scan);
        }
    }

    fn insert(&self, place: Place, child: NodeOrText<NodeId>) {
        match child {
            NodeOrText::AppendText(text) => self.insert_text(place, text),
            NodeOrText::AppendNode(node) => match place {
                Place::Append(parent) => {
                    TreeSink::append(&self.document, &parent, NodeOrText::AppendNode(node));
                    self.place(&node, self.depth(&parent) + 1);
                }
                Place::Before(sibling) => {
                    TreeSink::append_before_sibling(
                        &self.document,
                        &sibling,
                        NodeOrText::AppendNode(node),
                    );
                    self.place(&node, self.depth(&sibling));
                }
            },
        }
    }
}

/// Attribute values cut where serializing them would scan too much.
fn bounded(mut attrs: Vec<Attribute>) -> Vec<Attribute> {
    for attr in &mut attrs {
        if let Some(cut) = escape::cut_attribute(&attr.value, MAX_SERIALIZER_SCAN) {
            attr.value = StrTendril::from_slice(cut);
        }
    }
    attrs
}

impl TreeSink for Guard {
    type Handle = NodeId;
    type Output = Result<Document, String>;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self::Output {
        match self.refusal.into_inner() {
            Some(refusal) => Err(refusal),
            None => Ok(self.document),
        }
    }

    /// Parse errors are many on hostile pages and nothing reads them: they are not kept.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        TreeSink::get_document(&self.document)
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        TreeSink::elem_name(&self.document, target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let template = flags.template;
        let node = TreeSink::create_element(&self.document, name, bounded(attrs), flags);
        self.depths.borrow_mut().insert(node, 0);
        self.elements.set(self.elements.get() + 1);
        if self.elements.get() > MAX_ELEMENTS {
            self.refuse(|| {
                format!(
                    "page has more than {} elements, the most whosaid parses",
                    budget::thousands(MAX_ELEMENTS as u64)
                )
            });
        }
        self.count_node();
        if template {
            self.count_node();
        }
        node
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.count_node();
        TreeSink::create_comment(&self.document, text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.count_node();
        TreeSink::create_pi(&self.document, target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.insert(Place::Append(*parent), child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        // As dom_query does, through this guard's own insertions.
        if self.document.tree.parent_of(element).is_some() {
            self.insert(Place::Before(*element), child);
        } else {
            self.insert(Place::Append(*prev_element), child);
        }
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.count_node();
        TreeSink::append_doctype_to_document(&self.document, name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        TreeSink::mark_script_already_started(&self.document, node);
    }

    fn pop(&self, node: &NodeId) {
        TreeSink::pop(&self.document, node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        let contents = TreeSink::get_template_contents(&self.document, target);
        let depth = self.depth(target);
        self.depths.borrow_mut().insert(contents, depth);
        contents
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        TreeSink::same_node(&self.document, x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        TreeSink::set_quirks_mode(&self.document, mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.insert(Place::Before(*sibling), new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        if attrs.is_empty() || self.attribute_merges.get() >= MAX_ATTRIBUTE_MERGES {
            return;
        }
        self.attribute_merges.set(self.attribute_merges.get() + 1);
        TreeSink::add_attrs_if_missing(&self.document, target, bounded(attrs));
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        TreeSink::associate_with_form(&self.document, target, form, nodes);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        TreeSink::remove_from_parent(&self.document, target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        TreeSink::reparent_children(&self.document, node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        TreeSink::is_mathml_annotation_xml_integration_point(&self.document, handle)
    }

    fn set_current_line(&self, line_number: u64) {
        TreeSink::set_current_line(&self.document, line_number);
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        TreeSink::allow_declarative_shadow_roots(&self.document, intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        TreeSink::attach_declarative_shadow(&self.document, location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        TreeSink::maybe_clone_an_option_into_selectedcontent(&self.document, option);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text nodes of `document`, each with what it would cost the serializer.
    fn text_scans(document: &Document) -> Vec<(String, u64)> {
        let mut texts = Vec::new();
        for node in document.root().descendants() {
            if node.is_text() {
                let text = node.text().to_string();
                let mut scan = Scan::text();
                scan.take(&text, u64::MAX);
                texts.push((text, scan.scanned()));
            }
        }
        texts
    }

    #[test]
    fn the_parse_in_chunks_builds_the_tree_a_parse_in_one_piece_builds() {
        // Whatever straddles a chunk boundary: a CR LF, a character reference, a multi-byte
        // character, a tag, a comment, a script's end tag.
        for straddler in [
            "\r\n",
            "&amp;",
            "&notin;",
            "é€😀",
            "<p class=x>",
            "<!-- c -->",
            "</script>",
        ] {
            for shift in 0..straddler.len() + 1 {
                let filler = "x".repeat(CHUNK_BYTES - 20 - shift);
                let html = format!(
                    "<html><body><script>{filler}{straddler}</script><p>a{filler}{straddler}b</p>"
                );
                let whole = Document::from(html.as_str());
                let chunked = parse(&html).unwrap();
                assert_eq!(
                    chunked.html(),
                    whole.html(),
                    "{straddler:?} shifted {shift}"
                );
            }
        }
    }

    #[test]
    fn a_costly_text_is_split_into_nodes_that_each_cost_little() {
        let paragraph = "a\u{a0}b&amp;c ".repeat(200_000);
        let html = format!("<html><body><p>{paragraph}</p>");
        let document = parse(&html).unwrap();
        let texts = text_scans(&document);
        assert!(texts.len() > 100, "{} text nodes", texts.len());
        assert!(texts.iter().all(|(_, scan)| *scan <= MAX_SERIALIZER_SCAN));
        let joined: String = texts.iter().map(|(text, _)| text.as_str()).collect();
        assert!(joined == "a\u{a0}b&c ".repeat(200_000), "text changed");
        // A text that costs little stays one node.
        let plain = parse("<p>a&amp;b and c</p>").unwrap();
        assert_eq!(text_scans(&plain).len(), 1);
    }

    #[test]
    fn foster_parented_text_is_bounded_too() {
        // Text inside a table but outside its cells goes before the table.
        let html = format!(
            "<table>{}<tr><td>x</td></tr></table>",
            "a&amp;b ".repeat(100_000)
        );
        let texts = text_scans(&parse(&html).unwrap());
        assert!(texts.len() > 10);
        assert!(texts.iter().all(|(_, scan)| *scan <= MAX_SERIALIZER_SCAN));
    }

    #[test]
    fn a_costly_attribute_value_is_cut() {
        let value = "a&amp;b ".repeat(100_000);
        let html = format!("<p title=\"{value}\" class=\"lead\">x</p>");
        let document = parse(&html).unwrap();
        let p = document.select("p");
        let title = p.attr("title").unwrap();
        assert!(title.len() < 10_000 && "a&b ".repeat(100_000).starts_with(&*title));
        assert_eq!(p.attr("class").as_deref(), Some("lead"));
    }

    #[test]
    fn repeated_body_tags_merge_a_bounded_number_of_times() {
        let bodies: String = (0..1000).map(|n| format!("<body a{n}>")).collect();
        let document = parse(&format!("<html><body>{bodies}<p>x</p>")).unwrap();
        let attributes = document.select("body").nodes()[0].attrs().len();
        assert_eq!(attributes, MAX_ATTRIBUTE_MERGES);
    }

    fn refusal(html: &str) -> String {
        match parse(html) {
            Ok(_) => panic!("parsed"),
            Err(refusal) => refusal,
        }
    }

    #[test]
    fn the_parse_stops_soon_after_a_bound_is_crossed() {
        let deep = format!("<html><body>{}", "<span>".repeat(100_000));
        assert_eq!(
            refusal(&deep),
            "elements nested more than 512 deep, the most whosaid parses"
        );
        // Inside a template too.
        let template = format!("<template>{}</template>", "<div>".repeat(1000));
        assert!(refusal(&template).contains("nested more than"));
        // Formatting elements opened again and again.
        let bold: String = (0..300).map(|n| format!("<b id={n}>")).collect();
        let html = format!("<div>{bold}</div>{}", "<p>x</p>".repeat(10_000));
        assert!(refusal(&html).contains("more than 250,000 elements"));
        let comments = "<!---->".repeat(1_100_000);
        assert!(refusal(&comments).contains("more than 1,000,000 nodes"));
    }
}
