//! Owns the live sequence index: a list of immutable [`Segment`]s that searches read without
//! locking, and the catalogue of where each group's sequences live.
//!
//! Updates replace all sequences of a group at once: the old ones are marked dead in their
//! segments and the new ones go into a new small segment. When there are more than
//! [`MAX_SMALL_SEGMENTS`] small segments, those of the lowest size tier (powers of 4) that holds
//! [`TIER_FANOUT`] of them are merged, so each base is re-indexed O(log n) times; everything is rebuilt into fresh segments when the small ones
//! reach half the largest or a third of the largest is dead (amortised O(1) per base, since the
//! largest at least doubles between such rebuilds while the registry grows). A full rebuild of `n`
//! bases costs what the start-up build does (two linear passes); it runs on the writer that
//! triggers it while searches go on against the previous segments.

use std::collections::HashMap;
use std::hash::Hash;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex, RwLock};

use super::budget::{Budget, Collector, Rank, Stop};
use super::persist::{self, GroupCodec, PersistError, Sink, Source};
use super::segment::{Segment, SegmentBuilder, LAYOUT};
use super::similarity::Database;
use super::{approximate, dust, similarity, Hit, Mode, Prepared, Search, Strand};

const MAX_SMALL_SEGMENTS: usize = 8;
const TIER_FANOUT: usize = 4;

/// A sequence to store for a group.
#[derive(Debug, Clone)]
pub struct NewSequence {
    pub tag: u8,
    pub letters: Vec<u8>,
    pub circular: bool,
}

/// Size of the index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub sequences: u64,
    pub bases: u64,
    pub segments: u64,
    pub memory_bytes: u64,
}

type Segments<G> = Arc<Vec<Arc<Segment<G>>>>;
/// Where each group's sequences live: (segment, entry index).
type Catalogue<G> = HashMap<G, Vec<(Arc<Segment<G>>, u32)>>;

/// The index. Cheap to share (`Arc`); searches take a snapshot of the segment list.
pub struct SequenceIndex<G> {
    segments: RwLock<Segments<G>>,
    catalogue: Mutex<Catalogue<G>>,
}

impl<G: Clone + Eq + Hash + Send + Sync> Default for SequenceIndex<G> {
    fn default() -> Self {
        SequenceIndex {
            segments: RwLock::new(Arc::new(Vec::new())),
            catalogue: Mutex::new(HashMap::new()),
        }
    }
}

/// Builds segments from a stream of sequences (starting a new one when a segment is full).
pub struct Loader<G> {
    done: Vec<Segment<G>>,
    current: SegmentBuilder<G>,
}

impl<G: Clone> Default for Loader<G> {
    fn default() -> Self {
        Loader {
            done: Vec::new(),
            current: SegmentBuilder::new(),
        }
    }
}

impl<G: Clone> Loader<G> {
    pub fn push(&mut self, group: G, sequence: &NewSequence) {
        if !self.current.fits(sequence.letters.len()) {
            let full = std::mem::take(&mut self.current);
            self.done.push(full.finish());
        }
        self.current
            .push(group, sequence.tag, &sequence.letters, sequence.circular);
    }

    fn finish(mut self) -> Vec<Segment<G>> {
        if self.current.bases() > 0 {
            self.done.push(self.current.finish());
        }
        self.done
    }
}

impl<G: Clone + Eq + Hash + Send + Sync> SequenceIndex<G> {
    pub fn new() -> Self {
        Self::default()
    }

    fn snapshot(&self) -> Segments<G> {
        self.segments.read().expect("index lock").clone()
    }

    /// Replaces the whole index with what `loader` collected.
    pub fn install(&self, loader: Loader<G>) {
        self.install_segments(loader.finish());
    }

    fn install_segments(&self, segments: Vec<Segment<G>>) {
        let mut catalogue = self.catalogue.lock().expect("index lock");
        catalogue.clear();
        let segments: Vec<Arc<Segment<G>>> = segments.into_iter().map(Arc::new).collect();
        for segment in &segments {
            catalogue_add(&mut catalogue, segment);
        }
        *self.segments.write().expect("index lock") = Arc::new(segments);
    }

