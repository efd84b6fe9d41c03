//! Owns full-text search of parts and strains (`q`): how a query is read, the indexes that answer
//! it on each backend, and the relevance order of a list with `q`.
//!
//! Every part and strain row carries `search_text` (its lower-cased text: identifiers and, for
//! parts, the description) and `search_names` (its identifiers, lower-cased, each wrapped in
//! U+0002 … U+0003, [`encode_names`]), and `entry_no`, the order in which it was registered.
//! Two indexes per kind answer `q` (migration `2026-12-07-000014_text_search`):
//! - SQLite: FTS5 `<kind>_names` (trigram tokenizer over `search_names`) and `<kind>_words`
//!   (unicode61 over `search_text`), contentless, rowid = `entry_no`, kept current by triggers in
//!   the transaction of every write;
//! - PostgreSQL: a `pg_trgm` GIN index on `search_names` and a GIN index on the words of
//!   `search_text` ([`PG_WORDS`], a stored generated column: runs of letters and digits, as
//!   unicode61 and [`words`] read them), kept current by PostgreSQL itself.
//!
//! A record matches `q` in the first of three tiers that holds for it, and a list with `q` is in
//! relevance order: tier, then `entry_no` (registration order, oldest first):
//! 0. [`Tier::Exact`]: `q` is one of its identifiers (accession, name, alias; for strains also
//!    taxon, collection number in any of its forms, genotype), ignoring case;
//! 1. [`Tier::Partial`]: `q` is part of an identifier (when `q` holds a run of at least
//!    [`MIN_PARTIAL`] letters or digits, so that the trigram indexes can answer it);
//! 2. [`Tier::Words`]: every word of `q` (runs of letters and digits) is a word of its text.
//!
//! Each tier is read from its index in `entry_no` order after a position, so a page costs
//! O(rows read) index steps whatever `q` matches: [`walk`] reads at most `max_walk` entries per
//! page (then hands back where it stopped), `step` at a time (memory O(step)).

use std::collections::HashSet;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::drive::Drive;
use super::DbConnection;

/// Letters or digits in a row that `q` needs for the partial tier (trigrams).
pub const MIN_PARTIAL: usize = 3;

/// The indexed words of a row on PostgreSQL: `search_words`, a stored generated column of
/// migration `000014`, `to_tsvector('simple', …)` of `search_text` with every run of other
/// characters than letters and digits made a space first, so that its parser reads the words
/// unicode61 reads (it would read `K-12` as `k` and the number -12).
pub const PG_WORDS: &str = "search_words";

const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// Which kind's indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Parts,
    Strains,
}

impl Index {
    fn table(self) -> &'static str {
        match self {
            Index::Parts => "parts",
            Index::Strains => "strains",
        }
    }

    fn names(self) -> &'static str {
        match self {
            Index::Parts => "part_names",
            Index::Strains => "strain_names",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Index::Parts => "part_words",
            Index::Strains => "strain_words",
        }
    }
}

/// How well a record matches `q` (lower is better; see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    Exact = 0,
    Partial = 1,
    Words = 2,
}

impl Tier {
    const ALL: [Tier; 3] = [Tier::Exact, Tier::Partial, Tier::Words];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.number() == n)
    }
}

/// A place in relevance order: after the record of `entry` within `tier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub tier: Tier,
    pub entry: i64,
}

/// A text query as the indexes read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    text: String,
    words: Vec<String>,
}

/// The words of `text` as both word indexes see them: runs of letters and digits, lower-cased.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `search_names` of a record with these identifiers (see the module's documentation).
pub fn encode_names<'a>(identifiers: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for identifier in identifiers {
        out.push(OPEN);
        out.extend(
            identifier
                .trim()
                .to_lowercase()
                .chars()
                .filter(|&c| c != OPEN && c != CLOSE && c != '\n'),
        );
        out.push(CLOSE);
    }
    out
}

fn decode_names(names: &str) -> impl Iterator<Item = &str> {
    names.split([OPEN, CLOSE]).filter(|s| !s.is_empty())
}

