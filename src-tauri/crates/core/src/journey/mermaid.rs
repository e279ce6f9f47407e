//! The journey as Mermaid flowchart text: one subgraph per lane, steps inside, connections with
//! their labels. Ids are generated (`lane0`, `s0`…) so user ids never reach the syntax, every
//! label is quoted with Mermaid's entity codes for the characters that would end or alter it,
//! and the title is a quoted YAML string in the front matter.

use std::collections::HashMap;
use std::fmt::Write;

use super::{JourneyDoc, StepKind};
use crate::render::xml_text;

/// Mermaid's default `maxEdges`: a flowchart with more connections is not drawn.
pub const MERMAID_MAX_EDGES: usize = 500;
/// Mermaid's default `maxTextSize` (in UTF-16 code units, as JavaScript counts a string's
/// length): a longer text is drawn as an error message instead of the diagram.
pub const MERMAID_MAX_TEXT: usize = 50_000;

/// A label as a quoted Mermaid string that reads back as exactly the text typed. Mermaid turns
/// `#code;` into the character only inside the diagram text (not in the front matter), so:
/// - `"` would end the string, `#` would start a code, `|` would end an edge label;
/// - `<`, `>`, `&` would be read as HTML by the renderer;
/// - a backtick right after the opening quote makes a markdown string (`**bold**` bold);
/// - `%%{…}%%` anywhere in the text is a directive (even inside quotes), and `%%` a comment;
/// - a backslash forms `\n`, which the renderer draws as a line break;
/// - `fa:fa-name` is drawn as an icon.
///
/// Each of these becomes its code; line breaks and other controls become spaces (a label is one
/// line of the file), after the characters no export can hold are dropped as in the SVG
/// ([`xml_text`]). Mermaid also turns its own code placeholders, `ﬂ°` and `¶ß`, into `&` and `;`
/// anywhere in the finished picture, after the codes are decoded, so no code can keep them: an
/// invisible word joiner (U+2060) keeps each pair apart.
pub fn quote(text: &str) -> String {
    let text = xml_text(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut previous = None;
    for (i, c) in text.char_indices() {
        if placeholder_pair(previous, c) {
            out.push(WORD_JOINER);
        }
        previous = Some(c);
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '\\' => out.push_str("#92;"),
            ':' if text[i + 1..].starts_with("fa-") => out.push_str("#58;"),
            c if c.is_control() || c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const WORD_JOINER: char = '\u{2060}';

/// Whether `c` after `previous` would complete one of Mermaid's placeholders (`ﬂ°`, `¶ß`).
fn placeholder_pair(previous: Option<char>, c: char) -> bool {
    matches!((previous, c), (Some('ﬂ'), '°') | (Some('¶'), 'ß'))
}

/// The title as a YAML double-quoted string for the front matter: backslash and quote escaped
/// the YAML way (Mermaid does not decode its `#code;`s there), line breaks and controls spaces.
/// `<` becomes the full-width `＜`: Mermaid passes the title through an HTML sanitiser before it
/// draws it as text, which drops `<…>` as markup and shows a lone `<` as `&lt;`, so no spelling
/// of `<` reaches the picture. `>` and `&` arrive as typed once there is no `<`. Mermaid's
/// placeholders are kept apart as in [`quote`].
pub fn yaml_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    // YAML refuses U+FFFE and U+FFFF; `xml_text` drops them with the controls no export holds.
    let mut previous = None;
    for c in xml_text(text).chars() {
        if placeholder_pair(previous, c) {
            out.push(WORD_JOINER);
        }
        previous = Some(c);
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push('＜'),
            c if c.is_control() || c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What the file would make Mermaid refuse with its default settings, when anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct MermaidLimits {
    /// Connections drawn (each an edge).
    pub edges: u32,
    pub max_edges: u32,
    /// Length of the text as Mermaid measures it.
    pub text_size: u32,
    pub max_text_size: u32,
}

impl MermaidLimits {
    /// The limits of `text` with `edges` connections, when it is over either of them.
    pub fn of(text: &str, edges: usize) -> Option<Self> {
        let text_size = text.encode_utf16().count();
        (edges > MERMAID_MAX_EDGES || text_size > MERMAID_MAX_TEXT).then(|| Self {
            edges: u32::try_from(edges).unwrap_or(u32::MAX),
            max_edges: MERMAID_MAX_EDGES as u32,
            text_size: u32::try_from(text_size).unwrap_or(u32::MAX),
            max_text_size: MERMAID_MAX_TEXT as u32,
        })
    }

    /// The warning in words, for the command line and the file itself.
    pub fn describe(&self) -> String {
        format!(
            "this journey has {} connections and {} characters of Mermaid text; Mermaid's default \
             limits are {} edges and {} characters, so GitHub, Notion and other Mermaid viewers \
             will not draw it. Split it into smaller journeys (a lane or a stage range each), or \
             export it as draw.io or SVG",
            self.edges, self.text_size, self.max_edges, self.max_text_size
        )
    }
}

pub fn to_mermaid(title: &str, doc: &JourneyDoc) -> String {
    to_mermaid_checked(title, doc).0
}

/// The Mermaid text and, when it is over Mermaid's default limits, what they are. The file is
/// written all the same (a viewer with raised limits draws it) and starts with a comment that
/// says so.
pub fn to_mermaid_checked(title: &str, doc: &JourneyDoc) -> (String, Option<MermaidLimits>) {
    let mut out = String::new();
    let _ = writeln!(out, "---\ntitle: {}\n---", yaml_title(title));
    out.push_str("flowchart LR\n");
    let ids: HashMap<&str, String> = doc
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), format!("s{i}")))
        .collect();
    for (li, lane) in doc.lanes.iter().enumerate() {
        let _ = writeln!(out, "  subgraph lane{li}[{}]", quote(&lane.name));
        out.push_str("    direction LR\n");
        for (si, step) in doc.steps.iter().enumerate() {
            if step.lane != lane.id {
                continue;
            }
            let label = quote(&step.title);
            let _ = match step.kind {
                StepKind::Action => writeln!(out, "    s{si}[{label}]"),
                StepKind::Touchpoint => writeln!(out, "    s{si}([{label}])"),
                StepKind::Document => writeln!(out, "    s{si}[/{label}/]"),
                StepKind::Decision => writeln!(out, "    s{si}{{{label}}}"),
                StepKind::Milestone => writeln!(out, "    s{si}[[{label}]]"),
            };
        }
        out.push_str("  end\n");
    }
    let mut edges = 0;
    for c in &doc.connections {
        let (Some(from), Some(to)) = (ids.get(c.from.as_str()), ids.get(c.to.as_str())) else {
            continue;
        };
        edges += 1;
        if c.label.is_empty() {
            let _ = writeln!(out, "  {from} --> {to}");
        } else {
            let _ = writeln!(out, "  {from} -->|{}| {to}", quote(&c.label));
        }
    }
    let limits = MermaidLimits::of(&out, edges);
    if let Some(limits) = &limits {
        // After the front matter, which Mermaid wants first; `%%` lines are comments.
        let at = out.find("flowchart LR\n").unwrap_or(0);
        out.insert_str(at, &format!("%% Note: {}.\n", limits.describe()));
    }
    (out, limits)
}