    /// Replaces the sequences of each group (an empty list removes the group).
    pub fn update(&self, changes: Vec<(G, Vec<NewSequence>)>) {
        let mut catalogue = self.catalogue.lock().expect("index lock");
        let mut loader = Loader::default();
        for (group, sequences) in &changes {
            if let Some(places) = catalogue.remove(group) {
                for (segment, e) in places {
                    segment.kill(e as usize);
                }
            }
            for sequence in sequences {
                loader.push(group.clone(), sequence);
            }
        }
        let mut segments: Vec<Arc<Segment<G>>> = self.snapshot().iter().cloned().collect();
        for segment in loader.finish() {
            let segment = Arc::new(segment);
            catalogue_add(&mut catalogue, &segment);
            segments.push(segment);
        }
        segments.retain(|s| s.live_entries() > 0);
        let segments = compact(segments, &mut catalogue);
        *self.segments.write().expect("index lock") = Arc::new(segments);
    }

    /// The segments searches see now, to be saved ([`Frozen::save`]) while updates go on.
    pub fn freeze(&self) -> Frozen<G> {
        Frozen(self.snapshot())
    }

    pub fn stats(&self) -> IndexStats {
        let segments = self.snapshot();
        let mut stats = IndexStats {
            segments: segments.len() as u64,
            ..Default::default()
        };
        for segment in segments.iter() {
            stats.bases += segment.live_bases();
            stats.sequences += segment.live_entries();
            stats.memory_bytes += segment.memory_bytes() as u64;
        }
        stats
    }

    /// The hits of `query` (normalised letters), best first: fewest differences for exact and
    /// approximate search, highest score for similarity; overlapping duplicates removed; at most
    /// `search.max_hits`, found within `budget`. Refused, before any work, when the query cannot
    /// be searched selectively ([`Unsearchable`]).
    pub fn search(&self, query: &[u8], search: &Search, budget: Budget) -> Result<Found<G>, Unsearchable> {
        let forward = Prepared::new(query);
        let reverse = forward.reverse_complement();
        let l = forward.letters.len();
        let strands = [
            (Strand::Forward, &forward, search.forward),
            (Strand::Reverse, &reverse, search.reverse),
        ];
        // What each strand seeds from; checked before anything is searched.
        let mut seeds: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        let low_complexity = match search.mode {
            Mode::Similarity(_) => dust::mask(&forward.letters),
            _ => Vec::new(),
        };
        for (n, &(strand, prepared, wanted)) in strands.iter().enumerate() {
            if !wanted {
                continue;
            }
            match search.mode {
                Mode::Exact | Mode::Approximate { .. } => {
                    let d = match search.mode {
                        Mode::Approximate { max_differences } => max_differences,
                        _ => 0,
                    };
                    if d > 0 && l > approximate::MAX_QUERY {
                        return Err(Unsearchable::TooLong {
                            most: approximate::MAX_QUERY,
                        });
                    }
                    approximate::check(&prepared.masks, d).map_err(|piece| {
                        let (start, end) = match strand {
                            Strand::Forward => (piece.start, piece.end),
                            Strand::Reverse => (l - piece.end, l - piece.start),
                        };
                        Unsearchable::Degenerate {
                            pieces: d + 1,
                            start,
                            end,
                        }
                    })?;
                }
                Mode::Similarity(_) => {
                    seeds[n] = match strand {
                        Strand::Forward => similarity::seed_offsets(prepared, &low_complexity),
                        Strand::Reverse => {
                            let mirrored: Vec<bool> = low_complexity.iter().rev().copied().collect();
                            similarity::seed_offsets(prepared, &mirrored)
                        }
                    };
                    if seeds[n].is_empty() {
                        return Err(Unsearchable::NoSeed);
                    }
                }
            }
        }
        let segments = self.snapshot();
        let db = Database {
            bases: segments.iter().map(|s| s.live_bases()).sum(),
            sequences: segments.iter().map(|s| s.live_entries()).sum(),
        };
        let rank = match search.mode {
            Mode::Similarity(_) => Rank::Score,
            _ => Rank::Differences,
        };
        let mut out = Collector::new(search.max_hits, rank, l, budget);
        'strands: for (n, &(strand, prepared, wanted)) in strands.iter().enumerate() {
            if !wanted {
                continue;
            }
            for segment in segments.iter() {
                if !out.budget.check() {
                    break 'strands;
                }
                match search.mode {
                    Mode::Exact => approximate::search(segment, prepared, strand, 0, search.with_alignment, &mut out),
                    Mode::Approximate { max_differences } => approximate::search(
                        segment,
                        prepared,
                        strand,
                        max_differences,
                        search.with_alignment,
                        &mut out,
                    ),
                    Mode::Similarity(params) => similarity::search(
                        segment,
                        prepared,
                        &seeds[n],
                        strand,
                        db,
                        &params,
                        search.with_alignment,
                        &mut out,
                    ),
                }
            }
        }
        let work = out.budget.spent();
        let (hits, stopped) = out.finish();
        Ok(Found { hits, stopped, work })
    }
}