impl TextQuery {
    pub fn new(q: &str) -> TextQuery {
        let text: String = q
            .trim()
            .to_lowercase()
            .chars()
            .filter(|&c| c != OPEN && c != CLOSE && c != '\n')
            .collect();
        let words = words(&text);
        TextQuery { text, words }
    }

    /// The lower-cased query.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn exact_possible(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }

    fn partial_possible(&self) -> bool {
        self.words.iter().any(|w| w.chars().count() >= MIN_PARTIAL)
    }

    fn tiers(&self) -> impl Iterator<Item = Tier> + '_ {
        Tier::ALL.into_iter().filter(|tier| match tier {
            Tier::Exact => self.exact_possible(),
            Tier::Partial => self.partial_possible(),
            Tier::Words => !self.words.is_empty(),
        })
    }

    /// The tier a record's identifiers (`search_names`) alone put it in, if any.
    pub fn names_tier(&self, names: &str) -> Option<Tier> {
        self.identifiers_tier(decode_names(names))
    }

    fn identifiers_tier<'a>(&self, identifiers: impl IntoIterator<Item = &'a str>) -> Option<Tier> {
        let mut partial = false;
        for identifier in identifiers {
            let identifier = identifier.trim().to_lowercase();
            if self.exact_possible() && identifier == self.text {
                return Some(Tier::Exact);
            }
            partial |= self.partial_possible() && identifier.contains(&self.text);
        }
        partial.then_some(Tier::Partial)
    }

    /// The tier of a stored row from its `search_names` and `search_text`, computed here (the
    /// tests compare the indexes with it).
    pub fn row_tier(&self, names: &str, text: &str) -> Option<Tier> {
        self.tier_of(decode_names(names), text)
    }

    /// The tier of a record shown from a stored snapshot rather than its row (a published
    /// revision behind a hidden edit), checked here rather than by the indexes.
    pub fn tier_of<'a>(&self, identifiers: impl IntoIterator<Item = &'a str>, text: &str) -> Option<Tier> {
        self.identifiers_tier(identifiers).or_else(|| {
            let have: HashSet<String> = words(text).into_iter().collect();
            (!self.words.is_empty() && self.words.iter().all(|w| have.contains(w))).then_some(Tier::Words)
        })
    }

    /// The tier's FTS5 query (SQLite).
    fn fts5(&self, tier: Tier) -> String {
        let phrase = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        match tier {
            Tier::Exact => phrase(&format!("{OPEN}{}{CLOSE}", self.text)),
            Tier::Partial => phrase(&self.text),
            Tier::Words => self.words.iter().map(|w| phrase(w)).collect::<Vec<_>>().join(" "),
        }
    }

    /// The tier's LIKE pattern or tsquery text (PostgreSQL).
    fn postgres(&self, tier: Tier) -> String {
        let like = |s: &str| {
            let escaped = s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            format!("%{escaped}%")
        };
        match tier {
            Tier::Exact => like(&format!("{OPEN}{}{CLOSE}", self.text)),
            Tier::Partial => like(&self.text),
            Tier::Words => self.words.join(" "),
        }
    }
}

#[derive(QueryableByName)]
struct Entry {
    #[diesel(sql_type = BigInt)]
    entry: i64,
}

/// The SQL reading a tier's entries from its index; binds: the query, the entry to start after,
/// the limit.
fn tier_sql(conn: &DbConnection, index: Index, tier: Tier) -> String {
    match conn {
        DbConnection::Sqlite(_) => {
            let fts = if tier == Tier::Words {
                index.words()
            } else {
                index.names()
            };
            format!("SELECT rowid AS entry FROM {fts} WHERE {fts} MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?")
        }
        DbConnection::Postgres(_) => {
            let table = index.table();
            let test = if tier == Tier::Words {
                format!("{PG_WORDS} @@ plainto_tsquery('simple', $1)")
            } else {
                "search_names LIKE $1".to_string()
            };
            format!("SELECT entry_no AS entry FROM {table} WHERE {test} AND entry_no > $2 ORDER BY entry_no LIMIT $3")
        }
    }
}

/// The query text bound to [`tier_sql`].
fn tier_query(conn: &DbConnection, q: &TextQuery, tier: Tier) -> String {
    match conn {
        DbConnection::Sqlite(_) => q.fts5(tier),
        DbConnection::Postgres(_) => q.postgres(tier),
    }
}

