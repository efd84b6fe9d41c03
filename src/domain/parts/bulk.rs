//! Owns the bulk path of part registration (imports): every record is checked one by one with the
//! single-record rules of [`super::create`] (validation, provenance, canonical-sequence duplicates,
//! accessions, visibility), and the records that pass are written a batch at a time — one
//! duplicate look-up, one accession reservation, bulk statements for the rows, their children,
//! the change feed, the revisions and the audit events (`COPY` on PostgreSQL, multi-row `INSERT`s
//! on SQLite) — instead of about twenty statements a record.
//!
//! What a record written earlier in the same file changes for a later one is kept exactly:
//! - a record whose sequence a held record also has waits until the held ones are written, so it
//!   meets its twin the way it would have one record at a time (409, or a declared twin);
//! - a record that refers to other parts (components, `derived_from`) is checked only once the
//!   held records are written, so a reference to an earlier record of the file resolves.
//!
//! Cost: O(records) work and, per batch, O(1) statements (plus one look-up per record that meets an
//! existing twin); memory is bounded by [`Registrar::MAX_RECORDS`] records and
//! [`Registrar::MAX_BASES`] bases held at once, plus their snapshots while a batch is written.
//! The caller's transaction makes the whole import all or nothing.

use std::collections::HashSet;

use crate::db::parts::{self as rows, NewPart, PartRow};
use crate::db::sequences;
use crate::db::types::{ImportId, PartId};
use crate::db::{now, DbConnection};
use crate::domain::accounts::{Principal, Role};
use crate::domain::audit::{self, RecordRef};
use crate::domain::curation::Curation;
use crate::domain::provenance;
use crate::domain::visibility::Viewer;
use crate::error::{AppError, AppResult};
use crate::seq::seguid;

use super::{
    build_row, check_duplicates, child_rows, format_accession, input, view, Bookkeeping, PartInput, PartRules,
};

/// A record checked and held for the next write.
struct Held<T> {
    tag: T,
    valid: input::ValidPart,
    seqhash: String,
    provenance: String,
}

/// What became of one record: its accession and id, or why it was refused (a 4xx for the record;
/// anything else ends the import).
pub struct Registered<T> {
    pub tag: T,
    pub result: AppResult<(String, PartId)>,
}

/// Registers many parts for one principal, a batch at a time. `T` is whatever the caller needs
/// back with each record's outcome (its place in the file).
pub struct Registrar<'a, T> {
    principal: &'a Principal,
    rules: &'a PartRules,
    comment: Option<String>,
    /// The import the records are registered by (`parts.import_id`, written with the row).
    import: Option<ImportId>,
    held: Vec<Held<T>>,
    seqhashes: HashSet<String>,
    bases: usize,
}

impl<'a, T> Registrar<'a, T> {
    /// Records held before they are written.
    pub const MAX_RECORDS: usize = 1000;
    /// Bases held before they are written (a few large records make a batch of their own).
    pub const MAX_BASES: usize = 16 << 20;

    pub fn new(
        principal: &'a Principal,
        rules: &'a PartRules,
        comment: Option<String>,
        import: Option<ImportId>,
    ) -> AppResult<Self> {
        principal.require(Role::Submitter)?;
        Ok(Registrar {
            principal,
            rules,
            comment,
            import,
            held: Vec::new(),
            seqhashes: HashSet::new(),
            bases: 0,
        })
    }

    fn viewer(&self) -> Viewer {
        Viewer::of(Some(self.principal))
    }

    /// Whether the held records must be written before `input` is checked: it refers to other
    /// parts, which may be among them.
    pub fn must_write_before(&self, input: &PartInput) -> bool {
        !self.held.is_empty() && (input.components.iter().any(|c| c.part.is_some()) || !input.derived_from.is_empty())
    }

    /// Checks `input` and holds it for the next write. Returns the outcomes this settled: the
    /// record's own refusal, and the records written to make room. An `Err` is a failure of the
    /// database, which ends the import.
    pub fn add(&mut self, conn: &mut DbConnection, tag: T, input: PartInput) -> AppResult<Vec<Registered<T>>> {
        let checked = self.check(conn, input);
        let (valid, seqhash, provenance) = match checked {
            Ok(checked) => checked,
            Err(error) => {
                return Ok(vec![Registered {
                    tag,
                    result: Err(error),
                }])
            }
        };
        // A twin among the held records: write them first, so the look-up at the write sees it.
        let mut settled = if self.seqhashes.contains(&seqhash) {
            self.write(conn)?
        } else {
            Vec::new()
        };
        self.bases += valid.sequence.len();
        self.seqhashes.insert(seqhash.clone());
        self.held.push(Held {
            tag,
            valid,
            seqhash,
            provenance,
        });
        if self.held.len() >= Self::MAX_RECORDS || self.bases >= Self::MAX_BASES {
            settled.extend(self.write(conn)?);
        }
        Ok(settled)
    }

