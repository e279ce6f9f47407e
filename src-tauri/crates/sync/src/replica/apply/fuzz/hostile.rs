//! The hostile pages: changes of the kinds and fields a replica knows, aimed at the file's own
//! records or at new ones, whose values are often a valid value of the field (taken from another
//! record) and otherwise wrong JSON types, bad and odd dates, out-of-range numbers, huge, NUL,
//! control-character and markup texts, unknown codes, broken journey documents and references to
//! unknown records or to records of another project or kind. The choices are abstract (indices)
//! and resolved against the file's records, so proptest shrinks them.

use std::collections::HashMap;

use firstgoal_protocol::{Change, Op, PullResponse, StoredChange};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::super::tables::Kind;

/// Per kind, each record's uid and fields.
pub type Records = HashMap<&'static str, Vec<(String, HashMap<String, Value>)>>;

/// The records of the file as they travel.
pub struct Catalogue {
    pub kinds: Vec<Kind>,
    pub records: Records,
    pub uids: Vec<String>,
}

/// A value for a field.
#[derive(Debug, Clone)]
pub enum Hostile {
    /// The field's value in a record of the file (valid, mostly).
    Copy(Index),
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Text(&'static str),
    /// A text of this many characters.
    Long(usize),
    /// Any record's uid (of any kind and project).
    Uid(Index),
    /// The uid of no record.
    Unknown(u128),
    Array,
    Object,
    /// A journey document of the file with one node replaced or removed.
    Journey(Index, Index, Option<Box<Hostile>>),
}

/// One change of a page.
#[derive(Debug, Clone)]
pub struct Planned {
    kind: Index,
    /// A record of the file, or one of a few new ones.
    record: Result<Index, u8>,
    op: PlannedOp,
}

#[derive(Debug, Clone)]
enum PlannedOp {
    Set(Index, Hostile),
    Delete,
    /// A new record, every field from a record of the file but these, `missing` left out,
    /// `extra` a field no version knows.
    Create {
        like: Index,
        with: Vec<(Index, Hostile)>,
        missing: Option<Index>,
        extra: bool,
    },
    /// A kind no version knows.
    UnknownKind,
}

const TEXTS: &[&str] = &[
    "",
    "   ",
    "not a date",
    "2026-02-30",
    "0000-01-01",
    "9999-12-31",
    "1969-12-31",
    "2201-01-01",
    "2026-1-1",
    " 2026-01-01",
    "2026-01-01T09:00:00Z",
    "２０２６-01-01",
    "2026-03-01",
    "1970-01-01",
    "2200-12-31",
    "unknown",
    "ACTIVE",
    "achieved",
    "high_touch",
    "left_company",
    "csm",
    "meeting",
    "3m",
    "a\u{0}b",
    "line\u{1}\u{1b}[31m\r\nnext\u{7}",
    "<script>alert(1)</script>&amp;]]><!--",
    "\u{202e}reversed",
    "\u{FFFE}\u{FFFF}",
    "not json",
    "{}",
    "[]",
    "null",
    "[\"emperor\"]",
    "[\"decision_maker\",\"decision_maker\"]",
    "{\"stages\":[]}",
    "not-a-uid",
    "00000000-0000-0000-0000-000000000000",
];

fn hostile_leaf() -> impl Strategy<Value = Hostile> {
    prop_oneof![
        6 => any::<Index>().prop_map(Hostile::Copy),
        1 => Just(Hostile::Null),
        1 => any::<bool>().prop_map(Hostile::Bool),
        2 => prop_oneof![
            Just(99i64),
            Just(-1),
            Just(0),
            Just(6),
            Just(i64::MAX),
            Just(i64::MIN),
            any::<i64>()
        ]
        .prop_map(Hostile::Int),
        1 => prop_oneof![Just(1.5f64), Just(1e308), Just(-0.0)].prop_map(Hostile::Real),
        4 => proptest::sample::select(TEXTS).prop_map(Hostile::Text),
        1 => prop_oneof![Just(201usize), Just(2001), Just(100_001)].prop_map(Hostile::Long),
        2 => any::<Index>().prop_map(Hostile::Uid),
        1 => any::<u128>().prop_map(Hostile::Unknown),
        1 => Just(Hostile::Array),
        1 => Just(Hostile::Object),
    ]
}

fn hostile() -> impl Strategy<Value = Hostile> {
    prop_oneof![
        12 => hostile_leaf(),
        1 => (any::<Index>(), any::<Index>(), proptest::option::of(hostile_leaf()))
            .prop_map(|(doc, node, with)| Hostile::Journey(doc, node, with.map(Box::new))),
    ]
}

fn planned() -> impl Strategy<Value = Planned> {
    let op = prop_oneof![
        10 => (any::<Index>(), hostile()).prop_map(|(f, v)| PlannedOp::Set(f, v)),
        1 => Just(PlannedOp::Delete),
        3 => (
            any::<Index>(),
            proptest::collection::vec((any::<Index>(), hostile()), 0..3),
            proptest::option::weighted(0.2, any::<Index>()),
            proptest::bool::weighted(0.1),
        )
            .prop_map(|(like, with, missing, extra)| PlannedOp::Create { like, with, missing, extra }),
        1 => Just(PlannedOp::UnknownKind),
    ];
    let record = prop_oneof![
        5 => any::<Index>().prop_map(Ok),
        1 => (0u8..4).prop_map(Err),
    ];
    (any::<Index>(), record, op).prop_map(|(kind, record, op)| Planned { kind, record, op })
}

/// Pages of changes, in order.
pub fn pages() -> impl Strategy<Value = Vec<Vec<Planned>>> {
    proptest::collection::vec(proptest::collection::vec(planned(), 1..25), 1..4)
}

/// The person who made the changes (not this replica's).
pub fn author() -> Uuid {
    Uuid::from_u128(0xa11ce)
}

impl Catalogue {
    /// The page `planned`, its changes numbered from `seq`.
    pub fn page(&self, planned: &[Planned], seq: &mut i64) -> PullResponse {
        let mut changes = Vec::new();
        for p in planned {
            let kind = p.kind.get(&self.kinds);
            let records = &self.records[kind.table];
            let uid = match p.record {
                Ok(i) if !records.is_empty() => i.get(records).0.clone(),
                Ok(_) => self.new_uid(kind, 0),
                Err(n) => self.new_uid(kind, n),
            };
            for (kind, op) in self.ops(kind, &p.op) {
                *seq += 1;
                changes.push(StoredChange {
                    seq: *seq,
                    author: author(),
                    change: Change {
                        change_id: Uuid::from_u128(*seq as u128),
                        kind,
                        record_id: Uuid::parse_str(&uid).unwrap_or_default(),
                        base_seq: 0,
                        op,
                    },
                });
            }
        }
        PullResponse {
            changes,
            next_cursor: *seq,
            more: false,
        }
    }

