//! Laying a document out on A4 pages: text wrapped to its width (measured with the font's own
//! advances; Japanese text may break between any two characters, other text at spaces), tables
//! whose rows are never cut by a page break — a row that does not fit on the rest of a page
//! starts the next one, under the table's header again. Only a row taller than a whole page is
//! continued across pages. Pure: [`super::pdf`] draws what this places.

/// A4 in PDF points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
const CELL_PAD: f32 = 4.0;
const LINE: f32 = 1.45;
/// The font's ascent as a share of the font size (Noto Sans CJK: 0.88).
const ASCENT: f32 = 0.88;

/// What a document is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// Column widths are relative; an empty header draws none.
    Table {
        header: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
}

impl Block {
    /// A table of `rows` under `header` (empty: no header), columns sized by `widths`.
    pub fn table(header: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> Self {
        Block::Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            widths: widths.to_vec(),
            rows,
        }
    }
}

/// One thing placed on a page; `y` grows downwards from the page's top.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A character's advance at font size 1.
pub trait Measure {
    fn advance(&self, c: char, bold: bool) -> f32;
}

fn breaks_anywhere(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Punctuation a Japanese line may not start with (kinsoku): no break before it.
fn closes(c: char) -> bool {
    "、。，．）」』】〕！？ー・：；".contains(c)
}

/// `text` in lines no wider than `width`; a line break in the text always starts a new line.
pub fn wrap(m: &dyn Measure, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut w = 0.0;
        // Byte offsets in `line` where it may be broken: the one before the latest, the latest.
        let mut splits: (Option<usize>, Option<usize>) = (None, None);
        let may_split = |splits: &mut (Option<usize>, Option<usize>), at: usize| {
            if splits.1 != Some(at) {
                *splits = (splits.1, Some(at));
            }
        };
        for c in hard.chars().map(|c| if c.is_control() { ' ' } else { c }) {
            let cw = m.advance(c, bold) * size;
            if w + cw > width && !line.is_empty() && c != ' ' {
                // Closing punctuation does not start a line: break one opportunity earlier.
                let at = if closes(c) && splits.1 == Some(line.len()) {
                    splits.0
                } else {
                    splits.1
                };
                let rest = match at.filter(|&i| i > 0) {
                    Some(i) => line.split_off(i),
                    None => String::new(),
                };
                lines.push(line.trim_end().to_owned());
                line = rest.trim_start().to_owned();
                w = line.chars().map(|c| m.advance(c, bold) * size).sum();
                splits = (None, None);
            }
            if breaks_anywhere(c) && !closes(c) {
                may_split(&mut splits, line.len());
            }
            line.push(c);
            w += cw;
            if c == ' ' || breaks_anywhere(c) {
                may_split(&mut splits, line.len());
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

struct Pages<'a> {
    m: &'a dyn Measure,
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl Pages<'_> {
    fn bottom() -> f32 {
        PAGE_HEIGHT - MARGIN
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    fn text(&mut self, text: &str, size: f32, bold: bool, gap_before: f32) {
        if self.y > MARGIN {
            self.y += gap_before;
        }
        for line in wrap(self.m, text, size, bold, PAGE_WIDTH - 2.0 * MARGIN) {
            if self.y + size * LINE > Self::bottom() {
                self.new_page();
            }
            self.push(Item::Text {
                x: MARGIN,
                y: self.y + size * ASCENT,
                size,
                bold,
                text: line,
            });
            self.y += size * LINE;
        }
    }

    /// One row of cells (already wrapped) from the current position; `lines` lines of each
    /// cell starting at `from`.
    fn row(
        &mut self,
        xs: &[f32],
        cells: &[Vec<String>],
        from: usize,
        lines: usize,
        size: f32,
        bold: bool,
    ) {
        let h = lines as f32 * size * LINE + 2.0 * CELL_PAD;
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        if bold {
            self.push(Item::Shade {
                x: left,
                y: self.y,
                w: right - left,
                h,
            });
        }
        for (i, cell) in cells.iter().enumerate() {
            for (k, line) in cell.iter().skip(from).take(lines).enumerate() {
                self.push(Item::Text {
                    x: xs[i] + CELL_PAD,
                    y: self.y + CELL_PAD + k as f32 * size * LINE + size * ASCENT,
                    size,
                    bold,
                    text: line.clone(),
                });
            }
        }
        let y = self.y;
        self.push(Item::Rule {
            x1: left,
            y1: y,
            x2: right,
            y2: y,
        });
        self.push(Item::Rule {
            x1: left,
            y1: y + h,
            x2: right,
            y2: y + h,
        });
        for &x in xs {
            self.push(Item::Rule {
                x1: x,
                y1: y,
                x2: x,
                y2: y + h,
            });
        }
        self.y += h;
    }

    fn table(&mut self, header: &[String], widths: &[f32], rows: &[Vec<String>]) {
        const SIZE: f32 = 9.0;
        let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
        let mut xs = vec![MARGIN];
        for w in widths {
            let last = xs[xs.len() - 1];
            xs.push(last + w / total * (PAGE_WIDTH - 2.0 * MARGIN));
        }
        let wrap_row = |row: &[String], bold: bool| -> Vec<Vec<String>> {
            row.iter()
                .enumerate()
                .map(|(i, t)| wrap(self.m, t, SIZE, bold, xs[i + 1] - xs[i] - 2.0 * CELL_PAD))
                .collect()
        };
        let head = wrap_row(header, true);
        let head_lines = head.iter().map(Vec::len).max().unwrap_or(0);
        let height = |n: usize| n as f32 * SIZE * LINE + 2.0 * CELL_PAD;
        self.y += 4.0;
        let mut need_head = true;
        for row in rows {
            let cells = wrap_row(row, false);
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let head_h = if head_lines > 0 {
                height(head_lines)
            } else {
                0.0
            };
            if self.y + height(n) + if need_head { head_h } else { 0.0 } > Self::bottom() {
                self.new_page();
                need_head = true;
            }
            if need_head && head_lines > 0 {
                self.row(&xs, &head, 0, head_lines, SIZE, true);
            }
            need_head = false;
            // A row taller than a page goes on in parts, each under the header again.
            let mut from = 0;
            while from < n {
                let room = ((Self::bottom() - self.y - 2.0 * CELL_PAD) / (SIZE * LINE)).floor();
                let take = (n - from).min(room.max(1.0) as usize);
                self.row(&xs, &cells, from, take, SIZE, false);
                from += take;
                if from < n {
                    self.new_page();
                    if head_lines > 0 {
                        self.row(&xs, &head, 0, head_lines, SIZE, true);
                    }
                }
            }
        }
    }
}

/// The pages of `blocks`, each a list of placed items.
pub fn lay_out(m: &dyn Measure, blocks: &[Block]) -> Vec<Vec<Item>> {
    let mut pages = Pages {
        m,
        pages: Vec::new(),
        y: MARGIN,
    };
    pages.new_page();
    for block in blocks {
        match block {
            Block::Title(t) => pages.text(t, 18.0, true, 0.0),
            Block::Heading(t) => pages.text(t, 13.0, true, 14.0),
            Block::Paragraph(t) => pages.text(t, 10.0, false, 4.0),
            Block::Table {
                header,
                widths,
                rows,
            } => pages.table(header, widths, rows),
        }
    }
    pages.pages
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 1 em wide.
    struct Mono;
    impl Measure for Mono {
        fn advance(&self, _: char, _: bool) -> f32 {
            1.0
        }
    }

    #[test]
    fn wraps_latin_at_spaces_and_japanese_anywhere() {
        assert_eq!(
            wrap(&Mono, "aaa bbb ccc", 1.0, false, 7.0),
            ["aaa bbb", "ccc"]
        );
        assert_eq!(
            wrap(&Mono, "日本語の文章です", 1.0, false, 3.0),
            ["日本語", "の文章", "です"]
        );
        assert_eq!(
            wrap(&Mono, "abcdefgh", 1.0, false, 3.0),
            ["abc", "def", "gh"]
        );
        assert_eq!(wrap(&Mono, "a\nb", 1.0, false, 9.0), ["a", "b"]);
        assert_eq!(
            wrap(&Mono, "日本語。です", 1.0, false, 3.0),
            ["日本", "語。で", "す"]
        );
    }

    /// All of a row's text lands on one page, and every page starts with the header.
    #[test]
    fn no_row_is_cut_by_a_page_break() {
        let rows: Vec<Vec<String>> = (0..60)
            .map(|i| vec![format!("row{i}"), format!("r{i} ").repeat(i % 7 * 12)])
            .collect();
        let pages = lay_out(
            &Mono,
            &[Block::Table {
                header: vec!["A".into(), "B".into()],
                widths: vec![1.0, 3.0],
                rows,
            }],
        );
        assert!(pages.len() > 2, "long enough for several pages");
        let mut page_of = std::collections::HashMap::new();
        for (p, page) in pages.iter().enumerate() {
            for item in page {
                if let Item::Text { text, y, .. } = item {
                    assert!(*y < PAGE_HEIGHT - MARGIN, "text above the bottom margin");
                    for word in text.split_whitespace() {
                        let row = word.trim_start_matches("row").trim_start_matches('r');
                        if let Ok(row) = row.parse::<usize>() {
                            let first = *page_of.entry(row).or_insert(p);
                            assert_eq!(first, p, "row {row} split across pages");
                        }
                    }
                }
            }
            let heads = page
                .iter()
                .filter(|i| matches!(i, Item::Text { text, bold: true, .. } if text == "A"))
                .count();
            assert_eq!(heads, 1, "the header on every page");
        }
        assert_eq!(page_of.len(), 60);
    }
}