/// What a search found.
#[derive(Debug)]
pub struct Found<G> {
    /// Best first.
    pub hits: Vec<Hit<G>>,
    /// Why the search stopped before it had looked everywhere (then `hits` may miss some).
    pub stopped: Option<Stop>,
    /// Work units spent.
    pub work: u64,
}

/// A query that cannot be searched selectively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsearchable {
    /// Exact and approximate search cut the query into `pieces` pieces and look each up; query
    /// bases `[start, end)` (0-based) hold no run specific enough to look up.
    Degenerate { pieces: usize, start: usize, end: usize },
    /// Similarity search found no unambiguous 11-mer outside low-complexity regions to seed from.
    NoSeed,
    /// Approximate search takes queries of at most `most` bases.
    TooLong { most: usize },
}

/// The index as it was at one moment (see [`SequenceIndex::freeze`]).
pub struct Frozen<G>(Segments<G>);

impl<G: GroupCodec> Frozen<G> {
    /// Writes the segments after a header carrying `meta` ([`persist`]); a segment killed
    /// entries after the freeze may be saved with them dead, which the caller's change feed
    /// accounts for.
    pub fn save<W: Write>(&self, out: W, meta: &[u8]) -> Result<W, PersistError> {
        let mut sink = Sink::new(out);
        persist::write_header(&mut sink, &LAYOUT, G::BYTES, meta)?;
        sink.u64(self.0.len() as u64)?;
        for segment in self.0.iter() {
            segment.write_to(&mut sink)?;
        }
        Ok(sink.finish()?)
    }
}

/// Most segments a file may list (a damaged count is refused before anything is read).
const MAX_SAVED_SEGMENTS: u64 = 1 << 20;

/// An index file whose header has been read and checked; its metadata can be inspected before
/// the segments are read.
pub struct Saved<R: Read> {
    source: Source<R>,
    pub meta: Vec<u8>,
}

impl<R: Read> Saved<R> {
    /// Reads the header of a file of `len` bytes written for groups of type `G`.
    pub fn open<G: GroupCodec>(input: R, len: u64) -> Result<Self, PersistError> {
        let mut source = Source::new(input, len)?;
        let meta = persist::read_header(&mut source, &LAYOUT, G::BYTES)?;
        Ok(Saved { source, meta })
    }

    /// Reads every segment and checks the checksum; replaces what `index` held only when the
    /// whole file is sound.
    pub fn install_into<G: GroupCodec + Clone + Eq + Hash + Send + Sync>(
        mut self,
        index: &SequenceIndex<G>,
    ) -> Result<(), PersistError> {
        let count = self.source.u64()?;
        if count > MAX_SAVED_SEGMENTS {
            return Err(PersistError::Damaged(format!("it lists {count} segments")));
        }
        let mut segments = Vec::with_capacity(count as usize);
        for _ in 0..count {
            segments.push(Segment::read_from(&mut self.source)?);
        }
        self.source.finish()?;
        index.install_segments(segments);
        Ok(())
    }
}

