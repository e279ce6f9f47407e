//! The journey as Mermaid flowchart text: one subgraph per lane, steps inside, connections with
//! their labels. Ids are generated (`lane0`, `s0`…) so user ids never reach the syntax, and every
//! label is quoted with Mermaid's entity codes for the characters that would end or alter it.

use std::collections::HashMap;
use std::fmt::Write;

use super::{JourneyDoc, StepKind};

/// A label as a quoted Mermaid string: quotes, `#`, `<`, `>` and `&` become entity codes, line
/// breaks become spaces.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            c if c.is_control() || c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn to_mermaid(title: &str, doc: &JourneyDoc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "---\ntitle: {}\n---", quote(title));
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
    for c in &doc.connections {
        let (Some(from), Some(to)) = (ids.get(c.from.as_str()), ids.get(c.to.as_str())) else {
            continue;
        };
        if c.label.is_empty() {
            let _ = writeln!(out, "  {from} --> {to}");
        } else {
            let _ = writeln!(out, "  {from} -->|{}| {to}", quote(&c.label));
        }
    }
    out
}
