//! Owns how a list whose filters go through side tables (a part's tags, hosts or components, a
//! strain's tags, carried parts or samples) is read without scanning: driven from the selective
//! side, or by an ordered walk that checks the rows it reads.
//!
//! A side filter that matches at most [`Drive::from_side`] records gives the candidate ids
//! (intersected with the other selective sides, then checked against the unselective ones with
//! one primary-key query each), and the list reads those by primary key and sorts them. When
//! every side filter matches more, the list walks in its order, [`Drive::step`] rows a step:
//! - the matches of a side that can list them in the list's order ([`Walk`]: a part's tag and
//!   host rows carry the part's sort keys, a strain's tag and carried-part rows its creation time,
//!   migration 000017), each step's ids read by primary key
//!   with the list's own filters and checked against the other sides. The rows walked all match
//!   that side, so a page costs about `limit` ÷ (share of them the other filters keep) rows;
//! - otherwise the list's sort index, keeping the rows every side filter accepts (one query per
//!   side per step): about `limit` ÷ (share the sides keep) rows.
//!
//! Either walk stops at [`Drive::max_walk`] rows: a page whose filters accept fewer than about one
//! row in 200 may come back short, with `resume` to continue after the last row read. Cost per
//! page: O(from_side) or O(max_walk) keys and a bounded number of queries, whatever the filters
//! match; memory O(from_side + step).

use std::collections::HashSet;
use std::hash::Hash;

use diesel::QueryResult;

use super::DbConnection;

/// How a list with side filters is driven; [`Drive::DEFAULT`] in service, smaller figures in the
/// tests that compare both ways with the plain query.
#[derive(Debug, Clone, Copy)]
pub struct Drive {
    /// Matches of a side filter at most that a list reads to drive from it.
    pub from_side: i64,
    /// Rows an ordered walk reads per step.
    pub step: i64,
    /// Rows an ordered walk reads at most per page.
    pub max_walk: usize,
}

impl Drive {
    /// 5,000 is near √(limit × records) at a million records, where both ways cost about the
    /// same; 20,000 rows a walk keep a page within tens of milliseconds.
    pub const DEFAULT: Drive = Drive {
        from_side: 5_000,
        step: 500,
        max_walk: 20_000,
    };
}

/// A filter matched through a side table.
pub trait Side<Id> {
    /// The records it matches, at most `limit`; `None` when it cannot list them (a complement,
    /// such as strains without samples), so that it is only ever checked on rows.
    fn matches(&self, conn: &mut DbConnection, limit: i64) -> QueryResult<Option<Vec<Id>>>;
    /// Which of `ids` it accepts.
    fn accepts(&self, conn: &mut DbConnection, ids: &[Id]) -> QueryResult<HashSet<Id>>;
}

/// One page of keys; `resume` is the last row an ordered walk read when it stopped at
/// `max_walk` before filling the page (continue after it); `resume_at` is the same for a walk in
/// relevance order (`db::text`), whose last entry read may not be a key.
#[derive(Debug)]
pub struct KeyPage<K> {
    pub keys: Vec<K>,
    pub resume: Option<K>,
    pub resume_at: Option<super::text::Position>,
}

impl<K> Default for KeyPage<K> {
    fn default() -> Self {
        KeyPage {
            keys: Vec::new(),
            resume: None,
            resume_at: None,
        }
    }
}

