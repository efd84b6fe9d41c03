//! Owns who may see which records, one rule for every route:
//!
//! | viewer | sees the current (head) revision of | otherwise |
//! |---|---|---|
//! | anonymous (with public read), reader | published records (approved, or withdrawn after publication) | the published revision of a record with a pending edit |
//! | submitter | every record of their organisation, and published ones | as readers |
//! | curator, admin | every record except other organisations' drafts | the published revision, if any |
//!
//! A record a caller may not see at all answers 404, exactly like one that does not exist. When
//! only the published revision is visible, callers get its stored snapshot, so nothing of a
//! pending edit shows.

use serde_json::Value;

use crate::db::types::OrganizationId;
use crate::db::DbConnection;
use crate::domain::accounts::{Principal, Role};
use crate::domain::audit;
use crate::error::{AppError, AppResult};

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Anonymous or a reader.
    Public,
    /// A submitter of this organisation.
    Member(OrganizationId),
    /// A curator or admin of this organisation.
    Curator(OrganizationId),
}

impl Viewer {
    pub fn of(principal: Option<&Principal>) -> Self {
        match principal {
            None => Viewer::Public,
            Some(p) if p.role >= Role::Curator => Viewer::Curator(p.organization.id),
            Some(p) if p.role >= Role::Submitter => Viewer::Member(p.organization.id),
            Some(_) => Viewer::Public,
        }
    }
}

/// The facts visibility depends on.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub owner: OrganizationId,
    pub state: &'a str,
    pub published_revision: Option<i32>,
}

fn published_head(facts: Facts<'_>) -> bool {
    facts.published_revision.is_some() && matches!(facts.state, "approved" | "withdrawn")
}

/// Whether the viewer sees the current revision.
pub fn sees_head(viewer: Viewer, facts: Facts<'_>) -> bool {
    match viewer {
        Viewer::Public => published_head(facts),
        Viewer::Member(org) => facts.owner == org || published_head(facts),
        Viewer::Curator(org) => facts.owner == org || facts.state != "draft",
    }
}

/// Whether the viewer sees the record at all (its head or its published revision).
pub fn sees_any(viewer: Viewer, facts: Facts<'_>) -> bool {
    sees_head(viewer, facts) || facts.published_revision.is_some()
}

/// Who may change a record: 404 when the caller may not even see it, 403 unless they are a
/// submitter (or above) of its organisation or an admin.
pub fn ensure_can_edit(principal: &Principal, facts: Facts<'_>, kind: &str, accession: &str) -> AppResult<()> {
    if !sees_any(Viewer::of(Some(principal)), facts) {
        return Err(AppError::not_found(format!("{kind} `{accession}` does not exist")));
    }
    principal.require(Role::Submitter)?;
    if may_change(principal, facts.owner) {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "{kind} {accession} belongs to another organization; only its owners and admins may change it"
        )))
    }
}

/// Whether the principal may change records owned by `owner`: a submitter (or above) of that
/// organisation, or an admin. The pages ask this to decide which forms to offer.
pub fn may_change(principal: &Principal, owner: OrganizationId) -> bool {
    principal.role >= Role::Submitter && (principal.role == Role::Admin || principal.organization.id == owner)
}

/// How a list query must be narrowed for a viewer (the SQL side of [`sees_any`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListScope {
    /// No restriction.
    #[default]
    Everything,
    /// Only records with a published revision.
    Published,
    /// Published records and every record of this organisation.
    PublishedOrOwnedBy(OrganizationId),
    /// Every record but other organisations' unpublished drafts.
    AllButDraftsOfOthers(OrganizationId),
}

pub fn list_scope(viewer: Viewer) -> ListScope {
    match viewer {
        Viewer::Public => ListScope::Published,
        Viewer::Member(org) => ListScope::PublishedOrOwnedBy(org),
        Viewer::Curator(org) => ListScope::AllButDraftsOfOthers(org),
    }
}

/// The published revision of a record as readers see it: its stored snapshot, marked with the
/// record's current curation facts.
pub fn published_snapshot(conn: &mut DbConnection, kind: &str, id: &str, facts: Facts<'_>) -> AppResult<Value> {
    let revision = facts
        .published_revision
        .ok_or_else(|| AppError::not_found(format!("{kind} `{id}` does not exist")))?;
    let mut snapshot = audit::revision(conn, kind, id, revision)?.snapshot;
    if let Some(object) = snapshot.as_object_mut() {
        object.insert("curation_state".into(), Value::String("approved".into()));
        object.insert("published_revision".into(), Value::from(revision));
        object.insert("pending_revision".into(), Value::Bool(true));
    }
    Ok(snapshot)
}

/// The bytes of the snapshot [`published_snapshot`] would read, without reading it (0 when the
/// record has none).
pub fn published_snapshot_bytes(
    conn: &mut DbConnection,
    kind: &str,
    id: &str,
    published_revision: Option<i32>,
) -> AppResult<i64> {
    Ok(match published_revision {
        Some(revision) => crate::db::audit::revision_bytes(conn, kind, id, revision)?.unwrap_or(0),
        None => 0,
    })
}

/// Which revisions of a record the viewer may read: `None` for all of them (its organisation's
/// members, curators who see its head), otherwise only those a curator approved (and a final
/// withdrawal), since earlier drafts were never published.
pub fn visible_revisions(
    conn: &mut DbConnection,
    kind: &str,
    id: &str,
    viewer: Viewer,
    facts: Facts<'_>,
    current_revision: i32,
) -> AppResult<Option<Vec<i32>>> {
    let insider = match viewer {
        Viewer::Public => false,
        Viewer::Member(org) => org == facts.owner,
        Viewer::Curator(_) => sees_head(viewer, facts),
    };
    if insider {
        return Ok(None);
    }
    let mut revisions: Vec<i32> = crate::db::curation::reviews_of(conn, kind, id)?
        .into_iter()
        .filter(|r| r.action == "approve")
        .map(|r| r.revision)
        .collect();
    if facts.state == "withdrawn" && facts.published_revision.is_some() {
        revisions.push(current_revision);
    }
    Ok(Some(revisions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(owner: OrganizationId, state: &str, published: Option<i32>) -> Facts<'_> {
        Facts {
            owner,
            state,
            published_revision: published,
        }
    }

    #[test]
    fn the_table_of_who_sees_what() {
        let mine = OrganizationId(uuid::Uuid::from_u128(1));
        let theirs = OrganizationId(uuid::Uuid::from_u128(2));
        let draft = facts(theirs, "draft", None);
        let submitted = facts(theirs, "submitted", None);
        let approved = facts(theirs, "approved", Some(3));
        let pending = facts(theirs, "draft", Some(3));
        for viewer in [Viewer::Public, Viewer::Member(mine)] {
            assert!(!sees_any(viewer, draft));
            assert!(!sees_any(viewer, submitted));
            assert!(sees_head(viewer, approved));
            assert!(!sees_head(viewer, pending) && sees_any(viewer, pending));
        }
        assert!(sees_head(Viewer::Member(theirs), draft));
        let curator = Viewer::Curator(mine);
        assert!(
            !sees_any(curator, draft),
            "other organisations' drafts stay hidden from curators"
        );
        assert!(sees_head(curator, submitted));
        assert!(!sees_head(curator, pending) && sees_any(curator, pending));
        assert!(sees_head(Viewer::Curator(theirs), draft));
    }
}
