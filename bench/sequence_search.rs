//! In-process half of the sequence-search benchmark (`bench/sequence_search.py` drives it).
//!
//! Loads the stored sequences into a fresh index — from a bioreg database through the same
//! loader the server uses at start-up (`--database URL`), or straight from a FASTA file
//! (`--corpus FILE`, for quick experiments) — then times each query of `--queries` in exact,
//! approximate (≤ 2 differences) and similarity mode on one thread, and writes to `--out DIR`:
//! `build.tsv` (load and build seconds, bases, sequences, index bytes, RSS before and after),
//! `timings.tsv` (mode, query, seconds, hits) and `similarity_hits.tsv` (query, part name,
//! strand, E-value, identity, aligned length).
//!
//! `--work UNITS --seconds S` run every search under that budget (the server's defaults are
//! `BIOREG_SEARCH_WORK` 2e9 and `BIOREG_SEARCH_SECONDS` 10; without them, no budget), and the
//! timings name why a search stopped early, or why a query was refused.
//!
//! Run: `cargo bench --bench sequence_search -- --database sqlite://bioreg.db --queries q.fasta --out DIR`

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::Instant;

use bioreg::domain::search::SearchIndex;
use bioreg::seq::search::index::{Loader, NewSequence};
use bioreg::seq::search::{Budget, Mode, Search, SimilarityParams};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let queries_path = arg(&args, "--queries").expect("--queries FILE");
    let out = std::path::PathBuf::from(arg(&args, "--out").expect("--out DIR"));
    let limit: usize = arg(&args, "--limit").map(|v| v.parse().unwrap()).unwrap_or(500);
    let max_evalue: f64 = arg(&args, "--evalue").map(|v| v.parse().unwrap()).unwrap_or(1e-10);
    let work: Option<u64> = arg(&args, "--work").map(|v| v.parse::<f64>().unwrap() as u64);
    let budget_seconds: Option<f64> = arg(&args, "--seconds").map(|v| v.parse().unwrap());
    let budget = || match (work, budget_seconds) {
        (None, None) => Budget::unlimited(),
        _ => Budget::new(
            work.unwrap_or(u64::MAX),
            budget_seconds.map(|s| Instant::now() + std::time::Duration::from_secs_f64(s)),
            None,
        ),
    };
    std::fs::create_dir_all(&out).unwrap();

    let rss_before = rss_kib();
    let started = Instant::now();
    let search_index = SearchIndex::new();
    let index = &search_index.index;
    let names: HashMap<String, String>;
    if let Some(url) = arg(&args, "--database") {
        use bioreg::db::schema::parts;
        use diesel::prelude::*;
        let url = bioreg::db::DatabaseUrl::parse(&url).expect("database URL");
        let mut conn = url.connect().expect("connect");
        bioreg::domain::search::start(&mut conn, &search_index, None).expect("load index");
        let rows: Vec<(bioreg::db::types::PartId, String)> = parts::table
            .select((parts::id, parts::name))
            .load(&mut conn)
            .expect("part names");
        names = rows.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    } else {
        let corpus = arg(&args, "--corpus").expect("--corpus FILE or --database URL");
        let reader = bio::io::fasta::Reader::from_file(&corpus).expect("corpus");
        let mut loader = Loader::default();
        let mut by_id = HashMap::new();
        for record in reader.records() {
            let record = record.expect("FASTA record");
            let key = bioreg::db::types::PartId(uuid::Uuid::from_u128(by_id.len() as u128 + 1));
            by_id.insert(key.to_string(), record.id().to_string());
            let circular = record.desc().is_some_and(|d| d.contains("topology=circular"));
            loader.push(
                key,
                &NewSequence {
                    tag: 0,
                    letters: record.seq().to_vec(),
                    circular,
                },
            );
        }
        index.install(loader);
        names = by_id;
    }
    let build_seconds = started.elapsed().as_secs_f64();
    let rss_after = rss_kib();
    let stats = index.stats();
    let mut build = File::create(out.join("build.tsv")).unwrap();
    writeln!(
        build,
        "seconds\tbases\tsequences\tsegments\tindex_bytes\trss_before_kib\trss_after_kib"
    )
    .unwrap();
    writeln!(
        build,
        "{build_seconds:.3}\t{}\t{}\t{}\t{}\t{rss_before}\t{rss_after}",
        stats.bases, stats.sequences, stats.segments, stats.memory_bytes
    )
    .unwrap();
    eprintln!(
        "index: {} sequences, {} bases, {:.2} bytes/base (index), RSS {} MiB, built in {build_seconds:.1} s",
        stats.sequences,
        stats.bases,
        stats.memory_bytes as f64 / stats.bases.max(1) as f64,
        rss_after / 1024
    );

    let queries: Vec<(String, Vec<u8>)> = bio::io::fasta::Reader::from_file(&queries_path)
        .expect("queries")
        .records()
        .map(|r| {
            let r = r.expect("query record");
            (r.id().to_string(), r.seq().to_ascii_uppercase())
        })
        .collect();
    let mut timings = BufWriter::new(File::create(out.join("timings.tsv")).unwrap());
    writeln!(timings, "mode\tquery\tseconds\thits\tstopped").unwrap();
    let mut similarity_hits = BufWriter::new(File::create(out.join("similarity_hits.tsv")).unwrap());
    writeln!(
        similarity_hits,
        "query\tsubject\tstrand\tevalue\tidentity\taligned_length"
    )
    .unwrap();
    let modes = [
        ("exact", Mode::Exact),
        ("approximate2", Mode::Approximate { max_differences: 2 }),
        (
            "similarity",
            Mode::Similarity(SimilarityParams {
                min_identity: 0.0,
                min_aligned_length: 0,
                max_evalue,
            }),
        ),
    ];
    let only: Option<String> = arg(&args, "--modes");
    for (label, mode) in modes {
        if only.as_ref().is_some_and(|o| !o.split(',').any(|m| m == label)) {
            continue;
        }
        let search = Search {
            mode,
            forward: true,
            reverse: true,
            with_alignment: false,
            max_hits: limit,
        };
        let mut seconds = Vec::new();
        for (id, sequence) in &queries {
            if let Mode::Approximate { max_differences } = mode {
                if sequence.len() < (max_differences + 1) * bioreg::seq::search::approximate::min_piece() {
                    continue;
                }
            }
            let t = Instant::now();
            let (hits, stopped) = match index.search(sequence, &search, budget()) {
                Ok(found) => (
                    found.hits,
                    found.stopped.map_or("-".to_string(), |s| s.as_str().to_string()),
                ),
                Err(why) => (Vec::new(), format!("refused: {why:?}")),
            };
            let elapsed = t.elapsed().as_secs_f64();
            if stopped.starts_with("refused") {
                eprintln!("{label} {id}: {stopped} ({:.3} ms)", elapsed * 1e3);
                writeln!(timings, "{label}\t{id}\t{elapsed:.6}\t0\t{stopped}").unwrap();
                continue;
            }
            seconds.push(elapsed);
            writeln!(timings, "{label}\t{id}\t{elapsed:.6}\t{}\t{stopped}", hits.len()).unwrap();
            if label == "similarity" {
                for hit in &hits {
                    writeln!(
                        similarity_hits,
                        "{id}\t{}\t{}\t{:.3e}\t{:.4}\t{}",
                        names
                            .get(&hit.group.to_string())
                            .cloned()
                            .unwrap_or_else(|| hit.group.to_string()),
                        if hit.strand == bioreg::seq::search::Strand::Forward {
                            "+"
                        } else {
                            "-"
                        },
                        hit.evalue.unwrap_or(0.0),
                        hit.identity(),
                        hit.columns
                    )
                    .unwrap();
                }
            }
        }
        seconds.sort_by(f64::total_cmp);
        let pick = |q: f64| {
            seconds
                .get(((seconds.len() as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or(0.0)
        };
        eprintln!(
            "{label:>13}: {} queries, p50 {:.3} ms, p95 {:.3} ms, mean {:.3} ms",
            seconds.len(),
            pick(0.5) * 1e3,
            pick(0.95) * 1e3,
            seconds.iter().sum::<f64>() / seconds.len().max(1) as f64 * 1e3
        );
    }
}