    fn new_uid(&self, kind: &Kind, n: u8) -> String {
        let k = self.kinds.iter().position(|k| k.table == kind.table);
        Uuid::from_u128((0xfe00 + k.unwrap_or(0) as u128) << 8 | u128::from(n)).to_string()
    }

    fn ops(&self, kind: &Kind, op: &PlannedOp) -> Vec<(String, Op)> {
        let set = |field: &str, value: Value| {
            (
                kind.table.to_owned(),
                Op::Set {
                    field: field.to_owned(),
                    value,
                },
            )
        };
        match op {
            PlannedOp::Delete => vec![(kind.table.to_owned(), Op::Delete)],
            PlannedOp::UnknownKind => vec![(
                "no_such_kind".to_owned(),
                Op::Set {
                    field: "name".to_owned(),
                    value: json!("x"),
                },
            )],
            PlannedOp::Set(field, value) => {
                let field = field.get(&kind.fields);
                vec![set(field, self.value(kind, field, value))]
            }
            PlannedOp::Create {
                like,
                with,
                missing,
                extra,
            } => {
                let records = &self.records[kind.table];
                let like = (!records.is_empty()).then(|| &like.get(records).1);
                let mut out = Vec::new();
                for (f, field) in kind.fields.iter().enumerate() {
                    if missing.is_some_and(|m| m.index(kind.fields.len()) == f) {
                        continue;
                    }
                    let value = with
                        .iter()
                        .rev()
                        .find(|(i, _)| i.index(kind.fields.len()) == f)
                        .map(|(_, v)| self.value(kind, field, v))
                        .or_else(|| like.and_then(|l| l.get(field)).cloned())
                        .unwrap_or(Value::Null);
                    out.push(set(field, value));
                }
                if *extra {
                    out.push(set("no_such_field", json!(1)));
                }
                out
            }
        }
    }

    /// The JSON value `h` stands for, for `field` of `kind`.
    fn value(&self, kind: &Kind, field: &str, h: &Hostile) -> Value {
        match h {
            Hostile::Copy(i) => {
                let records = &self.records[kind.table];
                if records.is_empty() {
                    return Value::Null;
                }
                i.get(records).1.get(field).cloned().unwrap_or(Value::Null)
            }
            Hostile::Null => Value::Null,
            Hostile::Bool(b) => json!(b),
            Hostile::Int(n) => json!(n),
            Hostile::Real(r) => json!(r),
            Hostile::Text(t) => json!(t),
            Hostile::Long(n) => json!("あ".repeat(*n)),
            Hostile::Uid(i) => json!(i.get(&self.uids)),
            Hostile::Unknown(n) => json!(Uuid::from_u128(*n).to_string()),
            Hostile::Array => json!([1, "a", null]),
            Hostile::Object => json!({ "a": 1 }),
            Hostile::Journey(doc, node, with) => self.journey(kind, field, *doc, *node, with),
        }
    }

    /// A journey document of the file with the node `node` replaced by `with` or removed.
    fn journey(
        &self,
        kind: &Kind,
        field: &str,
        doc: Index,
        node: Index,
        with: &Option<Box<Hostile>>,
    ) -> Value {
        let docs: Vec<&str> = self.records["journeys"]
            .iter()
            .filter_map(|(_, fields)| fields.get("content")?.as_str())
            .collect();
        if docs.is_empty() {
            return Value::Null;
        }
        let Ok(mut parsed) = serde_json::from_str::<Value>(docs[doc.index(docs.len())]) else {
            return Value::Null;
        };
        let mut pointers = Vec::new();
        pointers_of(&parsed, String::new(), &mut pointers);
        let at = node.get(&pointers).clone();
        let replacement = with.as_ref().map(|h| self.value(kind, field, h));
        match (replacement, at.rsplit_once('/')) {
            (Some(v), _) => {
                if let Some(slot) = parsed.pointer_mut(&at) {
                    *slot = v;
                }
            }
            (None, Some((parent, key))) => match parsed.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(key);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>()
                        && i < items.len()
                    {
                        items.remove(i);
                    }
                }
                _ => {}
            },
            (None, None) => parsed = Value::Null,
        }
        json!(parsed.to_string())
    }
}

/// JSON pointers of every node of `value`, the root (`""`) last.
fn pointers_of(value: &Value, here: String, out: &mut Vec<String>) {
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match value {
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers_of(v, format!("{here}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                pointers_of(v, format!("{here}/{}", escape(k)), out);
            }
        }
        _ => {}
    }
    out.push(here);
}
