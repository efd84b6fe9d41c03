//! Every list query the API can build is served by an index (issue 20): the plan of each shape —
//! every filter alone and in pairs, every sort in both directions, first and later pages, every
//! visibility scope — is read with `EXPLAIN` (`db::explain`) and the test fails on a scan of the
//! parts or strains table. On SQLite it also fails when a filter on a column of `parts` is not the
//! index's seek, or when a sorted page of such a filter needs a sort of its own (a temporary
//! B-tree): a composite index of filter, sort key and id serves it in order. PostgreSQL's
//! planner chooses by statistics an empty test database does not have, so there the test forbids
//! sequential scans (with `enable_seqscan` off, a plan that still scans has no index to use);
//! `bench/scale.py` measures the plans it chooses at a million parts.

use chrono::NaiveDate;
use diesel::connection::SimpleConnection;

use crate::common::TestDb;
use bioreg::db::explain::plan;
use bioreg::db::parts::{self, PartCursor, PartFilter, PartOrder, SideWalk, WalkedSide};
use bioreg::db::strains::{self, StrainFilter, StrainWalk, WalkedStrainSide};
use bioreg::db::text::{Position, Tier};
use bioreg::db::types::{OrganizationId, PartId, StrainId};
use bioreg::db::{Backend, DbConnection};
use bioreg::domain::visibility::ListScope;

fn database() -> (TestDb, DbConnection) {
    let db = TestDb::new();
    drop(bioreg::prepare_database(&db.url).unwrap());
    let mut conn = db.connect();
    if db.backend() == Backend::Postgres {
        conn.batch_execute("SET enable_seqscan = off").unwrap();
    }
    (db, conn)
}

fn scopes() -> Vec<ListScope> {
    let org = OrganizationId(uuid::Uuid::new_v4());
    vec![
        ListScope::Everything,
        ListScope::Published,
        ListScope::PublishedOrOwnedBy(org),
        ListScope::AllButDraftsOfOthers(org),
    ]
}

/// Lines of a plan that read a whole table.
fn table_scans(lines: &[String], tables: &[&str]) -> Vec<String> {
    lines
        .iter()
        .filter(|line| {
            let line = line.trim();
            tables.iter().any(|table| {
                // SQLite: `SCAN parts` (no index); PostgreSQL: `Seq Scan on parts`.
                line == format!("SCAN {table}")
                    || line.starts_with(&format!("SCAN {table} "))
                        && !line.contains("USING INDEX")
                        && !line.contains("USING COVERING INDEX")
                    || line.contains(&format!("Seq Scan on {table} "))
                    || line.ends_with(&format!("Seq Scan on {table}"))
            })
        })
        .cloned()
        .collect()
}

fn part_filters() -> Vec<(&'static str, PartFilter)> {
    let at = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let org = OrganizationId(uuid::Uuid::new_v4());
    let part = PartId(uuid::Uuid::new_v4());
    let one = |f: fn(&mut PartFilter)| {
        let mut filter = PartFilter::default();
        f(&mut filter);
        filter
    };
    let mut filters = vec![
        ("none", PartFilter::default()),
        // A relevance walk checks the other filters of the entries it read from the text indexes.
        ("entries", one(|f| f.entries = Some(vec![3, 1, 2]))),
        ("role", one(|f| f.role_id = Some("SO:0000167".into()))),
        ("molecule_type", one(|f| f.molecule_type = Some("dna".into()))),
        (
            "molecule_type=protein",
            one(|f| f.molecule_type = Some("protein".into())),
        ),
        ("molecule_type=rna", one(|f| f.molecule_type = Some("rna".into()))),
        ("topology", one(|f| f.topology = Some("circular".into()))),
        ("host_taxid", one(|f| f.host_taxid = Some(562))),
        ("tag", one(|f| f.tag = Some("enzyme".into()))),
        ("length_min", one(|f| f.length_min = Some(500))),
        ("length_max", one(|f| f.length_max = Some(500))),
        ("include_withdrawn", one(|f| f.include_withdrawn = true)),
    ];
    filters.push((
        "owner_org",
        PartFilter {
            owner_org_id: Some(org),
            ..Default::default()
        },
    ));
    filters.push((
        "created_after",
        PartFilter {
            created_after: Some(at),
            ..Default::default()
        },
    ));
    filters.push((
        "created_before",
        PartFilter {
            created_before: Some(at),
            ..Default::default()
        },
    ));
    filters.push((
        "uses_component",
        PartFilter {
            uses_component: Some(part),
            ..Default::default()
        },
    ));
    filters.push((
        "role+tag",
        PartFilter {
            role_id: Some("SO:0000316".into()),
            tag: Some("enzyme".into()),
            ..Default::default()
        },
    ));
    filters.push((
        "role+owner_org",
        PartFilter {
            role_id: Some("SO:0000316".into()),
            owner_org_id: Some(org),
            ..Default::default()
        },
    ));
    filters.push((
        "tag+length",
        PartFilter {
            tag: Some("enzyme".into()),
            length_min: Some(100),
            length_max: Some(900),
            ..Default::default()
        },
    ));
    filters.push((
        "entries+role",
        PartFilter {
            entries: Some(vec![3, 1, 2]),
            role_id: Some("SO:0000167".into()),
            ..Default::default()
        },
    ));
    // The records a driven list or a walked side names (at most `Drive::from_side`, or a step).
    filters.push((
        "ids",
        PartFilter {
            ids: Some(vec![part, PartId(uuid::Uuid::new_v4())]),
            ..Default::default()
        },
    ));
    filters.push((
        "ids+role",
        PartFilter {
            ids: Some(vec![part, PartId(uuid::Uuid::new_v4())]),
            role_id: Some("SO:0000167".into()),
            ..Default::default()
        },
    ));
    filters.push((
        "role+topology+molecule_type",
        PartFilter {
            role_id: Some("SO:0000167".into()),
            topology: Some("linear".into()),
            molecule_type: Some("dna".into()),
            ..Default::default()
        },
    ));
    filters
}

fn cursor_for(order: PartOrder) -> PartCursor {
    let id = PartId(uuid::Uuid::new_v4());
    match order {
        PartOrder::CreatedAt => PartCursor::CreatedAt(
            NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
            id,
        ),
        PartOrder::Name => PartCursor::Name("pLac".into(), id),
        PartOrder::Length => PartCursor::Length(1000, id),
        PartOrder::Accession => PartCursor::Accession("BRP000100".into()),
        PartOrder::Relevance => PartCursor::Ranked(Position {
            tier: Tier::Partial,
            entry: 10,
        }),
    }
}

fn sort_column(order: PartOrder) -> &'static str {
    match order {
        PartOrder::CreatedAt => "created_at",
        PartOrder::Name => "name",
        PartOrder::Length => "length",
        PartOrder::Accession => "accession",
        PartOrder::Relevance => "entry_no",
    }
}

