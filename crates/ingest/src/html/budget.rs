//! The bounds a page's tree must keep for whosaid to take its main text, and the measure of
//! a parsed tree against them.
//!
//! dom_smoothie (and dom_query under it) walks the tree recursively, so nesting costs stack;
//! and it asks, for many elements, questions about all their descendants (which of them
//! match a selector, how many characters of text they hold), so its time grows with the sum
//! over elements of their depth and the sum over text of its depth, not with the page's size:
//! 10,000 nested `<div>`s take seconds, 100,000 crash. The bounds below are set far above
//! what news pages have and low enough that the worst tree within all of them takes seconds,
//! and no stack, even a 1 MiB one in a debug build, overflows.

use dom_query::{Document, NodeData, NodeId};

/// How deep elements may nest (`<html>` is 1, `<body>` 2). News pages nest a few dozen deep;
/// dom_smoothie's recursion overflows a 1 MiB stack (a debug build's) at a few thousand.
pub const MAX_DEPTH: usize = 512;

/// The most the depths of all elements may add up to: dom_smoothie's time grows with it (an
/// element's descendant queries cost its subtree, and each element is in the subtree of each
/// ancestor). News pages add up to a few tens of thousands.
pub const MAX_DEPTH_SUM: u64 = 2_000_000;

/// The most the depths of all text bytes may add up to (each byte counts the elements it is
/// in): dom_smoothie counts an element's text for each of its ancestors. News pages add up to
/// a few million; a flat page at the size limit stays under it, the same text a few hundred
/// elements deep does not.
pub const MAX_TEXT_DEPTH_SUM: u64 = 200_000_000;

/// Pages with more elements than this are refused: a DOM takes many times the size of its
/// HTML, and dom_smoothie's cost grows with it.
pub const MAX_ELEMENTS: usize = 250_000;

/// Pages with more nodes (elements, texts, comments) than this are refused too: a page of
/// nothing but comments makes millions of them.
pub const MAX_NODES: usize = 1_000_000;

/// The most attribute names html5ever's tokenizer may compare in reading a page (a tag with n
/// attributes takes n(n-1)/2; see [`super::tags`] for how the bound is found from the bytes).
/// News pages need under a million (most of them for "tags" that are really inside scripts).
pub const MAX_ATTRIBUTE_COMPARISONS: u64 = 500_000_000;

/// The most `&` a page may have. Every character reference starts with one, and html5ever
/// takes up to a few microseconds for one (a long name that almost matches); news pages have
/// a few thousand.
pub const MAX_AMPERSANDS: usize = 500_000;

/// What the bounds are about in a parsed tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    pub elements: usize,
    /// The depth of the deepest element.
    pub deepest: usize,
    /// The sum over elements of their depth.
    pub depth_sum: u64,
    /// The sum over text bytes of their depth (the depth of the element they are in).
    pub text_depth_sum: u64,
}

/// Measures the tree of `document` (template contents included), without recursion.
pub fn measure(document: &Document) -> Shape {
    let tree = &document.tree;
    let mut shape = Shape::default();
    // Nodes to visit with the depth of the element they are in.
    let mut stack: Vec<(NodeId, usize)> = vec![(tree.root_id(), 0)];
    while let Some((node, depth)) = stack.pop() {
        let (inside, template) = tree
            .query_node(&node, |node| match &node.data {
                NodeData::Element(element) => (depth + 1, element.template_contents),
                NodeData::Text { contents } => {
                    let bytes = contents.len() as u64;
                    shape.text_depth_sum = shape
                        .text_depth_sum
                        .saturating_add(bytes.saturating_mul(depth as u64));
                    (depth, None)
                }
                _ => (depth, None),
            })
            .unwrap_or((depth, None));
        if inside > depth {
            shape.elements += 1;
            shape.deepest = shape.deepest.max(inside);
            shape.depth_sum = shape.depth_sum.saturating_add(inside as u64);
        }
        stack.extend(
            tree.child_ids_of_it(&node, false)
                .map(|child| (child, inside)),
        );
        stack.extend(template.map(|contents| (contents, inside)));
    }
    shape
}

/// Says which bound `shape` crosses, if any, for people.
pub fn check(shape: &Shape) -> Result<(), String> {
    if shape.deepest > MAX_DEPTH {
        return Err(format!(
            "nested {} elements deep, more than the {} whosaid parses",
            thousands(shape.deepest as u64),
            thousands(MAX_DEPTH as u64)
        ));
    }
    if shape.depth_sum > MAX_DEPTH_SUM {
        return Err(format!(
            "{} elements whose depths add up to {}, more than the {} whosaid parses",
            thousands(shape.elements as u64),
            thousands(shape.depth_sum),
            thousands(MAX_DEPTH_SUM)
        ));
    }
    if shape.text_depth_sum > MAX_TEXT_DEPTH_SUM {
        return Err(format!(
            "text nested so deep that its bytes times their depths add up to {}, more than \
             the {} whosaid parses",
            thousands(shape.text_depth_sum),
            thousands(MAX_TEXT_DEPTH_SUM)
        ));
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_counts_depths_of_elements_and_text() {
        let shape = measure(&Document::from("<p>abc</p><div><span>de</span></div>"));
        // html 1, head 2, body 2, p 3, div 3, span 4.
        assert_eq!(shape.elements, 6);
        assert_eq!(shape.deepest, 4);
        assert_eq!(shape.depth_sum, 1 + 2 + 2 + 3 + 3 + 4);
        assert_eq!(shape.text_depth_sum, 3 * 3 + 2 * 4);
    }

    #[test]
    fn template_contents_are_measured_too() {
        let shape = measure(&Document::from(
            "<template><div><div><div></div></div></div></template>",
        ));
        // html, head, template (3), and three divs inside it.
        assert_eq!(shape.deepest, 6);
    }

    #[test]
    fn each_bound_is_named_when_crossed() {
        let ok = Shape {
            elements: 100,
            deepest: 20,
            depth_sum: 1000,
            text_depth_sum: 100_000,
        };
        assert_eq!(check(&ok), Ok(()));
        let deep = Shape {
            deepest: 30_001,
            ..ok
        };
        assert_eq!(
            check(&deep).unwrap_err(),
            "nested 30,001 elements deep, more than the 512 whosaid parses"
        );
        let wide = Shape {
            depth_sum: MAX_DEPTH_SUM + 1,
            ..ok
        };
        assert!(check(&wide).unwrap_err().contains("depths add up to"));
        let texty = Shape {
            text_depth_sum: MAX_TEXT_DEPTH_SUM + 1,
            ..ok
        };
        assert!(check(&texty)
            .unwrap_err()
            .contains("bytes times their depths"));
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(512), "512");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(30_001), "30,001");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
