//! Splitting a large SVG into layers that are painted one after the other onto the same picture,
//! so the layers can be read (which lays out every text: the slow part of a 1,000-step journey)
//! on several threads at once.
//!
//! Painting the layers in order is the same as painting the whole document only when no element
//! needs another one outside `<defs>` and no group composites its children as one (opacity,
//! filter, mask, clip). So the split is done only on simple documents: the root's children, and
//! the children of plain `<g>`s (no attribute but `transform`) directly under the root; `<defs>`
//! go into every layer. Anything else (an `id` outside `<defs>`, `<use>`, `<style>`, text
//! directly under the root or a group, markup quick-xml cannot read) leaves the document whole.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One element painted in document order, with the plain group it sits in (its start tag), if
/// any.
struct Item<'a> {
    group: Option<&'a str>,
    markup: &'a str,
}

/// Elements that may not be split apart from what they refer to or what refers to them.
const NOT_SPLIT: &[&str] = &["use", "style", "script", "a", "switch", "foreignObject"];

fn plain_group(tag: &BytesStart<'_>) -> bool {
    tag.name().as_ref() == "g"
        && tag
            .attributes()
            .all(|a| a.is_ok_and(|a| a.key.as_ref() == "transform"))
}

fn has_id(tag: &BytesStart<'_>) -> bool {
    tag.attributes()
        .any(|a| a.map_or(true, |a| a.key.as_ref() == "id"))
}

/// An element being read: where it starts, whether it is a plain group directly under the root,
/// and whether it is (inside) a `<defs>`.
struct Open {
    start: usize,
    group: bool,
    defs: bool,
}

/// The root's start tag, every `<defs>`, and the painted elements in order; `None` when the
/// document is not simple enough to split. One loop over the XML events, kept whole: every
/// branch reads and updates the same state (open elements, the current group, the position).
fn read(svg: &str) -> Option<(&str, String, Vec<Item<'_>>)> {
    let mut reader = Reader::from_str(svg);
    let mut root = None;
    let mut defs = String::new();
    let mut items = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut group: Option<&str> = None;
    let mut at = 0usize;
    loop {
        let event = reader.read_event().ok()?;
        let end = usize::try_from(reader.buffer_position()).ok()?;
        let markup = svg.get(at..end)?;
        // How deep the event sits: 1 = directly under the root.
        let depth = open.len();
        let in_defs = open.last().is_some_and(|o| o.defs);
        let (tag, empty) = match event {
            Event::Start(tag) => (tag, false),
            Event::Empty(tag) => (tag, true),
            Event::End(_) => {
                let done = open.pop()?;
                let depth = open.len();
                if done.defs {
                    if depth == 1 {
                        defs.push_str(svg.get(done.start..end)?);
                    }
                } else if done.group {
                    group = None;
                } else if depth == 1 || (depth == 2 && group.is_some()) {
                    items.push(Item {
                        group: group.filter(|_| depth == 2),
                        markup: svg.get(done.start..end)?,
                    });
                }
                at = end;
                continue;
            }
            // Text right in the root or a split group would be lost between layers.
            Event::Text(text)
                if !in_defs
                    && (depth == 1 || (depth == 2 && group.is_some()))
                    && !text.trim().is_empty() =>
            {
                return None;
            }
            Event::Eof => break,
            _ => {
                at = end;
                continue;
            }
        };
        at = end;
        let name = tag.name();
        if in_defs {
            if !empty {
                open.push(Open {
                    start: 0,
                    group: false,
                    defs: true,
                });
            }
            continue;
        }
        if depth == 0 {
            if name.as_ref() != "svg" || empty {
                return None;
            }
            root = Some(markup);
        } else if NOT_SPLIT.contains(&name.as_ref()) || has_id(&tag) {
            return None;
        } else if empty {
            if depth == 1 || (depth == 2 && group.is_some()) {
                items.push(Item {
                    group: group.filter(|_| depth == 2),
                    markup,
                });
            }
            continue;
        }
        let is_group = depth == 1 && plain_group(&tag);
        if is_group {
            group = Some(markup);
        }
        open.push(Open {
            start: end - markup.len(),
            group: is_group,
            defs: depth == 1 && name.as_ref() == "defs",
        });
    }
    Some((root?, defs, items))
}