    /// The checks of [`super::create`] before its duplicate look-up.
    fn check(&self, conn: &mut DbConnection, input: PartInput) -> AppResult<(input::ValidPart, String, String)> {
        let after = serde_json::to_value(&input).map_err(AppError::internal)?;
        let provenance = provenance::update(&Default::default(), None, &after, &input.provenance, self.principal)?;
        let valid = input::validate(conn, self.viewer(), input, None, self.rules.max_sequence_length)?;
        let seqhash = seguid::seqhash(&valid.sequence, valid.molecule_type, valid.topology);
        let provenance = provenance::store(&provenance)?;
        Ok((valid, seqhash, provenance))
    }

    /// Writes the held records: the duplicate look-up for all of them (and the single-record check
    /// for those that meet a twin), accessions in file order, then the rows, children, feed,
    /// revisions and audit events in bulk.
    pub fn write(&mut self, conn: &mut DbConnection) -> AppResult<Vec<Registered<T>>> {
        let held = std::mem::take(&mut self.held);
        self.seqhashes.clear();
        self.bases = 0;
        if held.is_empty() {
            return Ok(Vec::new());
        }
        let started = std::time::Instant::now();
        let hashes: Vec<String> = held.iter().map(|h| h.seqhash.clone()).collect();
        let live: HashSet<String> = rows::live_seqhashes(conn, &hashes)?.into_iter().collect();
        let mut settled = Vec::with_capacity(held.len());
        let mut accepted = Vec::with_capacity(held.len());
        for record in held {
            let duplicate_reason = if live.contains(&record.seqhash) {
                match check_duplicates(conn, self.viewer(), &record.seqhash, &record.valid, None) {
                    Ok(reason) => reason,
                    Err(error) => {
                        settled.push(Registered {
                            tag: record.tag,
                            result: Err(error),
                        });
                        continue;
                    }
                }
            } else {
                None
            };
            accepted.push((record, duplicate_reason));
        }
        let numbers = rows::next_accession_numbers(conn, "part", accepted.len())?;
        let mut part_rows: Vec<PartRow> = Vec::with_capacity(accepted.len());
        let mut children = Vec::with_capacity(accepted.len());
        let mut tags = Vec::with_capacity(accepted.len());
        for ((record, duplicate_reason), serial) in accepted.into_iter().zip(numbers) {
            let meta = Bookkeeping {
                id: PartId::new_random(),
                accession: format_accession(&self.rules.accession_prefix, serial),
                owner: self.principal.organization.id,
                created_by: self.principal.user.id,
                created_at: now(),
                revision: 1,
                curation: Curation::new_draft(),
                provenance: record.provenance,
            };
            let mut row = build_row(&record.valid, &record.seqhash, duplicate_reason, meta, self.principal)?;
            row.import_id = self.import;
            children.push((child_rows(row.id, &record.valid), record.valid));
            part_rows.push(row);
            tags.push(record.tag);
        }
        // Each distinct sequence stored once: twins of the batch and of the library share a row.
        let sequence_ids = {
            let items: Vec<(&str, &str)> = part_rows
                .iter()
                .zip(&children)
                .map(|(row, (_, valid))| {
                    Ok((
                        row.seqhash.as_str(),
                        std::str::from_utf8(&valid.sequence).map_err(AppError::internal)?,
                    ))
                })
                .collect::<AppResult<_>>()?;
            sequences::intern_many(conn, &items)?
        };
        for (row, id) in part_rows.iter_mut().zip(sequence_ids) {
            row.sequence_id = Some(id);
        }
        let new: Vec<NewPart> = children
            .iter()
            .map(|((hosts, components), valid)| NewPart {
                aliases: &valid.aliases,
                tags: &valid.tags,
                hosts,
                components,
            })
            .collect();
        let prepared = started.elapsed();
        rows::insert_parts(conn, &part_rows, &new)?;
        let inserted = started.elapsed();
        drop(new);
        drop(children);
        // The snapshots are the views a single registration stores, read back the same way.
        let views = view::assemble(conn, part_rows, true)?;
        let ids: Vec<String> = views.iter().map(|v| v.id.to_string()).collect();
        let records: Vec<(RecordRef, i32, &view::PartView)> = views
            .iter()
            .zip(&ids)
            .map(|(view, id)| {
                (
                    RecordRef {
                        kind: "part",
                        id,
                        accession: Some(&view.accession),
                    },
                    view.revision,
                    view,
                )
            })
            .collect();
        let assembled = started.elapsed();
        audit::revise_many(conn, self.principal, "part.created", &records, self.comment.as_deref())?;
        drop(records);
        tracing::debug!(
            records = views.len(),
            checks_ms = prepared.as_millis() as u64,
            rows_ms = (inserted - prepared).as_millis() as u64,
            views_ms = (assembled - inserted).as_millis() as u64,
            revisions_ms = (started.elapsed() - assembled).as_millis() as u64,
            "wrote a batch of parts"
        );
        settled.extend(views.into_iter().zip(tags).map(|(view, tag)| Registered {
            tag,
            result: Ok((view.accession, view.id)),
        }));
        Ok(settled)
    }
}