/// A side filter that can list its matches in the list's own order, from an index of the side
/// table that carries the sort key.
pub trait Walk<Id> {
    /// The next at most `limit` matching records in the list's order: after the caller's cursor
    /// on the first call, after the last row the previous call read on the next ones. Fewer than
    /// `limit` rows only at the end. An id may repeat (a part with two hosts of one taxon).
    fn next(&mut self, conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Id>>;
}

/// How the list itself is read, without its side filters: `ids` narrows it to those records
/// (when some), `after` continues after a key read before (when some; else the caller's cursor).
pub trait Plain<K, Id> {
    fn read(
        &mut self,
        conn: &mut DbConnection,
        ids: Option<&[Id]>,
        after: Option<&K>,
        limit: i64,
    ) -> QueryResult<Vec<K>>;
    fn id(&self, key: &K) -> Id;
    /// The key of one record whatever the filters say (where a walk of a side stopped).
    fn key_of(&mut self, conn: &mut DbConnection, id: Id) -> QueryResult<Option<K>>;
}

/// One page of at most `limit` keys of a list with `sides`, and `explicit` ids when the caller
/// narrowed it to some (see the module's documentation). `walk`, when some, is the index of a
/// side in `sides` and that side's matches in the list's order: walked when the side is not
/// selective enough to drive from.
pub fn page<K: Clone, Id: Copy + Eq + Hash>(
    conn: &mut DbConnection,
    plain: &mut impl Plain<K, Id>,
    sides: &[&dyn Side<Id>],
    walk: Option<(usize, &mut dyn Walk<Id>)>,
    explicit: Option<Vec<Id>>,
    limit: i64,
    drive: Drive,
) -> QueryResult<KeyPage<K>> {
    if sides.is_empty() {
        let keys = plain.read(conn, explicit.as_deref(), None, limit)?;
        return Ok(KeyPage {
            keys,
            resume: None,
            resume_at: None,
        });
    }
    // Drive from the selective sides, if there are any. The side that can be walked in order is
    // not asked for its matches: its walk reads no more rows than driving from it would (it
    // stops when the page is full), and reading up to `from_side` ids only to learn that there
    // are more cost a page several milliseconds on PostgreSQL.
    let selective = |c: &Option<Vec<Id>>| c.as_ref().is_some_and(|c| c.len() as i64 <= drive.from_side);
    let walked_side = walk.as_ref().map(|(k, _)| *k);
    let mut candidates = explicit;
    let mut unselective: Vec<(usize, &dyn Side<Id>)> = Vec::new();
    for (k, &side) in sides.iter().enumerate() {
        if selective(&candidates) || walked_side == Some(k) {
            unselective.push((k, side));
            continue;
        }
        match side.matches(conn, drive.from_side + 1)? {
            Some(matches) if matches.len() as i64 <= drive.from_side => {
                candidates = Some(match candidates {
                    Some(known) => {
                        let matches: HashSet<Id> = matches.into_iter().collect();
                        known.into_iter().filter(|id| matches.contains(id)).collect()
                    }
                    None => matches,
                })
            }
            _ => unselective.push((k, side)),
        }
    }
    if selective(&candidates) {
        let mut ids = candidates.unwrap_or_default();
        for (_, side) in &unselective {
            if ids.is_empty() {
                break;
            }
            let accepted = side.accepts(conn, &ids)?;
            ids.retain(|id| accepted.contains(id));
        }
        if ids.is_empty() {
            return Ok(KeyPage::default());
        }
        let keys = plain.read(conn, Some(&ids), None, limit)?;
        return Ok(KeyPage {
            keys,
            resume: None,
            resume_at: None,
        });
    }

    // Every side is unselective: walk a side in the list's order when one can be, ...
    if let (Some((walked_side, walk)), None) = (walk, &candidates) {
        let others: Vec<&dyn Side<Id>> = unselective
            .iter()
            .filter(|(k, _)| *k != walked_side)
            .map(|(_, side)| *side)
            .collect();
        return walk_side(conn, plain, walk, &others, limit, drive);
    }
    // ... else walk the list's own order, keep what they all accept.
    let unselective: Vec<&dyn Side<Id>> = unselective.into_iter().map(|(_, side)| side).collect();
    let mut page = KeyPage::default();
    let mut after: Option<K> = None;
    let mut walked = 0;
    loop {
        let step = plain.read(conn, candidates.as_deref(), after.as_ref(), drive.step)?;
        walked += step.len();
        let Some(last) = step.last().cloned() else {
            return Ok(page);
        };
        let exhausted = (step.len() as i64) < drive.step;
        let mut ids: Vec<Id> = step.iter().map(|k| plain.id(k)).collect();
        for side in &unselective {
            let accepted = side.accepts(conn, &ids)?;
            ids.retain(|id| accepted.contains(id));
        }
        let kept: HashSet<Id> = ids.into_iter().collect();
        for key in step {
            if kept.contains(&plain.id(&key)) {
                page.keys.push(key);
                if page.keys.len() as i64 >= limit {
                    return Ok(page);
                }
            }
        }
        if exhausted {
            return Ok(page);
        }
        if walked >= drive.max_walk {
            page.resume = Some(last);
            return Ok(page);
        }
        after = Some(last);
    }
}

/// The walk of a side's matches in the list's order: each step's ids are read by primary key with
/// the list's own filters (which keep them in order) and checked against the `others` sides.
fn walk_side<K: Clone, Id: Copy + Eq + Hash>(
    conn: &mut DbConnection,
    plain: &mut impl Plain<K, Id>,
    walk: &mut dyn Walk<Id>,
    others: &[&dyn Side<Id>],
    limit: i64,
    drive: Drive,
) -> QueryResult<KeyPage<K>> {
    let mut page = KeyPage::default();
    let mut walked = 0;
    loop {
        let ids = walk.next(conn, drive.step)?;
        walked += ids.len();
        let Some(&last) = ids.last() else {
            return Ok(page);
        };
        let exhausted = (ids.len() as i64) < drive.step;
        let mut keys = plain.read(conn, Some(&ids), None, ids.len() as i64)?;
        for side in others {
            if keys.is_empty() {
                break;
            }
            let step: Vec<Id> = keys.iter().map(|k| plain.id(k)).collect();
            let accepted = side.accepts(conn, &step)?;
            keys.retain(|k| accepted.contains(&plain.id(k)));
        }
        for key in keys {
            page.keys.push(key);
            if page.keys.len() as i64 >= limit {
                return Ok(page);
            }
        }
        if exhausted {
            return Ok(page);
        }
        if walked >= drive.max_walk {
            // Continue after the last row read, which the list's filters may have left out.
            page.resume = plain.key_of(conn, last)?;
            return Ok(page);
        }
    }
}
