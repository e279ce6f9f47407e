//! One page of the project list: the filter ("show archived", a search over customer and owner)
//! and the order are applied in SQL, so the app asks only for the rows it shows and a file with
//! 10,000 projects never crosses IPC whole.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::Project;
use super::store::{PROJECT_COLUMNS, project_from_row};
use crate::db::Db;
use crate::error::Result;
use crate::validation::{Checker, MAX_NAME_CHARS};

/// Largest page the list may ask for at once.
pub const MAX_PAGE_ROWS: u32 = 500;

/// Which rows of the project list to load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProjectListQuery {
    pub include_archived: bool,
    /// Part of the customer name or the owner; empty shows every project.
    pub search: String,
    /// Position of the first row in the filtered list (0-based).
    pub offset: u32,
    /// At most [`MAX_PAGE_ROWS`].
    pub limit: u32,
}

/// The rows `offset..offset + rows.len()` of the filtered list, and how many rows it has in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProjectListPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<Project>,
}

/// `%`, `_` and the escape character itself match literally in the search.
fn like_pattern(search: &str) -> String {
    let mut pattern = String::with_capacity(search.len() + 2);
    pattern.push('%');
    for c in search.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A page of projects in the list's order (kickoff date, newest first, then newest id): the same
/// order and filter as [`super::list`]. The search ignores case for Latin letters.
pub async fn page(db: &Db, query: &ProjectListQuery) -> Result<ProjectListPage> {
    let mut check = Checker::new();
    let search = check.text("search", &query.search, MAX_NAME_CHARS, false);
    check.finish(|| ())?;
    let pattern = like_pattern(&search);
    let filter = "(?1 OR archived_at IS NULL) AND (?2 = '' OR customer_name LIKE ?3 ESCAPE '\\' \
                  OR owner LIKE ?3 ESCAPE '\\')";
    // Count and page read one snapshot, so the total matches the rows.
    let mut tx = db.pool().begin().await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM projects WHERE {filter}"))
        .bind(query.include_archived)
        .bind(&search)
        .bind(&pattern)
        .fetch_one(&mut *tx)
        .await?;
    let sql = format!(
        "SELECT {PROJECT_COLUMNS} FROM projects WHERE {filter} \
         ORDER BY kickoff_date DESC, id DESC LIMIT ?4 OFFSET ?5"
    );
    let rows = sqlx::query(&sql)
        .bind(query.include_archived)
        .bind(&search)
        .bind(&pattern)
        .bind(i64::from(query.limit.min(MAX_PAGE_ROWS)))
        .bind(i64::from(query.offset))
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ProjectListPage {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        offset: query.offset,
        rows: rows.iter().map(project_from_row).collect::<Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn wildcards_in_the_search_match_literally() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(like_pattern(""), "%%");
    }
}