/// The entries of records in `tier` of `q` (by their index: identifiers for the exact and partial
/// tiers, words for the last), after `after`, ascending, at most `limit`. Every record of a
/// lower tier is also in the partial and word streams; [`walk`] leaves them out.
pub fn entries(
    conn: &mut DbConnection,
    index: Index,
    q: &TextQuery,
    tier: Tier,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    let sql = tier_sql(conn, index, tier);
    let text = tier_query(conn, q, tier);
    let query = diesel::sql_query(sql)
        .bind::<Text, _>(text)
        .bind::<BigInt, _>(after.unwrap_or(i64::MIN))
        .bind::<BigInt, _>(limit);
    let rows: Vec<Entry> = match conn {
        DbConnection::Sqlite(c) => query.load(c)?,
        DbConnection::Postgres(c) => query.load(c)?,
    };
    Ok(rows.into_iter().map(|e| e.entry).collect())
}

/// The plan of [`entries`] for `tier` (the plan tests read it): SQLite's `EXPLAIN QUERY PLAN`
/// details or PostgreSQL's `EXPLAIN` lines.
pub fn entries_plan(conn: &mut DbConnection, index: Index, q: &TextQuery, tier: Tier) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct SqliteLine {
        #[diesel(sql_type = Text)]
        detail: String,
    }
    #[derive(QueryableByName)]
    struct PostgresLine {
        #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
        line: String,
    }
    let sql = tier_sql(conn, index, tier);
    let text = tier_query(conn, q, tier);
    match conn {
        DbConnection::Sqlite(c) => Ok(diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
            .bind::<Text, _>(text)
            .bind::<BigInt, _>(0)
            .bind::<BigInt, _>(100)
            .load::<SqliteLine>(c)?
            .into_iter()
            .map(|l| l.detail)
            .collect()),
        DbConnection::Postgres(c) => Ok(diesel::sql_query(format!("EXPLAIN {sql}"))
            .bind::<Text, _>(text)
            .bind::<BigInt, _>(0)
            .bind::<BigInt, _>(100)
            .load::<PostgresLine>(c)?
            .into_iter()
            .map(|l| l.line)
            .collect()),
    }
}

/// Which of `candidates` (entries) have every word of `q` in their text (the word index).
pub fn with_words(
    conn: &mut DbConnection,
    index: Index,
    q: &TextQuery,
    candidates: &[i64],
) -> QueryResult<HashSet<i64>> {
    if candidates.is_empty() || q.words.is_empty() {
        return Ok(HashSet::new());
    }
    // Entries are integers read from the database: listed inline.
    let list = candidates.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<Entry> = match conn {
        DbConnection::Sqlite(c) => {
            let fts = index.words();
            diesel::sql_query(format!(
                "SELECT rowid AS entry FROM {fts} WHERE {fts} MATCH ? AND rowid IN ({list})"
            ))
            .bind::<Text, _>(q.fts5(Tier::Words))
            .load(c)?
        }
        DbConnection::Postgres(c) => {
            let table = index.table();
            diesel::sql_query(format!(
                "SELECT entry_no AS entry FROM {table} WHERE entry_no IN ({list}) \
                 AND {PG_WORDS} @@ plainto_tsquery('simple', $1)"
            ))
            .bind::<Text, _>(q.postgres(Tier::Words))
            .load(c)?
        }
    };
    Ok(rows.into_iter().map(|e| e.entry).collect())
}

/// Entries matching `q` in any tier, when there are at most `limit - 1` of them (`None` when
/// there may be more): what a list sorted by something else drives from (`db::drive`).
pub fn matching(conn: &mut DbConnection, index: Index, q: &TextQuery, limit: i64) -> QueryResult<Option<Vec<i64>>> {
    let mut all: Vec<i64> = Vec::new();
    for tier in q.tiers() {
        let found = entries(conn, index, q, tier, None, limit)?;
        if found.len() as i64 >= limit {
            return Ok(None);
        }
        all.extend(found);
    }
    all.sort_unstable();
    all.dedup();
    Ok((all.len() < limit as usize).then_some(all))
}