/// Up to `parts` layers of about the same size, in painting order; one (the document itself)
/// when it cannot be split.
pub(super) fn split(svg: &str, parts: usize) -> Vec<String> {
    let whole = || vec![svg.to_owned()];
    let Some((root, defs, items)) = read(svg).filter(|(_, _, items)| items.len() >= 2) else {
        return whole();
    };
    if parts < 2 {
        return whole();
    }
    let total: usize = items.iter().map(|i| i.markup.len()).sum();
    let share = total.div_ceil(parts).max(1);
    let mut layers = Vec::with_capacity(parts);
    let mut layer = String::new();
    let mut open_group: Option<&str> = None;
    let mut size = 0;
    let close = |layer: &mut String, open_group: &mut Option<&str>| {
        if open_group.take().is_some() {
            layer.push_str("</g>");
        }
        layer.push_str("</svg>");
    };
    for item in items {
        if layer.is_empty() {
            layer.push_str(root);
            layer.push_str(&defs);
        }
        if item.group != open_group {
            if open_group.is_some() {
                layer.push_str("</g>");
            }
            if let Some(tag) = item.group {
                layer.push_str(tag);
            }
            open_group = item.group;
        }
        layer.push_str(item.markup);
        size += item.markup.len();
        if size >= share && layers.len() + 1 < parts {
            close(&mut layer, &mut open_group);
            layers.push(std::mem::take(&mut layer));
            size = 0;
        }
    }
    if !layer.is_empty() {
        close(&mut layer, &mut open_group);
        layers.push(layer);
    }
    layers
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">"#;

    #[test]
    fn a_plain_group_is_split_with_its_transform_and_defs_go_into_every_layer() {
        let svg = format!(
            r##"{ROOT}<defs><marker id="m"><path d="M0,0 L1,1"/></marker></defs><rect width="100" height="10"/> <g transform="translate(0,10)"><rect width="5" height="5"/><text x="1" y="9">a &amp; b</text><path d="M0,0 L9,9" marker-end="url(#m)"/></g></svg>"##
        );
        let layers = split(&svg, 2);
        assert_eq!(layers.len(), 2, "{layers:#?}");
        for layer in &layers {
            assert!(layer.starts_with(ROOT), "{layer}");
            assert!(layer.contains(r#"<marker id="m">"#), "{layer}");
            assert!(layer.ends_with("</svg>"), "{layer}");
            crate::render::parse(layer).expect("every layer is a document");
        }
        let all = layers.concat();
        for piece in [
            r#"<rect width="100" height="10"/>"#,
            r#"<rect width="5" height="5"/>"#,
            "<text x=\"1\" y=\"9\">a &amp; b</text>",
            r##"<path d="M0,0 L9,9" marker-end="url(#m)"/>"##,
        ] {
            assert_eq!(all.matches(piece).count(), 1, "{piece} once in {layers:#?}");
        }
        // Group children keep their group's transform in whichever layer they land.
        assert_eq!(
            all.matches(r#"<g transform="translate(0,10)">"#).count(),
            all.matches("</g>").count()
        );
    }

    #[test]
    fn documents_that_are_not_simple_stay_whole() {
        for body in [
            r##"<rect id="r" width="5" height="5"/><use href="#r"/>"##,
            r#"<style>rect { fill: red }</style><rect width="5" height="5"/>"#,
            r#"<g transform="translate(1,1)">loose text<rect width="5" height="5"/></g>"#,
            r#"<rect width="5" height="5"/><g><rect id="x" width="5" height="5"/></g>"#,
            r#"<rect width="5" height="5"/><rect width="5" height="5">"#,
        ] {
            let svg = format!("{ROOT}{body}</svg>");
            assert_eq!(split(&svg, 4), std::slice::from_ref(&svg), "{body}");
        }
        // A group that composites its children (opacity) moves as one piece.
        let svg = format!(
            r#"{ROOT}<rect width="5" height="5"/><g opacity="0.5"><rect width="9" height="9"/><rect width="8" height="8"/></g></svg>"#
        );
        let layers = split(&svg, 4);
        assert_eq!(layers.len(), 2);
        assert!(layers[1].contains(
            r#"<g opacity="0.5"><rect width="9" height="9"/><rect width="8" height="8"/></g>"#
        ));
    }
}