#[test]
fn every_part_list_query_is_served_by_an_index() {
    let (db, mut conn) = database();
    let sqlite = db.backend() == Backend::Sqlite;
    let mut failures = Vec::new();
    let mut shapes = 0;
    for (name, filter) in part_filters() {
        for scope in scopes() {
            for order in [
                PartOrder::CreatedAt,
                PartOrder::Name,
                PartOrder::Length,
                PartOrder::Accession,
                PartOrder::Relevance,
            ] {
                for descending in [false, true] {
                    if (order == PartOrder::Relevance) != filter.entries.is_some()
                        || order == PartOrder::Relevance && descending
                    {
                        // Entries are only ever read in relevance order (ascending entry_no),
                        // and that order only ever reads entries a walk names.
                        continue;
                    }
                    for later_page in [false, true] {
                        let filter = PartFilter {
                            scope,
                            ..filter.clone()
                        };
                        let cursor = later_page.then(|| cursor_for(order));
                        let lines = plan(
                            &mut conn,
                            parts::key_query(&filter, order, descending, cursor.as_ref(), 51),
                        )
                        .unwrap();
                        shapes += 1;
                        let shape = format!(
                            "{name} {scope:?} sort={}{} page={}",
                            if descending { "-" } else { "" },
                            sort_column(order),
                            if later_page { "later" } else { "first" }
                        );
                        let scans = table_scans(&lines, &["parts"]);
                        if !scans.is_empty() {
                            failures.push(format!("{shape}: scans the table\n    {}", lines.join("\n    ")));
                            continue;
                        }
                        if !sqlite {
                            continue;
                        }
                        // A filter on a column of `parts` is the index's seek, and the index gives the
                        // sort order (no temporary B-tree for ORDER BY).
                        // The entries a relevance walk names (at most `Drive::step`) are read by
                        // `parts_entry_no`, whatever else filters them.
                        // So are the ids a driven list or a walked side names (at most
                        // `Drive::from_side`), by primary key; they are sorted, not walked.
                        let seeks: Vec<&str> = if filter.entries.is_some() {
                            vec!["entry_no=?"]
                        } else if filter.ids.is_some() {
                            vec!["id=?"]
                        } else {
                            [
                                filter.role_id.as_ref().map(|_| "role_id=?"),
                                filter.owner_org_id.as_ref().map(|_| "owner_org_id=?"),
                                // RNA and protein parts: the partial indexes of migration 000018.
                                filter
                                    .molecule_type
                                    .as_ref()
                                    .filter(|m| m.as_str() != "dna")
                                    .map(|_| "molecule_type=?"),
                            ]
                            .into_iter()
                            .flatten()
                            .collect()
                        };
                        // A published-only list (anonymous readers) reads the partial index of
                        // published records in its order.
                        if name == "none" && scope == ListScope::Published && order != PartOrder::Relevance {
                            let index = format!("parts_published_{}", sort_column(order).trim_end_matches("_at"));
                            if !lines.iter().any(|l| l.contains(&index)) {
                                failures.push(format!("{shape}: does not read {index}\n    {}", lines.join("\n    ")));
                            }
                        }
                        // Without any other filter a later page seeks the sort index to its cursor.
                        if later_page && name == "none" {
                            let column = sort_column(order);
                            if !lines.iter().any(|l| {
                                l.contains("SEARCH parts USING")
                                    && (l.contains(&format!("{column}>")) || l.contains(&format!("{column}<")))
                            }) {
                                failures.push(format!(
                                    "{shape}: does not seek to the cursor\n    {}",
                                    lines.join("\n    ")
                                ));
                            }
                        }
                        if !seeks.is_empty() {
                            if !lines
                                .iter()
                                .any(|l| l.contains("SEARCH parts USING") && seeks.iter().any(|seek| l.contains(seek)))
                            {
                                failures.push(format!(
                                    "{shape}: none of {seeks:?} is the seek\n    {}",
                                    lines.join("\n    ")
                                ));
                                continue;
                            }
                            if filter.entries.is_some() || filter.ids.is_some() {
                                continue;
                            }
                            if lines.iter().any(|l| l.contains("USE TEMP B-TREE FOR ORDER BY")) {
                                failures.push(format!("{shape}: sorts the matches\n    {}", lines.join("\n    ")));
                                continue;
                            }
                            // A later page seeks to the cursor instead of skipping the earlier pages.
                            if later_page {
                                let column = sort_column(order);
                                if !lines.iter().any(|l| {
                                    l.contains("SEARCH parts USING")
                                        && (l.contains(&format!("{column}>")) || l.contains(&format!("{column}<")))
                                }) {
                                    failures.push(format!(
                                        "{shape}: does not seek to the cursor\n    {}",
                                        lines.join("\n    ")
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {shapes} part list shapes:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_walk_of_a_tag_or_host_reads_its_index_in_order() {
    // A tag or host that matches too many parts to drive from is walked in the list's order from
    // the side table's index of that order (`db::drive`, migration 000017): a seek to the tag or
    // taxon and the cursor, no scan and no sort of its own.
    let (db, mut conn) = database();
    if db.backend() == Backend::Postgres {
        // An empty table makes a bitmap scan and a sort look cheapest; with both off, a plan
        // that still sorts has no index that gives the order (the walk only runs where a tag
        // matches thousands of parts, and there PostgreSQL reads the index in order).
        conn.batch_execute("SET enable_sort = off; SET enable_bitmapscan = off")
            .unwrap();
    }
    let mut failures = Vec::new();
    let mut shapes = 0;
    for side in [WalkedSide::Tag("enzyme".into()), WalkedSide::Host(562)] {
        let (table, prefix) = match side {
            WalkedSide::Tag(_) => ("part_tags", "part_tags_tag_"),
            WalkedSide::Host(_) => ("part_hosts", "part_hosts_taxid_"),
        };
        for order in [
            PartOrder::CreatedAt,
            PartOrder::Name,
            PartOrder::Length,
            PartOrder::Accession,
        ] {
            let index = format!("{prefix}{}", sort_column(order).trim_end_matches("_at"));
            for descending in [false, true] {
                for later_page in [false, true] {
                    let cursor = later_page.then(|| cursor_for(order));
                    let walk = SideWalk::new(side.clone(), order, descending, cursor.as_ref()).unwrap();
                    let lines = walk.plan(&mut conn, 500).unwrap();
                    shapes += 1;
                    let shape = format!(
                        "{side:?} sort={}{} page={}",
                        if descending { "-" } else { "" },
                        sort_column(order),
                        if later_page { "later" } else { "first" }
                    );
                    let plan = lines.join("\n    ");
                    if !table_scans(&lines, &[table]).is_empty() {
                        failures.push(format!("{shape}: scans {table}\n    {plan}"));
                    } else if !lines.iter().any(|l| l.contains(&index)) {
                        failures.push(format!("{shape}: does not read {index}\n    {plan}"));
                    } else if lines.iter().any(|l| {
                        // SQLite: a temporary B-tree; PostgreSQL: a Sort node.
                        l.contains("USE TEMP B-TREE") || l.trim_start().trim_start_matches("->  ").starts_with("Sort")
                    }) {
                        failures.push(format!("{shape}: sorts the rows\n    {plan}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {shapes} side walks:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_walk_of_a_strain_tag_or_carried_part_reads_its_index_in_order() {
    let (db, mut conn) = database();
    if db.backend() == Backend::Postgres {
        conn.batch_execute("SET enable_sort = off; SET enable_bitmapscan = off")
            .unwrap();
    }
    let at = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let mut failures = Vec::new();
    for (side, table, index) in [
        (
            WalkedStrainSide::Tag("reference".into()),
            "strain_tags",
            "strain_tags_tag_created",
        ),
        (
            WalkedStrainSide::Carries(PartId(uuid::Uuid::new_v4())),
            "strain_parts",
            "strain_parts_part_created",
        ),
    ] {
        for after in [None, Some((at, StrainId(uuid::Uuid::new_v4())))] {
            let lines = StrainWalk::new(side.clone(), after).plan(&mut conn, 500).unwrap();
            let plan = lines.join("\n    ");
            if !table_scans(&lines, &[table]).is_empty() || !lines.iter().any(|l| l.contains(index)) {
                failures.push(format!("{side:?} after={after:?}: does not seek {index}\n    {plan}"));
            } else if lines
                .iter()
                .any(|l| l.contains("USE TEMP B-TREE") || l.trim_start().trim_start_matches("->  ").starts_with("Sort"))
            {
                failures.push(format!("{side:?} after={after:?}: sorts the rows\n    {plan}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_strain_list_query_is_served_by_an_index() {
    let (db, mut conn) = database();
    let sqlite = db.backend() == Backend::Sqlite;
    let org = OrganizationId(uuid::Uuid::new_v4());
    let after = Some((
        NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
        StrainId(uuid::Uuid::new_v4()),
    ));
    let filters = vec![
        ("none", StrainFilter::default()),
        (
            "entries",
            StrainFilter {
                entries: Some(vec![3, 1, 2]),
                ..Default::default()
            },
        ),
        (
            "ncbi_taxid",
            StrainFilter {
                ncbi_taxid: Some(562),
                ..Default::default()
            },
        ),
        (
            "organism_type",
            StrainFilter {
                organism_type: Some("bacteria".into()),
                ..Default::default()
            },
        ),
        (
            "risk_group",
            StrainFilter {
                risk_group: Some(2),
                ..Default::default()
            },
        ),
        (
            "carries_part",
            StrainFilter {
                carries_part: Some(PartId(uuid::Uuid::new_v4())),
                ..Default::default()
            },
        ),
        (
            "has_samples",
            StrainFilter {
                has_samples: Some(true),
                ..Default::default()
            },
        ),
        (
            "no_samples",
            StrainFilter {
                has_samples: Some(false),
                ..Default::default()
            },
        ),
        (
            "tag",
            StrainFilter {
                tag: Some("reference".into()),
                ..Default::default()
            },
        ),
        (
            "owner_org",
            StrainFilter {
                owner_org_id: Some(org),
                ..Default::default()
            },
        ),
        (
            "include_withdrawn",
            StrainFilter {
                include_withdrawn: true,
                ..Default::default()
            },
        ),
        (
            "taxid+tag",
            StrainFilter {
                ncbi_taxid: Some(562),
                tag: Some("reference".into()),
                ..Default::default()
            },
        ),
        (
            "created range",
            StrainFilter {
                created_after: after.map(|(at, _)| at),
                created_before: after.map(|(at, _)| at + chrono::Duration::days(30)),
                ..Default::default()
            },
        ),
        (
            "owner_org+created range",
            StrainFilter {
                owner_org_id: Some(org),
                created_after: after.map(|(at, _)| at),
                ..Default::default()
            },
        ),
    ];
    let mut failures = Vec::new();
    let mut shapes = 0;
    for (name, filter) in filters {
        for scope in scopes() {
            for cursor in [None, after] {
                let filter = StrainFilter {
                    scope,
                    ..filter.clone()
                };
                let lines = plan(&mut conn, strains::key_query(&filter, cursor, 51)).unwrap();
                shapes += 1;
                let shape = format!(
                    "{name} {scope:?} page={}",
                    if cursor.is_some() { "later" } else { "first" }
                );
                let scans = table_scans(&lines, &["strains", "strain_samples"]);
                if !scans.is_empty() {
                    failures.push(format!("{shape}: scans a table\n    {}", lines.join("\n    ")));
                    continue;
                }
                // On SQLite a filter on a column of `strains` is the seek of an index in creation
                // order, and a later page seeks to its cursor.
                let seeks: Vec<&str> = [
                    filter.ncbi_taxid.map(|_| "ncbi_taxid=?"),
                    filter.owner_org_id.map(|_| "owner_org_id=?"),
                    filter.organism_type.as_ref().map(|_| "organism_type=?"),
                ]
                .into_iter()
                .flatten()
                .collect();
                if sqlite && !seeks.is_empty() {
                    let seek = lines
                        .iter()
                        .find(|l| l.contains("SEARCH strains USING") && seeks.iter().any(|s| l.contains(s)));
                    match seek {
                        None => failures.push(format!(
                            "{shape}: none of {seeks:?} is the seek\n    {}",
                            lines.join("\n    ")
                        )),
                        Some(_) if lines.iter().any(|l| l.contains("USE TEMP B-TREE FOR ORDER BY")) => {
                            failures.push(format!("{shape}: sorts the matches\n    {}", lines.join("\n    ")))
                        }
                        Some(line) if cursor.is_some() && !line.contains("created_at>") => failures.push(format!(
                            "{shape}: does not seek to the cursor\n    {}",
                            lines.join("\n    ")
                        )),
                        Some(_) => {}
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {shapes} strain list shapes:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Ids of every page of a part list in relevance order, page after page of `limit`.
fn ranked_ids(conn: &mut DbConnection, filter: &PartFilter, limit: i64, drive: parts::Drive) -> Vec<PartId> {
    let q = filter.text.clone().expect("a text query");
    let mut ids = Vec::new();
    let mut cursor: Option<PartCursor> = None;
    for _ in 0..10_000 {
        let page =
            parts::list_part_keys_driven(conn, filter, PartOrder::Relevance, false, cursor.as_ref(), limit, drive)
                .unwrap();
        ids.extend(page.keys.iter().map(|k| k.id));
        cursor = match (page.resume_at, page.keys.last()) {
            (Some(position), _) => Some(PartCursor::Ranked(position)),
            (None, Some(last)) if page.keys.len() as i64 == limit => Some(PartCursor::Ranked(Position {
                tier: q.names_tier(&last.search_names).unwrap_or(Tier::Words),
                entry: last.entry_no.unwrap(),
            })),
            _ => return ids,
        };
    }
    panic!("the list did not end")
}

/// What a part list with `filter.text` holds, worked out row by row: the other filters by the
/// plain query, `q` by `TextQuery::row_tier`; in relevance order (tier, entry_no).
fn ranked_by_hand(conn: &mut DbConnection, filter: &PartFilter) -> Vec<(Tier, i64, PartId, String, String)> {
    use bioreg::db::schema::parts as table;
    use diesel::prelude::*;
    let q = filter.text.clone().unwrap();
    let rest = PartFilter {
        text: None,
        ..filter.clone()
    };
    let keys: Vec<parts::PartKey> = parts::key_query(&rest, PartOrder::CreatedAt, false, None, 1_000_000)
        .load(conn)
        .unwrap();
    let texts: std::collections::HashMap<PartId, String> = table::table
        .select((table::id, table::search_text))
        .load::<(PartId, String)>(conn)
        .unwrap()
        .into_iter()
        .collect();
    let mut found: Vec<(Tier, i64, PartId, String, String)> = keys
        .into_iter()
        .filter_map(|k| {
            let tier = q.row_tier(&k.search_names, &texts[&k.id])?;
            Some((tier, k.entry_no.unwrap(), k.id, k.name.clone(), k.accession.clone()))
        })
        .collect();
    found.sort_by_key(|(tier, entry, ..)| (*tier, *entry));
    found
}

fn seeded() -> (TestDb, DbConnection) {
    let db = TestDb::new();
    let mut conn = db.connect();
    conn.run_migrations().unwrap();
    bioreg::domain::seeds::load(&mut conn).unwrap();
    bioreg::domain::seeds::load_library(&mut conn, &bioreg::config::Settings::default().import_rules()).unwrap();
    (db, conn)
}

/// Text queries over the seeded library: exact names and accessions, parts of them, words of
/// descriptions, several words, too short for trigrams, nothing to search.
const PART_QUERIES: &[&str] = &[
    "BRP000007",
    "brp0000",
    "J23100",
    "j231",
    "gfp",
    "promoter",
    "constitutive promoter",
    "terminator",
    "rbs",
    "lac",
    "ab",
    "e",
    "--",
    "no such thing",
];

#[test]
fn relevance_order_lists_what_matching_row_by_row_lists() {
    let (_db, mut conn) = seeded();
    let tiny = parts::Drive {
        from_side: 60,
        step: 7,
        max_walk: 20,
    };
    let mut tiers_seen = std::collections::HashSet::new();
    for q in PART_QUERIES {
        for (name, extra) in [
            ("alone", PartFilter::default()),
            (
                "promoters",
                PartFilter {
                    role_id: Some("SO:0000167".into()),
                    ..Default::default()
                },
            ),
            (
                "published",
                PartFilter {
                    scope: ListScope::Published,
                    ..Default::default()
                },
            ),
            (
                "common tag",
                PartFilter {
                    tag: Some("igem-2024-distribution".into()),
                    ..Default::default()
                },
            ),
        ] {
            let filter = PartFilter {
                text: bioreg::domain::text_query(Some(q)).unwrap(),
                ..extra
            };
            let expected = ranked_by_hand(&mut conn, &filter);
            tiers_seen.extend(expected.iter().map(|(tier, ..)| *tier));
            let expected_ids: Vec<PartId> = expected.iter().map(|(_, _, id, ..)| *id).collect();
            for (drive_name, drive, limit) in [("default", parts::Drive::DEFAULT, 25), ("tiny", tiny, 4)] {
                let got = ranked_ids(&mut conn, &filter, limit, drive);
                assert_eq!(got, expected_ids, "q={q:?} {name} drive={drive_name}");
            }
            // Sorted by something else, `q` is a filter (driven from the text indexes or checked
            // on the rows a walk reads).
            let mut by_name = expected.clone();
            by_name.sort_by(|a, b| (&a.3, a.2).cmp(&(&b.3, b.2)));
            let by_name: Vec<PartId> = by_name.into_iter().map(|(_, _, id, ..)| id).collect();
            for drive in [parts::Drive::DEFAULT, tiny] {
                let got = every_key(&mut conn, &filter, PartOrder::Name, false, Some(drive));
                assert_eq!(got, by_name, "q={q:?} {name} sort=name {drive:?}");
            }
        }
    }
    assert_eq!(tiers_seen.len(), 3, "{tiers_seen:?}");
}

#[test]
fn strain_relevance_order_lists_what_matching_row_by_row_lists() {
    use bioreg::db::schema::strains as table;
    use diesel::prelude::*;
    let (_db, mut conn) = seeded();
    let rows: Vec<(StrainId, i64, String, String)> = table::table
        .filter(table::withdrawn_at.is_null())
        .select((
            table::id,
            table::entry_no.assume_not_null(),
            table::search_names,
            table::search_text,
        ))
        .load(&mut conn)
        .unwrap();
    for q in [
        "dsm",
        "DSM 498",
        "498",
        "coli",
        "escherichia coli",
        "k-12",
        "mg1655",
        "bacillus",
        "zz",
        "--",
    ] {
        let text = bioreg::domain::text_query(Some(q)).unwrap();
        let mut expected: Vec<(Tier, i64, StrainId)> = rows
            .iter()
            .filter_map(|(id, entry, names, all)| Some((text.as_ref()?.row_tier(names, all)?, *entry, *id)))
            .collect();
        expected.sort();
        let expected: Vec<StrainId> = expected.into_iter().map(|(_, _, id)| id).collect();
        let filter = StrainFilter {
            text: text.clone(),
            ..Default::default()
        };
        for drive in [
            strains::Drive::DEFAULT,
            strains::Drive {
                from_side: 2,
                step: 2,
                max_walk: 3,
            },
        ] {
            let mut got = Vec::new();
            let mut after = None;
            loop {
                let page = strains::list_strain_keys_driven(&mut conn, &filter, after, 2, drive).unwrap();
                got.extend(page.keys.iter().map(|k| k.id));
                after = match (page.resume_at, page.keys.last()) {
                    (Some(position), _) => Some(strains::StrainCursor::Ranked(position)),
                    (None, Some(last)) if page.keys.len() == 2 => Some(strains::StrainCursor::Ranked(Position {
                        tier: text
                            .as_ref()
                            .unwrap()
                            .names_tier(&last.search_names)
                            .unwrap_or(Tier::Words),
                        entry: last.entry_no.unwrap(),
                    })),
                    _ => break,
                };
            }
            assert_eq!(got, expected, "q={q:?} {drive:?}");
        }
    }
}

#[test]
fn text_queries_are_served_by_the_text_indexes() {
    use bioreg::db::text::{entries_plan, Index};
    let (db, mut conn) = database();
    let q = bioreg::domain::text_query(Some("pLac promoter")).unwrap().unwrap();
    for index in [Index::Parts, Index::Strains] {
        for tier in [Tier::Exact, Tier::Partial, Tier::Words] {
            let lines = entries_plan(&mut conn, index, &q, tier).unwrap();
            let table = if index == Index::Parts { "parts" } else { "strains" };
            assert!(
                table_scans(&lines, &[table]).is_empty(),
                "{index:?} {tier:?}: {lines:?}"
            );
            match db.backend() {
                // SQLite: the FTS5 table answers MATCH and the rowid range (index plan M…).
                Backend::Sqlite => assert!(
                    lines.iter().any(|l| l.contains("VIRTUAL TABLE INDEX")),
                    "{index:?} {tier:?}: {lines:?}"
                ),
                // PostgreSQL (sequential scans off): the GIN index or the entry_no index.
                Backend::Postgres => assert!(
                    lines
                        .iter()
                        .any(|l| l.contains("_names_trgm") || l.contains("_words") || l.contains("_entry_no")),
                    "{index:?} {tier:?}: {lines:?}"
                ),
            }
        }
    }
}

#[test]
fn the_list_and_text_indexes_upgrade_a_library_written_under_the_previous_schema() {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count = |conn: &mut DbConnection, sql: &str| diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n;
    let digits = |v: &str| v.chars().filter(char::is_ascii_digit).collect::<String>();

    let (db, mut conn) = seeded();
    let ranked = |conn: &mut DbConnection, q: &str| {
        let filter = PartFilter {
            text: bioreg::domain::text_query(Some(q)).unwrap(),
            ..Default::default()
        };
        ranked_ids(conn, &filter, 50, parts::Drive::DEFAULT)
    };
    let before: Vec<Vec<PartId>> = PART_QUERIES.iter().map(|q| ranked(&mut conn, q)).collect();
    let parts_before = count(&mut conn, "SELECT count(*) AS n FROM parts");
    let strains_before = count(&mut conn, "SELECT count(*) AS n FROM strains");
    assert!(parts_before > 500, "{parts_before}");

    // Back to the schema of the main before issue 20 (000012), as it wrote the library: the rows
    // stay; the list indexes, the text columns and the text indexes go (and import jobs, 000019,
    // the records' imports, 000021, the registry's identity, 000022, and the shared sequences, 000023).
    for version in [
        "20261209000023",
        "20261208000022",
        "20261208000021",
        "20261207000020",
        "20261207000019",
        "20261207000018",
        "20261207000017",
        "20261207000016",
        "20261207000015",
        "20261207000014",
        "20261206000013",
    ] {
        assert_eq!(digits(&conn.revert_last_migration().unwrap()), version);
    }
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM parts"), parts_before);

    let applied = conn.run_migrations().unwrap();
    let applied: Vec<String> = applied.iter().map(|v| digits(v)).collect();
    assert_eq!(
        applied,
        [
            "20261206000013",
            "20261207000014",
            "20261207000015",
            "20261207000016",
            "20261207000017",
            "20261207000018",
            "20261207000019",
            "20261207000020",
            "20261208000021",
            "20261208000022",
            "20261209000023"
        ]
    );
    // Every tag and host row carries its part's sort keys, and a walked tag lists what the plain
    // query lists.
    for (table, record) in [("strain_tags", "strain_id"), ("strain_parts", "strain_id")] {
        let differing = count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM {table} s JOIN strains r ON r.id = s.{record} \
                 WHERE s.strain_created_at <> r.created_at"
            ),
        );
        assert_eq!(differing, 0, "{table}");
    }
    for table in ["part_tags", "part_hosts"] {
        let differing = count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM {table} s JOIN parts p ON p.id = s.part_id WHERE s.part_created_at <> \
                 p.created_at OR s.part_accession <> p.accession OR s.part_name <> p.name OR s.part_length <> p.length"
            ),
        );
        assert_eq!(differing, 0, "{table}");
    }
    assert!(count(&mut conn, "SELECT count(*) AS n FROM part_tags") > 500);
    let tagged = PartFilter {
        tag: Some("igem-2024-distribution".into()),
        ..Default::default()
    };
    let small = parts::Drive {
        from_side: 60,
        step: 37,
        max_walk: 150,
    };
    for order in [PartOrder::Name, PartOrder::CreatedAt] {
        assert_eq!(
            every_key(&mut conn, &tagged, order, true, Some(small)),
            every_key(&mut conn, &tagged, order, true, None),
            "{order:?}"
        );
    }
    // An upgraded database gets its identity (which a saved sequence index is checked against).
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM registry_identity"), 1);
    assert_eq!(bioreg::db::search::identity(&mut conn).unwrap().len(), 32);
    // The change generation starts at 0 on an upgraded database and counts each write from there.
    assert_eq!(bioreg::db::generation(&mut conn).unwrap(), 0);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM parts"), parts_before);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM strains"), strains_before);
    // The upgraded database lists a role in order from the new index (SQLite; PostgreSQL's
    // choice depends on its statistics).
    let filter = PartFilter {
        role_id: Some("SO:0000167".into()),
        ..Default::default()
    };
    let keys = parts::list_part_keys(&mut conn, &filter, PartOrder::Name, false, None, 1000)
        .unwrap()
        .keys;
    assert!(!keys.is_empty());
    assert!(keys.windows(2).all(|w| (&w[0].name, w[0].id) <= (&w[1].name, w[1].id)));
    if db.backend() == Backend::Sqlite {
        let lines = plan(&mut conn, parts::key_query(&filter, PartOrder::Name, false, None, 51)).unwrap();
        assert!(lines.iter().any(|l| l.contains("parts_role_name")), "{lines:?}");
    }
    // The migration rebuilt the text of every record: each query finds what it found before
    // (registration order is rebuilt from created_at, so only the tiers' contents are compared),
    // and the indexes agree with the rows.
    for (q, before) in PART_QUERIES.iter().zip(before) {
        let after = ranked(&mut conn, q);
        let mut a = after.clone();
        let mut b = before.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b, "q={q:?}");
        let filter = PartFilter {
            text: bioreg::domain::text_query(Some(q)).unwrap(),
            ..Default::default()
        };
        let by_hand: Vec<PartId> = ranked_by_hand(&mut conn, &filter).into_iter().map(|r| r.2).collect();
        assert_eq!(after, by_hand, "q={q:?}");
    }
    // Every record has its entry number, 1 to n.
    let (max_entry, rows) = (
        count(&mut conn, "SELECT max(entry_no) AS n FROM parts"),
        count(&mut conn, "SELECT count(entry_no) AS n FROM parts"),
    );
    assert_eq!((max_entry, rows), (parts_before, parts_before));
}

/// Ids of every page of a part list: `list_part_keys_driven` with `drive`, or (without) the plain
/// query with the side filters in SQL, page after page.
fn every_key(
    conn: &mut DbConnection,
    filter: &PartFilter,
    order: PartOrder,
    descending: bool,
    drive: Option<parts::Drive>,
) -> Vec<PartId> {
    use diesel::RunQueryDsl;
    let mut ids = Vec::new();
    let mut cursor: Option<PartCursor> = None;
    for _ in 0..1000 {
        let (keys, resume) = match drive {
            Some(drive) => {
                let page =
                    parts::list_part_keys_driven(conn, filter, order, descending, cursor.as_ref(), 25, drive).unwrap();
                (page.keys, page.resume)
            }
            None => (
                parts::key_query(filter, order, descending, cursor.as_ref(), 25)
                    .load::<parts::PartKey>(conn)
                    .unwrap(),
                None,
            ),
        };
        ids.extend(keys.iter().map(|k| k.id));
        match (resume, keys.last()) {
            (Some(last), _) => cursor = Some(PartCursor::after(order, &last)),
            (None, Some(last)) if keys.len() == 25 => cursor = Some(PartCursor::after(order, last)),
            _ => return ids,
        }
    }
    panic!("the list did not end")
}

#[test]
fn side_filters_driven_either_way_list_what_the_plain_query_lists() {
    // The seeded library (764 parts): tags on 524 parts down to a few dozen, composites of shared
    // components. With a small `Drive` the common tag is walked and the rare ones driven from.
    let db = TestDb::new();
    let mut conn = db.connect();
    conn.run_migrations().unwrap();
    bioreg::domain::seeds::load(&mut conn).unwrap();
    bioreg::domain::seeds::load_library(&mut conn, &bioreg::config::Settings::default().import_rules()).unwrap();
    let component: PartId = {
        use bioreg::db::schema::part_components;
        use diesel::prelude::*;
        part_components::table
            .filter(part_components::component_id.is_not_null())
            .group_by(part_components::component_id)
            .select(part_components::component_id.assume_not_null())
            .order(diesel::dsl::count_star().desc())
            .first(&mut conn)
            .unwrap()
    };
    let drive = parts::Drive {
        from_side: 60,
        step: 37,
        max_walk: 150,
    };
    let tag = |t: &str| Some(t.to_string());
    let filters = [
        (
            "common tag (walked)",
            PartFilter {
                tag: tag("igem-2024-distribution"),
                ..Default::default()
            },
        ),
        (
            "rare tag (driven)",
            PartFilter {
                tag: tag("rbs-collection"),
                ..Default::default()
            },
        ),
        (
            "component (driven)",
            PartFilter {
                uses_component: Some(component),
                ..Default::default()
            },
        ),
        (
            "common tag + component",
            PartFilter {
                tag: tag("igem-2024-distribution"),
                uses_component: Some(component),
                ..Default::default()
            },
        ),
        (
            "common tag + role",
            PartFilter {
                tag: tag("igem-2024-distribution"),
                role_id: Some("SO:0000316".into()),
                ..Default::default()
            },
        ),
        (
            "rare tag + role",
            PartFilter {
                tag: tag("anderson-promoters"),
                role_id: Some("SO:0000167".into()),
                ..Default::default()
            },
        ),
        (
            "no such tag",
            PartFilter {
                tag: tag("nothing"),
                ..Default::default()
            },
        ),
    ];
    for (name, filter) in filters {
        for scope in [ListScope::Everything, ListScope::Published] {
            let filter = PartFilter {
                scope,
                ..filter.clone()
            };
            for order in [
                PartOrder::CreatedAt,
                PartOrder::Name,
                PartOrder::Length,
                PartOrder::Accession,
            ] {
                for descending in [false, true] {
                    let plain = every_key(&mut conn, &filter, order, descending, None);
                    let driven = every_key(&mut conn, &filter, order, descending, Some(drive));
                    let default = every_key(&mut conn, &filter, order, descending, Some(parts::Drive::DEFAULT));
                    // Walks so short that pages come back short and resume.
                    let short = every_key(
                        &mut conn,
                        &filter,
                        order,
                        descending,
                        Some(parts::Drive {
                            from_side: 60,
                            step: 10,
                            max_walk: 30,
                        }),
                    );
                    assert_eq!(
                        short,
                        plain,
                        "{name} {scope:?} {} desc={descending} (short walks)",
                        sort_column(order)
                    );
                    assert_eq!(
                        driven,
                        plain,
                        "{name} {scope:?} {} desc={descending}",
                        sort_column(order)
                    );
                    assert_eq!(
                        default,
                        plain,
                        "{name} {scope:?} {} desc={descending}",
                        sort_column(order)
                    );
                    if name == "common tag (walked)" && scope == ListScope::Everything {
                        assert!(plain.len() > 500, "{}", plain.len());
                    }
                }
            }
        }
    }
}

#[test]
fn strain_side_filters_driven_either_way_list_what_the_plain_query_lists() {
    use diesel::RunQueryDsl;
    // The seeded strains (8, tags on all of them down to two), some with samples added here.
    let db = TestDb::new();
    let mut conn = db.connect();
    conn.run_migrations().unwrap();
    bioreg::domain::seeds::load(&mut conn).unwrap();
    bioreg::domain::seeds::load_library(&mut conn, &bioreg::config::Settings::default().import_rules()).unwrap();
    let every = |conn: &mut DbConnection, filter: &StrainFilter, drive: Option<strains::Drive>| {
        let mut ids = Vec::new();
        let mut after = None;
        loop {
            let (keys, resume) = match drive {
                Some(drive) => {
                    let page = strains::list_strain_keys_driven(
                        conn,
                        filter,
                        after.map(|(at, id)| strains::StrainCursor::Created(at, id)),
                        3,
                        drive,
                    )
                    .unwrap();
                    (page.keys, page.resume)
                }
                None => (
                    strains::key_query(filter, after, 3)
                        .load::<strains::StrainKey>(conn)
                        .unwrap(),
                    None,
                ),
            };
            ids.extend(keys.iter().map(|k| k.id));
            match (resume, keys.last()) {
                (Some(last), _) => after = Some((last.created_at, last.id)),
                (None, Some(last)) if keys.len() == 3 => after = Some((last.created_at, last.id)),
                _ => return ids,
            }
        }
    };
    let tiny = strains::Drive {
        from_side: 2,
        step: 2,
        max_walk: 3,
    };
    let tag = |t: &str| Some(t.to_string());
    let filters = [
        (
            "common tag",
            StrainFilter {
                tag: tag("reference-strain"),
                ..Default::default()
            },
        ),
        (
            "rarer tag",
            StrainFilter {
                tag: tag("gram-positive"),
                ..Default::default()
            },
        ),
        (
            "tag of three",
            StrainFilter {
                tag: tag("e-coli"),
                ..Default::default()
            },
        ),
        (
            "with samples",
            StrainFilter {
                has_samples: Some(true),
                ..Default::default()
            },
        ),
        (
            "without samples",
            StrainFilter {
                has_samples: Some(false),
                ..Default::default()
            },
        ),
        (
            "tag without samples",
            StrainFilter {
                tag: tag("genome-sequenced"),
                has_samples: Some(false),
                ..Default::default()
            },
        ),
    ];
    // Seven strains carry one part (one of them twice); walked from `strain_parts_part_created`
    // with `tiny`.
    let principal = submitter(&mut conn);
    let settings = bioreg::config::Settings::default();
    let part = bioreg::domain::parts::create(
        &mut conn,
        &principal,
        serde_json::from_value(
            serde_json::json!({"name": "pCarried", "role": "plasmid", "sequence": "ATGACCGGTTAACGT"}),
        )
        .unwrap(),
        &settings.part_rules(),
        None,
    )
    .unwrap();
    for k in 0..7 {
        let mut carried = vec![serde_json::json!({"part": part.accession, "relation": "plasmid"})];
        if k == 3 {
            carried.push(serde_json::json!({"part": part.accession, "relation": "chromosomal_integration"}));
        }
        let input = serde_json::from_value(serde_json::json!({
            "name": format!("carrier-{k}"),
            "organism_type": "bacteria",
            "taxon": {"name": "Escherichia coli", "ncbi_taxid": 562},
            "risk_group": 1,
            "parts": carried,
        }))
        .unwrap();
        bioreg::domain::strains::create(
            &mut conn,
            &principal,
            input,
            &settings.import_rules().strain_prefix,
            None,
        )
        .unwrap();
    }
    let carried: Option<(PartId, i64)> = {
        use bioreg::db::schema::strain_parts;
        use diesel::prelude::*;
        strain_parts::table
            .group_by(strain_parts::part_id)
            .select((strain_parts::part_id, diesel::dsl::count_star()))
            .order(diesel::dsl::count_star().desc())
            .first(&mut conn)
            .optional()
            .unwrap()
    };
    let filters: Vec<(&str, StrainFilter)> = filters
        .into_iter()
        .chain(carried.map(|(part, _)| {
            (
                "carried part",
                StrainFilter {
                    carries_part: Some(part),
                    ..Default::default()
                },
            )
        }))
        .collect();
    for (name, filter) in filters {
        let plain = every(&mut conn, &filter, None);
        assert_eq!(every(&mut conn, &filter, Some(tiny)), plain, "{name}");
        assert_eq!(
            every(&mut conn, &filter, Some(strains::Drive::DEFAULT)),
            plain,
            "{name}"
        );
        if name == "common tag" {
            assert_eq!(plain.len(), 8, "{name}");
        }
        if name == "without samples" {
            // The seeded eight and the seven carriers.
            assert_eq!(plain.len(), 15, "{name}");
        }
        if name == "carried part" {
            assert_eq!(plain.len(), 7, "{name}");
        }
    }
}

#[test]
fn planner_statistics_are_refreshed_without_autovacuum() {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    // The seeded library is written without ANALYZE; the refresh a server runs at start (and an
    // import after it) gives the planner statistics of `parts` (this test machine's PostgreSQL
    // runs without autovacuum, like any server whose autovacuum has not come round yet).
    let (db, mut conn) = seeded();
    bioreg::db::refresh_statistics_after(&mut conn, &["parts"], 1_000).unwrap();
    let sql = match db.backend() {
        Backend::Sqlite => "SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'parts'",
        Backend::Postgres => "SELECT count(*) AS n FROM pg_class WHERE relname = 'parts' AND reltuples > 500",
    };
    let analysed = diesel::sql_query(sql).get_result::<Count>(&mut conn).unwrap().n;
    assert!(analysed > 0, "no statistics of parts after the refresh");
}

#[test]
fn walks_of_tags_and_hosts_list_what_the_plain_query_lists_after_edits() {
    // Parts carrying one tag, half of them a host (some twice, of one taxon), then renamed and
    // resized by edits: a tag or host walked in every order (migration 000017's copies of the
    // sort keys) lists exactly what the plain query lists, through pages that resume.
    use bioreg::domain::parts::{self as domain_parts, PartInput};
    use rand::{Rng, SeedableRng};

    let db = TestDb::new();
    let mut conn = db.connect();
    conn.run_migrations().unwrap();
    let principal = submitter(&mut conn);
    let rules = bioreg::config::Settings::default().part_rules();
    let mut rng = rand::rngs::StdRng::seed_from_u64(20);
    let sequence = |rng: &mut rand::rngs::StdRng, shortest: usize, longest: usize| -> String {
        let length = rng.random_range(shortest..longest);
        (0..length).map(|_| b"ACGT"[rng.random_range(0..4)] as char).collect()
    };
    let mut accessions = Vec::new();
    for k in 0..90 {
        let hosts = match k % 4 {
            0 => serde_json::json!([{"name": "Escherichia coli", "taxid": 562}]),
            1 => serde_json::json!([{"name": "E. coli K-12", "taxid": 562}, {"name": "E. coli B", "taxid": 562}]),
            _ => serde_json::json!([{"name": "Bacillus subtilis", "taxid": 1423}]),
        };
        let input: PartInput = serde_json::from_value(serde_json::json!({
            "name": format!("walk-{:02}", rng.random_range(0..40)),
            "role": "CDS",
            "sequence": sequence(&mut rng, 30, 60),
            "tags": if k % 3 == 2 { vec!["walked", "other"] } else { vec!["walked"] },
            "hosts": hosts,
        }))
        .unwrap();
        accessions.push(
            domain_parts::create(&mut conn, &principal, input, &rules, None)
                .unwrap()
                .accession,
        );
    }
    // Edits move parts in the name and length orders.
    for accession in accessions.iter().step_by(3) {
        let patch = serde_json::json!({
            "name": format!("edited-{:02}", rng.random_range(0..40)),
            "sequence": sequence(&mut rng, 60, 90),
        });
        domain_parts::update(&mut conn, &principal, accession, patch, Some("*"), &rules, None).unwrap();
    }
    let filters = [
        (
            "tag",
            PartFilter {
                tag: Some("walked".into()),
                ..Default::default()
            },
        ),
        (
            "host",
            PartFilter {
                host_taxid: Some(562),
                ..Default::default()
            },
        ),
        (
            "tag + host",
            PartFilter {
                tag: Some("walked".into()),
                host_taxid: Some(562),
                ..Default::default()
            },
        ),
        (
            "tag + length",
            PartFilter {
                tag: Some("walked".into()),
                length_min: Some(60),
                ..Default::default()
            },
        ),
    ];
    for (name, filter) in filters {
        for order in [
            PartOrder::CreatedAt,
            PartOrder::Name,
            PartOrder::Length,
            PartOrder::Accession,
        ] {
            for descending in [false, true] {
                let plain = every_key(&mut conn, &filter, order, descending, None);
                for drive in [
                    parts::Drive {
                        from_side: 10,
                        step: 7,
                        max_walk: 30,
                    },
                    parts::Drive {
                        from_side: 10,
                        step: 50,
                        max_walk: 1000,
                    },
                ] {
                    let walked = every_key(&mut conn, &filter, order, descending, Some(drive));
                    assert_eq!(
                        walked,
                        plain,
                        "{name} {} desc={descending} {drive:?}",
                        sort_column(order)
                    );
                }
                assert!(plain.len() >= 20, "{name}: {}", plain.len());
            }
        }
    }
}

/// A submitter of a new lab, `walk-lab`.
fn submitter(conn: &mut DbConnection) -> bioreg::domain::accounts::Principal {
    use bioreg::domain::accounts::{self, NewOrganization, NewUser, OrganizationKind, Role};
    let org = accounts::create_organization(
        conn,
        NewOrganization {
            slug: "walk-lab".into(),
            name: "Walk lab".into(),
            kind: OrganizationKind::Lab,
        },
        None,
    )
    .unwrap();
    accounts::create_user(
        conn,
        NewUser {
            name: "walker".into(),
            role: Role::Submitter,
            organization: Some(org.slug.clone()),
        },
        None,
    )
    .unwrap();
    let issued = accounts::issue_token(conn, "walker", None, None, None).unwrap();
    accounts::authenticate(conn, &issued.secret).unwrap()
}

/// The lists that became pages in issue 21 — a strain's samples, a user's tokens, a record's
/// review thread and the review queue — read their first and later pages from a range of one
/// index, in order (no scan; on SQLite no sort of their own either — PostgreSQL's planner sorts
/// the three rows it estimates an empty table to hold, as the module says).
#[test]
fn every_page_of_samples_tokens_reviews_and_the_queue_is_read_in_index_order() {
    use bioreg::db::types::{ReviewId, SampleId, TokenId, UserId};
    let (db, mut conn) = database();
    let at = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let strain = StrainId(uuid::Uuid::new_v4());
    let user = UserId(uuid::Uuid::new_v4());
    let queue_after = (at, "BRP000001".to_string());
    let import = bioreg::db::types::ImportId(uuid::Uuid::new_v4());
    let mut checked = 0;
    for first_page in [true, false] {
        let shapes: Vec<(String, &[&str], Vec<String>, bool)> = vec![
            (
                "samples".into(),
                &["strain_samples"],
                plan(
                    &mut conn,
                    strains::samples_query(
                        strain,
                        false,
                        (!first_page).then_some((at, SampleId(uuid::Uuid::nil()))),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            (
                "samples with removed".into(),
                &["strain_samples"],
                plan(
                    &mut conn,
                    strains::samples_query(
                        strain,
                        true,
                        (!first_page).then_some((at, SampleId(uuid::Uuid::nil()))),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            (
                "tokens".into(),
                &["api_tokens"],
                plan(
                    &mut conn,
                    bioreg::db::accounts::tokens_query(
                        user,
                        (!first_page).then_some((at, TokenId(uuid::Uuid::nil()))),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            (
                "reviews".into(),
                &["reviews"],
                plan(
                    &mut conn,
                    bioreg::db::curation::reviews_query(
                        "part",
                        &uuid::Uuid::nil().to_string(),
                        (!first_page).then_some((at, ReviewId(uuid::Uuid::nil()))),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            (
                "queue of parts".into(),
                &["parts"],
                plan(
                    &mut conn,
                    bioreg::db::curation::queued_parts_query(None, None, (!first_page).then_some(&queue_after), 101),
                )
                .unwrap(),
                true,
            ),
            (
                "queue of strains".into(),
                &["strains"],
                plan(
                    &mut conn,
                    bioreg::db::curation::queued_strains_query(None, None, (!first_page).then_some(&queue_after), 101),
                )
                .unwrap(),
                true,
            ),
            // One organisation's queue, in order from `parts_curation_owner` (migration 000021).
            (
                "queue of one organisation's parts".into(),
                &["parts"],
                plan(
                    &mut conn,
                    bioreg::db::curation::queued_parts_query(
                        Some(OrganizationId(uuid::Uuid::nil())),
                        None,
                        (!first_page).then_some(&queue_after),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            (
                "queue of one organisation's strains".into(),
                &["strains"],
                plan(
                    &mut conn,
                    bioreg::db::curation::queued_strains_query(
                        Some(OrganizationId(uuid::Uuid::nil())),
                        None,
                        (!first_page).then_some(&queue_after),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            // One import's queue (the queue's `import` filter, and the walk of a batch decision):
            // in order from `parts_import_queue` / `strains_import_queue`.
            (
                "queue of one import's parts".into(),
                &["parts"],
                plan(
                    &mut conn,
                    bioreg::db::curation::queued_parts_query(
                        None,
                        Some(import),
                        (!first_page).then_some(&queue_after),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            (
                "queue of one import's strains".into(),
                &["strains"],
                plan(
                    &mut conn,
                    bioreg::db::curation::queued_strains_query(
                        None,
                        Some(import),
                        (!first_page).then_some(&queue_after),
                        101,
                    ),
                )
                .unwrap(),
                true,
            ),
            // The drafts of one import (its submission): the range (import, state) of the same
            // index, sorted by accession.
            (
                "drafts of one import's parts".into(),
                &["parts"],
                plan(
                    &mut conn,
                    bioreg::db::curation::import_parts_in_state_query(
                        import,
                        "draft",
                        (!first_page).then_some("BRP000001"),
                        500,
                    ),
                )
                .unwrap(),
                false,
            ),
            (
                "drafts of one import's strains".into(),
                &["strains"],
                plan(
                    &mut conn,
                    bioreg::db::curation::import_strains_in_state_query(
                        import,
                        "draft",
                        (!first_page).then_some("BRS000001"),
                        500,
                    ),
                )
                .unwrap(),
                false,
            ),
        ];
        for (name, tables, lines, in_order) in shapes {
            let scans = table_scans(&lines, tables);
            assert!(scans.is_empty(), "{name} (first page: {first_page}) scans: {lines:#?}");
            if in_order && db.backend() == Backend::Sqlite {
                assert!(
                    !lines
                        .iter()
                        .any(|l| l.contains("TEMP B-TREE") || l.trim_start().starts_with("Sort")),
                    "{name} (first page: {first_page}) sorts: {lines:#?}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 24);
    // The queue counted per organisation (`GET /api/v1/reviews/queue/counts`): the `submitted`
    // range of `parts_curation_owner` / `strains_curation_owner`, grouped in index order. The
    // same query as `db::curation::queued_parts_per_organization`.
    {
        use bioreg::db::schema::{parts as p, strains as s};
        use diesel::prelude::*;
        let shapes = [
            (
                "parts",
                plan(
                    &mut conn,
                    p::table
                        .filter(p::curation_state.eq("submitted"))
                        .group_by(p::owner_org_id)
                        .select((p::owner_org_id, diesel::dsl::count_star()))
                        .order(p::owner_org_id.asc()),
                )
                .unwrap(),
            ),
            (
                "strains",
                plan(
                    &mut conn,
                    s::table
                        .filter(s::curation_state.eq("submitted"))
                        .group_by(s::owner_org_id)
                        .select((s::owner_org_id, diesel::dsl::count_star()))
                        .order(s::owner_org_id.asc()),
                )
                .unwrap(),
            ),
        ];
        for (table, lines) in shapes {
            assert!(
                table_scans(&lines, &[table]).is_empty(),
                "counts of {table} scan: {lines:#?}"
            );
            if db.backend() == Backend::Sqlite {
                assert!(
                    lines.iter().any(|l| l.contains("_curation_owner"))
                        && !lines.iter().any(|l| l.contains("TEMP B-TREE")),
                    "counts of {table}: {lines:#?}"
                );
            }
        }
    }
    drop(db);
}
