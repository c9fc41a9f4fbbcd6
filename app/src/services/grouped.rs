//! Grouped counts read back as one value.
//!
//! The dashboard counts in the database, but at a province's scale its groups still number in
//! the thousands (a group per area, unit and class; per plan and day). Read as rows, each group
//! crosses from SQLite's thread to the application on its own, which costs about a microsecond
//! per row, as much as counting the tasks did. [`grouped`] lets the database join the groups
//! into one text value (`group_concat` in SQLite, `string_agg` in PostgreSQL) and splits it here:
//! the counting stays in SQL, only the transport changes.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Statement};

use crate::error::AppError;

/// Separates the rows of a [`Grouped`] value.
const ROW: char = ';';
/// Separates the fields of a row.
const FIELD: char = ',';

/// The rows of a grouped select, as the database joined them.
#[derive(Debug, Default)]
pub struct Grouped {
    text: Option<String>,
}

impl Grouped {
    /// The rows, each an iterator over its fields (in the order asked for).
    pub fn rows(&self) -> impl Iterator<Item = Fields<'_>> {
        self.text
            .as_deref()
            .into_iter()
            .flat_map(|t| t.split(ROW))
            .map(|row| Fields(row.split(FIELD)))
    }
}

/// The fields of one row. A NULL is an empty field.
pub struct Fields<'a>(std::str::Split<'a, char>);

impl Fields<'_> {
    fn next_field(&mut self) -> Result<&str, AppError> {
        self.0.next().ok_or_else(|| {
            tracing::error!("a grouped row has fewer fields than asked for");
            AppError::Internal
        })
    }

    /// The next field, an integer.
    pub fn int(&mut self) -> Result<i64, AppError> {
        let f = self.next_field()?;
        f.parse().map_err(|_| {
            tracing::error!(field = f, "a grouped field is not an integer");
            AppError::Internal
        })
    }

    /// The next field, an id (an integer that fits `i32`), typed as the caller asks.
    pub fn id<Id: From<i32>>(&mut self) -> Result<Id, AppError> {
        i32::try_from(self.int()?)
            .map(Id::from)
            .map_err(|_| AppError::Internal)
    }

    /// The next field, a date or NULL.
    pub fn date(&mut self) -> Result<Option<NaiveDate>, AppError> {
        match self.next_field()? {
            "" => Ok(None),
            f => f.parse().map(Some).map_err(|_| {
                tracing::error!(field = f, "a grouped field is not a date");
                AppError::Internal
            }),
        }
    }
}

/// The aggregate that joins the text `expr` of a group's rows with `separator`, in `order_by`
/// when given: `group_concat` in SQLite, `string_agg` in PostgreSQL.
pub fn join_sql(backend: DbBackend, expr: &str, separator: char, order_by: Option<&str>) -> String {
    let order = order_by
        .map(|o| format!(" ORDER BY {o}"))
        .unwrap_or_default();
    match backend {
        DbBackend::Postgres => format!("string_agg({expr}, '{separator}'{order})"),
        _ => format!("group_concat({expr}, '{separator}'{order})"),
    }
}

/// Runs `select` (a grouped select) and reads back the columns `columns` of its rows, joined by
/// the database into one value. The columns must be integers or dates: their text holds neither
/// separator. (A date's text is ISO `YYYY-MM-DD` in both databases: SQLite stores it so, and
/// sqlx opens every PostgreSQL connection with `DateStyle = ISO`.)
pub async fn grouped(
    db: &impl ConnectionTrait,
    select: &impl QueryTrait,
    columns: &[&str],
) -> Result<Grouped, AppError> {
    let backend = db.get_database_backend();
    let inner = select.build(backend);
    let row = columns
        .iter()
        .map(|c| format!("COALESCE(CAST(g.{c} AS TEXT), '')"))
        .collect::<Vec<_>>()
        .join(&format!(" || '{FIELD}' || "));
    let join = join_sql(backend, &row, ROW, None);
    let sql = format!("SELECT {join} AS j FROM ({}) AS g", inner.sql);
    let stmt = match inner.values {
        Some(values) => Statement::from_sql_and_values(backend, sql, values),
        None => Statement::from_string(backend, sql),
    };
    let text = match db.query_one_raw(stmt).await? {
        Some(r) => r.try_get_by_index::<Option<String>>(0)?,
        None => None,
    };
    Ok(Grouped { text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_back_in_order_with_nulls_as_none() {
        let g = Grouped {
            text: Some("1,2026-03-31,5;2,,0".into()),
        };
        let mut out = Vec::new();
        for mut f in g.rows() {
            out.push((
                f.id().expect("id"),
                f.date().expect("date"),
                f.int().expect("count"),
            ));
        }
        assert_eq!(
            out,
            vec![(1, NaiveDate::from_ymd_opt(2026, 3, 31), 5), (2, None, 0)]
        );
        assert!(Grouped::default().rows().next().is_none());
    }

    #[test]
    fn a_short_or_bad_row_is_an_error_not_a_zero() {
        let g = Grouped {
            text: Some("1;x".into()),
        };
        let mut rows = g.rows();
        let mut first = rows.next().expect("a first row");
        assert_eq!(first.int().expect("an integer"), 1);
        assert!(first.int().is_err());
        assert!(rows.next().expect("a second row").int().is_err());
    }
}