/// One page of a list in relevance order.
#[derive(Debug)]
pub struct Ranked<K> {
    /// Keys with their place in relevance order.
    pub keys: Vec<(Position, K)>,
    /// Where a walk that read `max_walk` entries before filling the page stopped.
    pub resume: Option<Position>,
}

/// What a relevance walk asks of the list: which of some entries pass its other filters, each as
/// (entry, `search_names`, key).
pub type Accept<'a, K> = dyn FnMut(&mut DbConnection, &[i64]) -> QueryResult<Vec<(i64, String, K)>> + 'a;

/// At most `limit` keys of records matching `q`, in relevance order after `start`, that `accept`
/// keeps: each tier's index is read `drive.step` entries at a time, a record is kept in the tier
/// its identifiers put it in (so each appears once), and the walk stops after `drive.max_walk`
/// entries.
pub fn walk<K>(
    conn: &mut DbConnection,
    index: Index,
    q: &TextQuery,
    start: Option<Position>,
    limit: usize,
    drive: Drive,
    accept: &mut Accept<'_, K>,
) -> QueryResult<Ranked<K>> {
    let mut page = Ranked {
        keys: Vec::new(),
        resume: None,
    };
    let mut walked = 0;
    for tier in q.tiers() {
        if start.is_some_and(|s| tier < s.tier) {
            continue;
        }
        let mut after = start.filter(|s| s.tier == tier).map(|s| s.entry);
        loop {
            let found = entries(conn, index, q, tier, after, drive.step)?;
            let Some(&last) = found.last() else { break };
            walked += found.len();
            let mut kept = accept(conn, &found)?;
            kept.sort_by_key(|(entry, _, _)| *entry);
            for (entry, names, key) in kept {
                if q.names_tier(&names).unwrap_or(Tier::Words) != tier {
                    continue;
                }
                page.keys.push((Position { tier, entry }, key));
                if page.keys.len() >= limit {
                    return Ok(page);
                }
            }
            if (found.len() as i64) < drive.step {
                break;
            }
            if walked >= drive.max_walk {
                page.resume = Some(Position { tier, entry: last });
                return Ok(page);
            }
            after = Some(last);
        }
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_tiers() {
        let names = encode_names(["BRP000042", "GFP-mut3", "BBa_E0040"]);
        assert_eq!(
            decode_names(&names).collect::<Vec<_>>(),
            ["brp000042", "gfp-mut3", "bba_e0040"]
        );
        assert_eq!(TextQuery::new(" gfp-MUT3 ").names_tier(&names), Some(Tier::Exact));
        assert_eq!(TextQuery::new("mut").names_tier(&names), Some(Tier::Partial));
        assert_eq!(TextQuery::new("e0040").names_tier(&names), Some(Tier::Partial));
        // Too short for trigrams: only a whole identifier.
        assert_eq!(TextQuery::new("gf").names_tier(&names), None);
        assert_eq!(TextQuery::new("protein").names_tier(&names), None);
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            words("GFP-like protein, 2x (E. coli)"),
            ["gfp", "like", "protein", "2x", "e", "coli"]
        );
        let q = TextQuery::new("coli GFP");
        assert_eq!(q.tier_of(["x"], "a gfp-like protein of e. coli"), Some(Tier::Words));
        assert_eq!(q.tier_of(["x"], "a gfp-like protein"), None);
        assert_eq!(TextQuery::new("--").tiers().count(), 0);
        assert_eq!(
            TextQuery::new("ab").tiers().collect::<Vec<_>>(),
            [Tier::Exact, Tier::Words]
        );
    }

    #[test]
    fn queries_quote_what_they_carry() {
        let q = TextQuery::new("a\"b_c%");
        assert_eq!(q.fts5(Tier::Partial), "\"a\"\"b_c%\"");
        assert_eq!(q.postgres(Tier::Partial), "%a\"b\\_c\\%%");
        assert_eq!(q.fts5(Tier::Words), "\"a\" \"b\" \"c\"");
        assert_eq!(q.fts5(Tier::Exact), "\"\u{2}a\"\"b_c%\u{3}\"");
    }
}
