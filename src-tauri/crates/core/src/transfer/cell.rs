//! One value of a row, as the importer reads it: a light stand-in for [`serde_json::Value`] that
//! borrows strings from the export text instead of copying them, so parsing a large file is one
//! pass with few allocations.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::db::bulk::SqlValue;

/// A value read from export text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
    /// An array or an object: never a valid value of a column.
    Nested,
}

impl<'a> Cell<'a> {
    /// The value to bind, or `None` for a value a column cannot hold (an array or an object).
    pub(super) fn sql(&self) -> Option<SqlValue<'_>> {
        Some(match self {
            Cell::Null => SqlValue::Null,
            Cell::Bool(b) => SqlValue::from(*b),
            Cell::Int(i) => SqlValue::Int(*i),
            Cell::Real(f) => SqlValue::Real(*f),
            Cell::Text(s) => SqlValue::Text(Cow::Borrowed(s)),
            Cell::Nested => return None,
        })
    }

    /// The value as an id, if it is an integer.
    pub(super) fn as_id(&self) -> Option<i64> {
        match self {
            Cell::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Cell<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CellVisitor(std::marker::PhantomData))
    }
}

struct CellVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for CellVisitor<'a> {
    type Value = Cell<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Cell<'a>, E> {
        Ok(Cell::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Cell<'a>, E> {
        Ok(Cell::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Cell<'a>, E> {
        Ok(Cell::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell<'a>, E> {
        Ok(Cell::Int(v))
    }
    // Like serde_json::Value: an integer above i64::MAX is stored as a real.
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell<'a>, E> {
        Ok(i64::try_from(v).map_or(Cell::Real(v as f64), Cell::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell<'a>, E> {
        Ok(Cell::Real(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cell<'a>, E> {
        Ok(Cell::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell<'a>, E> {
        Ok(Cell::Text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Cell<'a>, E> {
        Ok(Cell::Text(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Cell<'a>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Cell::Nested)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cell<'a>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Cell::Nested)
    }
}
