//! The one-line entry of kickoff mode: going round the room, the lead types
//! `name, department, title` and fills in the details later.

/// The parts of one typed line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuickLine {
    pub name: String,
    pub department: String,
    pub title: String,
}

/// Separators accepted between the parts: ASCII and full-width commas, the Japanese `、`,
/// semicolons and tabs, so the line can be typed with either keyboard layout.
const SEPARATORS: [char; 6] = [',', '，', '、', ';', '；', '\t'];

/// Splits `name, department, title`. Missing parts are empty; extra separators stay in the
/// title (titles such as "Manager, Sales Ops" keep their comma).
pub fn parse_line(line: &str) -> QuickLine {
    let mut parts = line.splitn(3, SEPARATORS).map(str::trim);
    QuickLine {
        name: parts.next().unwrap_or_default().to_owned(),
        department: parts.next().unwrap_or_default().to_owned(),
        title: parts.next().unwrap_or_default().to_owned(),
    }
}