fn catalogue_add<G: Clone + Eq + Hash>(catalogue: &mut Catalogue<G>, segment: &Arc<Segment<G>>) {
    for (e, entry) in segment.entries().iter().enumerate() {
        if !segment.is_dead(e) {
            catalogue
                .entry(entry.group.clone())
                .or_default()
                .push((segment.clone(), e as u32));
        }
    }
}

/// Applies the merge policy (see the module docs).
fn compact<G: Clone + Eq + Hash>(
    mut segments: Vec<Arc<Segment<G>>>,
    catalogue: &mut Catalogue<G>,
) -> Vec<Arc<Segment<G>>> {
    if segments.len() <= 1 {
        return segments;
    }
    segments.sort_by_key(|s| std::cmp::Reverse(s.total_bases()));
    let largest = &segments[0];
    let largest_total = largest.total_bases();
    let largest_dead = largest_total - largest.live_bases();
    let small_live: u64 = segments[1..].iter().map(|s| s.live_bases()).sum();
    let rebuild_all = small_live * 2 > largest_total || largest_dead * 3 > largest_total;
    let merge_small = segments.len() - 1 > MAX_SMALL_SEGMENTS;
    let chosen: Vec<Arc<Segment<G>>> = if rebuild_all {
        std::mem::take(&mut segments)
    } else if merge_small {
        // Tiered: small segments fall into tiers by size (powers of 4); the lowest tier holding
        // TIER_FANOUT segments is merged, so each base is re-indexed O(log n) times.
        let tier = |s: &Arc<Segment<G>>| (64 - s.live_bases().max(1).leading_zeros()) / 2;
        let mut counts = std::collections::BTreeMap::new();
        for s in &segments[1..] {
            *counts.entry(tier(s)).or_insert(0usize) += 1;
        }
        let Some((&full, _)) = counts.iter().find(|(_, &n)| n >= TIER_FANOUT) else {
            return segments;
        };
        let (chosen, kept): (Vec<_>, Vec<_>) = segments.drain(1..).partition(|s| tier(s) == full);
        segments.extend(kept);
        chosen
    } else {
        return segments;
    };
    let mut loader = Loader::default();
    for segment in &chosen {
        for (e, entry) in segment.entries().iter().enumerate() {
            if segment.is_dead(e) {
                continue;
            }
            loader.push(
                entry.group.clone(),
                &super::index::NewSequence {
                    tag: entry.tag,
                    letters: segment.sequence(e),
                    circular: entry.circular,
                },
            );
            if let Some(places) = catalogue.get_mut(&entry.group) {
                places.retain(|(s, _)| !Arc::ptr_eq(s, segment));
            }
        }
    }
    for segment in loader.finish() {
        let segment = Arc::new(segment);
        catalogue_add(catalogue, &segment);
        segments.push(segment);
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seq::search::SimilarityParams;

    fn sequence(letters: &[u8], circular: bool) -> NewSequence {
        NewSequence {
            tag: 0,
            letters: letters.to_vec(),
            circular,
        }
    }

    fn random(n: usize, seed: u64) -> Vec<u8> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                b"ACGT"[(state >> 62) as usize]
            })
            .collect()
    }

    fn exact() -> Search {
        Search {
            mode: Mode::Exact,
            forward: true,
            reverse: true,
            with_alignment: false,
            max_hits: 1000,
        }
    }

    /// The hits of an unlimited search.
    fn find(index: &SequenceIndex<u32>, query: &[u8], search: &Search) -> Vec<Hit<u32>> {
        index
            .search(query, search, Budget::unlimited())
            .expect("searchable")
            .hits
    }

    #[test]
    fn dust_masks_the_reverse_complement_as_the_mirror_image() {
        // The search masks the forward strand once and mirrors it for the reverse one.
        for seed in 0..20u64 {
            let mut query = random(400, seed);
            query.splice(100..100, b"CAGCAGCAGCAGCAGCAGCAGCAGCAGCAGCAG".iter().copied());
            query.splice(300..300, std::iter::repeat_n(b'A', 30 + seed as usize));
            let forward = Prepared::new(&query);
            let reverse = forward.reverse_complement();
            let mirrored: Vec<bool> = dust::mask(&forward.letters).into_iter().rev().collect();
            assert_eq!(dust::mask(&reverse.letters), mirrored, "seed {seed}");
        }
    }

    /// Saves `index` and reads it back into a new one.
    fn reloaded(index: &SequenceIndex<u32>, meta: &[u8]) -> (SequenceIndex<u32>, Vec<u8>) {
        let bytes = index.freeze().save(Vec::new(), meta).unwrap();
        let saved = Saved::open::<u32>(bytes.as_slice(), bytes.len() as u64).unwrap();
        let meta = saved.meta.clone();
        let restored = SequenceIndex::new();
        saved.install_into(&restored).unwrap();
        (restored, meta)
    }

    #[test]
    fn a_saved_index_reads_back_with_the_same_answers() {
        // One dense segment (over 2^23 bases), small sparse ones, dead entries, ambiguity codes
        // and circular sequences.
        let mut loader = Loader::default();
        let big: Vec<Vec<u8>> = (0..9).map(|i| random(1_000_000, 500 + i)).collect();
        for (i, s) in big.iter().enumerate() {
            loader.push(i as u32, &sequence(s, false));
        }
        let index = SequenceIndex::new();
        index.install(loader);
        let mut ambiguous = random(3000, 42);
        ambiguous[1500] = b'N';
        ambiguous[1600] = b'R';
        let plasmid = random(2500, 43);
        index.update(vec![
            (100, vec![sequence(&ambiguous, false)]),
            (101, vec![sequence(&plasmid, true)]),
        ]);
        index.update(vec![(3, vec![])]);
        let (restored, meta) = reloaded(&index, b"position 17");
        assert_eq!(meta, b"position 17");
        let (a, b) = (restored.stats(), index.stats());
        assert_eq!((a.sequences, a.bases, a.segments), (b.sequences, b.bases, b.segments));
        // Equal up to spare capacity (a restored array is allocated at its exact length).
        assert!(a.memory_bytes <= b.memory_bytes && a.memory_bytes * 100 > b.memory_bytes * 99);
        let similar = Search {
            mode: Mode::Similarity(SimilarityParams {
                min_identity: 0.8,
                min_aligned_length: 50,
                max_evalue: 1e-5,
            }),
            ..exact()
        };
        let across_origin = [&plasmid[2400..], &plasmid[..100]].concat();
        for (query, search) in [
            (&big[5][1000..1200], exact()),
            (&big[3][1000..1200], exact()),
            (&ambiguous[1450..1650], exact()),
            (&across_origin[..], exact()),
            (&big[7][5000..5400], similar),
        ] {
            let before = find(&index, query, &search);
            assert!(!before.is_empty() || std::ptr::eq(query, &big[3][1000..1200]));
            assert_eq!(format!("{:?}", find(&restored, query, &search)), format!("{before:?}"));
        }
        assert!(
            find(&restored, &big[3][1000..1200], &exact()).is_empty(),
            "dead stays dead"
        );
        // The restored index takes updates as the original did.
        restored.update(vec![(101, vec![])]);
        assert!(find(&restored, &across_origin, &exact()).is_empty());
    }

    #[test]
    fn a_truncated_altered_or_incompatible_file_is_refused() {
        let index = SequenceIndex::new();
        index.update(vec![(1u32, vec![sequence(&random(5000, 1), true)])]);
        let bytes = index.freeze().save(Vec::new(), b"meta").unwrap();
        let install = |bytes: &[u8]| -> Result<(), PersistError> {
            Saved::open::<u32>(bytes, bytes.len() as u64)?.install_into(&SequenceIndex::<u32>::new())
        };
        install(&bytes).unwrap();
        assert!(matches!(
            install(&bytes[..bytes.len() - 100]),
            Err(PersistError::Damaged(_))
        ));
        let mut flipped = bytes.clone();
        let at = bytes.len() - 300;
        flipped[at] ^= 0x10;
        assert!(matches!(install(&flipped), Err(PersistError::Damaged(_))));
        // The first layout constant (the k-mer length) sits right after magic, format, byte
        // order and the layout array's length.
        let mut other_layout = bytes.clone();
        other_layout[8 + 4 + 1 + 8] ^= 1;
        assert!(matches!(install(&other_layout), Err(PersistError::Incompatible(_))));
        assert!(matches!(install(b"not an index at all"), Err(PersistError::Damaged(_))));
    }

    #[test]
    fn updates_replace_and_remove_a_groups_sequences() {
        let index = SequenceIndex::new();
        let a = random(2000, 1);
        let b = random(2000, 2);
        index.update(vec![(1u32, vec![sequence(&a, false)])]);
        assert_eq!(find(&index, &a[100..140], &exact()).len(), 1);
        index.update(vec![(1u32, vec![sequence(&b, false)])]);
        assert!(find(&index, &a[100..140], &exact()).is_empty(), "old sequence gone");
        assert_eq!(find(&index, &b[100..140], &exact())[0].group, 1);
        index.update(vec![(1u32, vec![])]);
        assert!(find(&index, &b[100..140], &exact()).is_empty());
        assert_eq!(index.stats().sequences, 0);
    }

    #[test]
    fn many_small_updates_are_compacted_and_stay_searchable() {
        let index = SequenceIndex::new();
        let seqs: Vec<Vec<u8>> = (0..40).map(|i| random(500, 100 + i)).collect();
        for (i, s) in seqs.iter().enumerate() {
            index.update(vec![(i as u32, vec![sequence(s, i % 2 == 0)])]);
        }
        assert!(index.stats().segments <= 1 + MAX_SMALL_SEGMENTS as u64);
        for (i, s) in seqs.iter().enumerate() {
            let hits = find(&index, &s[200..260], &exact());
            assert_eq!(hits.iter().map(|h| h.group).collect::<Vec<_>>(), vec![i as u32]);
        }
        for i in (0..40).step_by(3) {
            index.update(vec![(i as u32, vec![])]);
        }
        assert_eq!(index.stats().sequences, 40 - 14);
    }

    #[test]
    fn both_strands_and_origin_crossing_similarity_hits() {
        let index = SequenceIndex::new();
        let plasmid = random(3000, 7);
        index.update(vec![
            (9u32, vec![sequence(&plasmid, true)]),
            (10, vec![sequence(&random(5000, 8), false)]),
        ]);
        // 400 bp across the origin, 5 % substitutions, reverse complemented.
        let mut fragment = [&plasmid[2800..], &plasmid[..200]].concat();
        for i in (0..fragment.len()).step_by(20) {
            fragment[i] = if fragment[i] == b'A' { b'C' } else { b'A' };
        }
        let query = Prepared::new(&fragment).reverse_complement().letters;
        let hits = find(
            &index,
            &query,
            &Search {
                mode: Mode::Similarity(SimilarityParams {
                    min_identity: 0.0,
                    min_aligned_length: 0,
                    max_evalue: 1e-10,
                }),
                forward: true,
                reverse: true,
                with_alignment: true,
                max_hits: 100,
            },
        );
        assert_eq!(hits.len(), 1, "{hits:?}");
        let hit = &hits[0];
        assert_eq!((hit.group, hit.strand), (9, Strand::Reverse));
        assert!(hit.start >= 2795 && hit.start <= 2805 && hit.span >= 390, "{hit:?}");
        assert!(hit.identity() > 0.9 && hit.identity() < 0.99);
        assert!(hit.one_based().1 < hit.one_based().0, "ends after the origin");
        assert!(hit.evalue.unwrap() < 1e-100);
        let alignment = hit.alignment.as_ref().unwrap();
        assert_eq!(alignment.query.len(), alignment.target.len());
    }
}
