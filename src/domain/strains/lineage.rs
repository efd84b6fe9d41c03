//! Owns strain lineage: walking parent edges up (ancestors) or down (descendants) breadth-first,
//! one query per generation, and finding the loop a new parent edge would close.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::input::LineageRelation;
use crate::db::strains::{self as rows, ParentRow};
use crate::db::types::StrainId;
use crate::db::DbConnection;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ancestors,
    Descendants,
}

/// A lineage edge: `child` was derived from `parent`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Edge {
    pub parent: StrainId,
    pub child: StrainId,
    pub relation: LineageRelation,
    pub description: Option<String>,
}

impl From<&ParentRow> for Edge {
    fn from(row: &ParentRow) -> Self {
        Edge {
            parent: row.parent_id,
            child: row.child_id,
            relation: LineageRelation::parse(&row.relation),
            description: row.description.clone(),
        }
    }
}

/// Edges one lineage walk reads at most (and so at most this many strains besides the start).
/// A strain used as the parent of 100,000 others would otherwise put all of them, their rows
/// and their edges in one answer; past the bound the walk stops and says so (`truncated`).
/// Memory and rows read are O(`MAX_LINEAGE_EDGES`), in at most `max_depth` (≤ 100) queries.
pub const MAX_LINEAGE_EDGES: usize = 1_000;

/// What a walk found: each strain reached with its depth, the edges walked, and whether the walk
/// stopped at [`MAX_LINEAGE_EDGES`] with more edges left.
pub struct Walk {
    pub reached: Vec<(StrainId, u32)>,
    pub edges: Vec<Edge>,
    pub truncated: bool,
}

/// Strains reachable from `start` in `direction` within `max_depth` generations: each with its
/// depth (the fewest generations from `start`), and every edge walked, up to
/// [`MAX_LINEAGE_EDGES`] edges. At most `max_depth` queries.
pub fn walk(conn: &mut DbConnection, start: StrainId, direction: Direction, max_depth: u32) -> AppResult<Walk> {
    let mut depth_of: HashMap<StrainId, u32> = HashMap::from([(start, 0)]);
    let mut order = vec![(start, 0)];
    let mut edges = Vec::new();
    let mut frontier = vec![start];
    let mut truncated = false;
    for depth in 1..=max_depth {
        if frontier.is_empty() {
            break;
        }
        let room = MAX_LINEAGE_EDGES - edges.len();
        let mut found = rows::edges_of(conn, &frontier, direction == Direction::Ancestors, room as i64 + 1)?;
        if found.len() > room {
            found.truncate(room);
            truncated = true;
        }
        let mut next = Vec::new();
        for row in &found {
            edges.push(Edge::from(row));
            let reached = match direction {
                Direction::Ancestors => row.parent_id,
                Direction::Descendants => row.child_id,
            };
            if let std::collections::hash_map::Entry::Vacant(entry) = depth_of.entry(reached) {
                entry.insert(depth);
                order.push((reached, depth));
                next.push(reached);
            }
        }
        frontier = next;
        if truncated {
            break;
        }
    }
    Ok(Walk {
        reached: order,
        edges,
        truncated,
    })
}

/// Ancestor edges the cycle check of one new parent reads at most ([`path_to_ancestor`]). A new
/// edge "strain derived from parent" closes a loop exactly when the strain is among the parent's
/// ancestors, which only a walk up the whole ancestry can rule out; without a bound a parent with
/// a pedigree of 100,000 strains costs 100,000 rows and a query per generation on every edit.
/// The walk reads at most this many edges (as id pairs, in at most this many queries); when the
/// ancestry is larger the edit is refused (422 on the parent), since allowing it could store a
/// loop that every later lineage walk would meet. The same bound as a lineage answer's, so any
/// ancestry the API can show whole can be checked whole.
pub const MAX_CYCLE_CHECK_EDGES: usize = MAX_LINEAGE_EDGES;

/// What [`path_to_ancestor`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AncestorCheck {
    /// `target` is not an ancestor of `start`: the new edge closes no loop.
    NoLoop,
    /// The chain of accessions the new edge would close into a loop.
    Loop(Vec<String>),
    /// The ancestry of `start` has more than [`MAX_CYCLE_CHECK_EDGES`] edges; no answer.
    TooLarge,
}

/// Whether `target` is `start` or one of its ancestors, and if so the chain of accessions from
/// `target` through `start` and back to `target` that a new edge "`target` derived from `start`"
/// would close. Reads at most [`MAX_CYCLE_CHECK_EDGES`] edges (then [`AncestorCheck::TooLarge`]).
pub fn path_to_ancestor(conn: &mut DbConnection, start: StrainId, target: StrainId) -> AppResult<AncestorCheck> {
    // Breadth-first upwards from `start`, remembering through which child each strain was reached.
    let mut reached_from: HashMap<StrainId, Option<StrainId>> = HashMap::from([(start, None)]);
    let mut frontier = vec![start];
    let mut read = 0usize;
    while !frontier.is_empty() && !reached_from.contains_key(&target) {
        let room = MAX_CYCLE_CHECK_EDGES - read;
        let found = rows::parent_ids_of(conn, &frontier, room as i64 + 1)?;
        let complete = found.len() <= room;
        read += found.len().min(room);
        let mut next = Vec::new();
        for (child, parent) in found.into_iter().take(room) {
            if let std::collections::hash_map::Entry::Vacant(entry) = reached_from.entry(parent) {
                entry.insert(Some(child));
                next.push(parent);
            }
        }
        if !complete && !reached_from.contains_key(&target) {
            return Ok(AncestorCheck::TooLarge);
        }
        frontier = next;
    }
    if !reached_from.contains_key(&target) {
        return Ok(AncestorCheck::NoLoop);
    }
    // target ← … ← start, read back down from target to start.
    let mut chain = vec![target];
    let mut cursor = target;
    while let Some(Some(child)) = reached_from.get(&cursor) {
        chain.push(*child);
        cursor = *child;
    }
    chain.reverse(); // start … target
    chain.insert(0, target); // target (the edited strain) derived from start …
    let accessions: HashMap<StrainId, String> = rows::find_strain_briefs(conn, &chain)?
        .into_iter()
        .map(|s| (s.id, s.accession))
        .collect();
    Ok(AncestorCheck::Loop(
        chain
            .iter()
            .map(|id| accessions.get(id).cloned().unwrap_or_else(|| id.to_string()))
            .collect(),
    ))
}
