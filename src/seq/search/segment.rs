//! Owns one immutable block of the sequence index: the sequences packed at 2 bits per base, the
//! positions of their ambiguous bases, and a sampled k-mer table over them.
//!
//! Layout, for `n` stored bases in `e` sequences:
//! - text: 2 bits per base (`n / 4` bytes); a base that is not A, C, G or T/U is stored as A and
//!   listed, with its IUPAC letter, in a sorted exception list (8 bytes each);
//! - seeds: the 11-mer starting at every [`STRIDE`]-th offset of every sequence (offsets counted
//!   from the start of each sequence; k-mers of circular sequences wrap around the origin; k-mers
//!   running off the end of a linear sequence are padded with A), as positions grouped by k-mer.
//!   Large segments use a dense table (`4^11 + 1` bucket offsets, 16 MiB, plus 4 bytes per
//!   sampled position: `4 n / STRIDE`); small ones a sorted (k-mer, position) list (`8 n / STRIDE`).
//!   A k-mer with ambiguity codes is indexed under every k-mer it stands for when those are at
//!   most 16 (two Ns, four Rs, ...); denser ambiguity is not seeded.
//!
//! So memory is about `0.25 + 4 / STRIDE` bytes per base plus 16 MiB per dense segment (2.25 bytes
//! per base plus the table with `STRIDE = 2`). Building is two linear passes over the packed text
//! (count, then fill): O(n) time and no memory beyond the result.
//!
//! The sampling guarantee every search relies on: in any run of [`STRIDE`] consecutive offsets of
//! a sequence (circularly, for circular ones) at least one offset is sampled.
//!
//! Written here rather than taken from `bio`: `bio::data_structures::qgram_index::QGramIndex`
//! stores every position as a `usize` (8 bytes per base) and has no sampling, no packed text and
//! no circular sequences, which would miss the memory target by a factor of three.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::persist::{GroupCodec, PersistError, Sink, Source};

/// Seed length (bases).
pub const K: usize = 11;
/// Every `STRIDE`-th offset of a stored sequence is indexed.
pub const STRIDE: usize = 2;
const KMERS: usize = 1 << (2 * K);
const KMER_MASK: u32 = (KMERS - 1) as u32;
/// Segments with at least this many bases get the dense table.
const DENSE_MIN_BASES: u64 = 1 << 23;
/// Granularity of the position → sequence lookup table.
const BLOCK_SHIFT: u32 = 10;
/// A stored k-mer with ambiguity codes is indexed under each k-mer it stands for, up to this many
/// (two Ns); denser ambiguity is not seeded.
const MAX_STORED_EXPANSIONS: usize = 16;
/// A segment addresses its bases with `u32`.
pub const MAX_SEGMENT_BASES: u64 = u32::MAX as u64 - 1;

/// Zero bytes after packed bases, so a [`word`] can be read from any of them.
const WORD_PADDING: usize = 8;
/// Bases a [`word`] holds.
pub const WORD_BASES: usize = 28;
/// Texts at least this large are copied into a [`huge_page_buffer`].
const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;

/// 2-bit codes packed 4 to a byte, first base in the low bits (the layout of a segment's text),
/// followed by [`WORD_PADDING`] zero bytes.
pub fn pack(codes: impl Iterator<Item = u8>, len: usize) -> Vec<u8> {
    let mut packed = vec![0u8; len.div_ceil(4) + WORD_PADDING];
    for (i, c) in codes.enumerate() {
        packed[i / 4] |= c << ((i % 4) * 2);
    }
    packed
}

/// The codes of bases `pos..pos + WORD_BASES` of packed bases (see [`pack`]), the first in the low
/// two bits; bits above `2 * WORD_BASES` are not meaningful.
#[inline]
pub fn word(packed: &[u8], pos: usize) -> u64 {
    let at = pos / 4;
    let bytes: [u8; 8] = packed[at..at + 8].try_into().expect("padded");
    u64::from_le_bytes(bytes) >> ((pos % 4) * 2)
}

/// One bit per base pair of two [`word`]s (bit `2 i`, for base `i`) that is set where the codes
/// differ.
#[inline]
pub fn mismatches(a: u64, b: u64) -> u64 {
    let x = a ^ b;
    (x | x >> 1) & 0x5555_5555_5555_5555
}

/// A cache prefetch hint for the line holding `value`.
#[inline]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCHT0 is a hint that never faults and reads nothing into the program; SSE
    // (which provides it) is part of the x86_64 baseline; the pointer comes from a reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((value as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// An empty buffer with room for `capacity` values that the kernel is asked to back with 2 MiB
/// pages (advice given before anything is written, so the pages are huge from the first fault).
///
/// Seed lookups and the seed filter read the k-mer table, the position lists and the text at
/// random places of a few hundred MiB: with 4 KiB pages nearly every read also misses the TLB
/// (a page walk, which a prefetch does not hide), and on the benchmark corpus huge pages made
/// similarity search about 10 % faster. The advice is taken where transparent huge pages are
/// enabled (`always`, or `madvise` as most distributions ship) and ignored elsewhere.
pub fn huge_page_buffer<T>(capacity: usize) -> Vec<T> {
    let mut buffer: Vec<T> = Vec::with_capacity(capacity);
    #[cfg(target_os = "linux")]
    {
        const HUGE_PAGE: usize = 2 << 20;
        let spare = buffer.spare_capacity_mut();
        let start = spare.as_mut_ptr() as usize;
        let end = start + std::mem::size_of_val(spare);
        let aligned = start.next_multiple_of(HUGE_PAGE);
        if end >= aligned + HUGE_PAGE {
            let length = (end - aligned) / HUGE_PAGE * HUGE_PAGE;
            // SAFETY: the range lies inside this buffer's own, not yet written allocation, and
            // MADV_HUGEPAGE only changes which pages back it, never its contents; failure (no
            // transparent huge pages) leaves ordinary pages, so the result is not needed.
            unsafe {
                libc::madvise(aligned as *mut libc::c_void, length, libc::MADV_HUGEPAGE);
            }
        }
    }
    buffer
}

/// 2-bit code of an unambiguous nucleotide (U reads as T).
#[inline]
pub fn code(base: u8) -> Option<u8> {
    match base {
        b'A' | b'a' => Some(0),
        b'C' | b'c' => Some(1),
        b'G' | b'g' => Some(2),
        b'T' | b't' | b'U' | b'u' => Some(3),
        _ => None,
    }
}

/// The set of nucleotides an IUPAC letter stands for, as a bit mask (A 1, C 2, G 4, T/U 8);
/// 0 for anything else (gaps, letters outside the code).
#[inline]
pub fn mask(base: u8) -> u8 {
    match base.to_ascii_uppercase() {
        b'A' => 1,
        b'C' => 2,
        b'G' => 4,
        b'T' | b'U' => 8,
        b'R' => 1 | 4,
        b'Y' => 2 | 8,
        b'S' => 2 | 4,
        b'W' => 1 | 8,
        b'K' => 4 | 8,
        b'M' => 1 | 2,
        b'B' => 2 | 4 | 8,
        b'D' => 1 | 4 | 8,
        b'H' => 1 | 2 | 8,
        b'V' => 1 | 2 | 4,
        b'N' => 15,
        _ => 0,
    }
}

/// Every k-mer (2-bit codes, first base most significant) that a run of IUPAC masks stands for;
/// `None` when a mask is empty or there would be more than `cap`.
pub fn expand(masks: &[u8], cap: usize) -> Option<Vec<u32>> {
    let mut out = vec![0u32];
    for &bits in masks {
        if bits == 0 || out.len() * bits.count_ones() as usize > cap {
            return None;
        }
        out = out
            .iter()
            .flat_map(|&p| (0..4u32).filter(move |c| bits >> c & 1 == 1).map(move |c| (p << 2) | c))
            .collect();
    }
    Some(out)
}

/// One stored sequence.
#[derive(Debug, Clone)]
pub struct Entry<G> {
    /// The record this sequence belongs to.
    pub group: G,
    /// Caller-defined label of the sequence within its record.
    pub tag: u8,
    /// Offset of its first base in the segment's text.
    pub start: u32,
    pub len: u32,
    pub circular: bool,
    /// Whether it holds bases other than A, C, G, T/U.
    pub ambiguous: bool,
}

impl<G> Entry<G> {
    #[inline]
    pub fn end(&self) -> u32 {
        self.start + self.len
    }
}

enum Seeds {
    /// `positions[offsets[k]..offsets[k + 1]]` are the positions of k-mer `k`.
    Dense { offsets: Vec<u32>, positions: Vec<u32> },
    /// Parallel arrays sorted by k-mer.
    Sparse { kmers: Vec<u32>, positions: Vec<u32> },
}

/// An immutable block of indexed sequences. Sequences are removed by marking them dead.
pub struct Segment<G> {
    entries: Vec<Entry<G>>,
    dead: Vec<AtomicBool>,
    live_bases: AtomicU64,
    live_entries: AtomicU64,
    text: Vec<u8>,
    exceptions: Vec<(u32, u8)>,
    blocks: Vec<u32>,
    seeds: Seeds,
}

/// Collects sequences for a [`Segment`].
pub struct SegmentBuilder<G> {
    entries: Vec<Entry<G>>,
    text: Vec<u8>,
    exceptions: Vec<(u32, u8)>,
    bases: u64,
}

impl<G> Default for SegmentBuilder<G> {
    fn default() -> Self {
        SegmentBuilder {
            entries: Vec::new(),
            text: Vec::new(),
            exceptions: Vec::new(),
            bases: 0,
        }
    }
}

impl<G: Clone> SegmentBuilder<G> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn bases(&self) -> u64 {
        self.bases
    }

    /// Whether `len` more bases still fit in this segment.
    pub fn fits(&self, len: usize) -> bool {
        self.bases + len as u64 <= MAX_SEGMENT_BASES
    }

    /// Appends one sequence (ASCII IUPAC letters). Empty sequences are not stored.
    pub fn push(&mut self, group: G, tag: u8, sequence: &[u8], circular: bool) {
        if sequence.is_empty() {
            return;
        }
        assert!(self.fits(sequence.len()), "segment full; check fits() first");
        let start = self.bases as u32;
        let mut ambiguous = false;
        self.text.reserve(sequence.len() / 4 + 1);
        for (i, &base) in sequence.iter().enumerate() {
            let pos = start as u64 + i as u64;
            let c = match code(base) {
                Some(c) => c,
                None => {
                    ambiguous = true;
                    self.exceptions.push((pos as u32, base.to_ascii_uppercase()));
                    0
                }
            };
            if pos.is_multiple_of(4) {
                self.text.push(0);
            }
            let last = self.text.len() - 1;
            self.text[last] |= c << ((pos % 4) * 2);
        }
        self.bases += sequence.len() as u64;
        self.entries.push(Entry {
            group,
            tag,
            start,
            len: sequence.len() as u32,
            circular,
            ambiguous,
        });
    }

    /// Indexes the collected sequences.
    pub fn finish(self) -> Segment<G> {
        let SegmentBuilder {
            entries,
            mut text,
            mut exceptions,
            bases,
        } = self;
        // Padding, so [`word`] can read 8 bytes from any base.
        text.extend_from_slice(&[0; WORD_PADDING]);
        if text.len() >= HUGE_PAGE_MIN_BYTES {
            let mut huge = huge_page_buffer(text.len());
            huge.extend_from_slice(&text);
            text = huge;
        } else {
            text.shrink_to_fit();
        }
        exceptions.shrink_to_fit();
        let block_count = (bases >> BLOCK_SHIFT) as usize + 1;
        let mut blocks = Vec::with_capacity(block_count);
        let mut e = 0usize;
        for b in 0..block_count {
            let pos = (b as u64) << BLOCK_SHIFT;
            while e < entries.len() && u64::from(entries[e].end()) <= pos {
                e += 1;
            }
            blocks.push(e as u32);
        }
        let dead = entries.iter().map(|_| AtomicBool::new(false)).collect();
        let live_entries = AtomicU64::new(entries.len() as u64);
        let mut segment = Segment {
            entries,
            dead,
            live_bases: AtomicU64::new(bases),
            live_entries,
            text,
            exceptions,
            blocks,
            seeds: Seeds::Sparse {
                kmers: Vec::new(),
                positions: Vec::new(),
            },
        };
        segment.seeds = if bases >= DENSE_MIN_BASES {
            segment.dense_seeds()
        } else {
            segment.sparse_seeds()
        };
        segment
    }
}

/// The constants a saved segment's layout depends on ([`super::persist`] refuses a file written
/// with others).
pub const LAYOUT: [u64; 7] = [
    K as u64,
    STRIDE as u64,
    DENSE_MIN_BASES,
    BLOCK_SHIFT as u64,
    MAX_STORED_EXPANSIONS as u64,
    WORD_PADDING as u64,
    MAX_SEGMENT_BASES,
];

impl<G: GroupCodec> Segment<G> {
    /// Writes this segment as it is in memory (dead entries included, marked dead).
    pub fn write_to<W: Write>(&self, sink: &mut Sink<W>) -> std::io::Result<()> {
        let mut groups = Vec::with_capacity(self.entries.len() * G::BYTES);
        for entry in &self.entries {
            entry.group.encode(&mut groups);
        }
        sink.array(&groups)?;
        let column = |f: &dyn Fn(&Entry<G>) -> u32| self.entries.iter().map(f).collect::<Vec<u32>>();
        sink.array(&column(&|e| e.start))?;
        sink.array(&column(&|e| e.len))?;
        let flags: Vec<u8> = self
            .entries
            .iter()
            .map(|e| e.tag as u32 | u32::from(e.circular) << 8 | u32::from(e.ambiguous) << 9)
            .flat_map(|v| [(v & 0xff) as u8, (v >> 8) as u8])
            .collect();
        sink.array(&flags)?;
        let dead: Vec<u8> = (0..self.entries.len()).map(|e| u8::from(self.is_dead(e))).collect();
        sink.array(&dead)?;
        sink.array(&self.text)?;
        let (positions, letters): (Vec<u32>, Vec<u8>) = self.exceptions.iter().copied().unzip();
        sink.array(&positions)?;
        sink.array(&letters)?;
        sink.array(&self.blocks)?;
        match &self.seeds {
            Seeds::Dense { offsets, positions } => {
                sink.u8(0)?;
                sink.array(offsets)?;
                sink.array(positions)
            }
            Seeds::Sparse { kmers, positions } => {
                sink.u8(1)?;
                sink.array(kmers)?;
                sink.array(positions)
            }
        }
    }

    /// Reads a segment written by [`Segment::write_to`], checking that its arrays agree with each
    /// other (so a search can never index past them).
    pub fn read_from<R: Read>(source: &mut Source<R>) -> Result<Self, PersistError> {
        let damaged = |what: &str| PersistError::Damaged(format!("a segment's {what} do not agree"));
        let groups: Vec<u8> = source.array()?;
        let starts: Vec<u32> = source.array()?;
        let lens: Vec<u32> = source.array()?;
        let flags: Vec<u8> = source.array()?;
        let dead: Vec<u8> = source.array()?;
        let n = starts.len();
        if groups.len() != n * G::BYTES || lens.len() != n || flags.len() != 2 * n || dead.len() != n {
            return Err(damaged("entry columns"));
        }
        let text: Vec<u8> = source.array_in(huge_page_buffer)?;
        let mut end = 0u64;
        let mut entries = Vec::with_capacity(n);
        for e in 0..n {
            if u64::from(starts[e]) != end {
                return Err(damaged("entry offsets"));
            }
            end += u64::from(lens[e]);
            entries.push(Entry {
                group: G::decode(&groups[e * G::BYTES..(e + 1) * G::BYTES]),
                tag: flags[2 * e],
                start: starts[e],
                len: lens[e],
                circular: flags[2 * e + 1] & 1 != 0,
                ambiguous: flags[2 * e + 1] & 2 != 0,
            });
        }
        if end > MAX_SEGMENT_BASES || text.len() as u64 != end.div_ceil(4) + WORD_PADDING as u64 {
            return Err(damaged("text and entries"));
        }
        let positions: Vec<u32> = source.array()?;
        let letters: Vec<u8> = source.array()?;
        if positions.len() != letters.len()
            || positions.windows(2).any(|w| w[0] >= w[1])
            || positions.last().is_some_and(|&p| u64::from(p) >= end)
        {
            return Err(damaged("ambiguous bases"));
        }
        let exceptions: Vec<(u32, u8)> = positions.into_iter().zip(letters).collect();
        let blocks: Vec<u32> = source.array()?;
        if blocks.len() as u64 != (end >> BLOCK_SHIFT) + 1 || blocks.iter().any(|&b| b as usize > n) {
            return Err(damaged("blocks"));
        }
        let in_text = |p: &u32| u64::from(*p) < end;
        let seeds = match source.u8()? {
            0 => {
                let offsets: Vec<u32> = source.array_in(huge_page_buffer)?;
                let positions: Vec<u32> = source.array_in(huge_page_buffer)?;
                if offsets.len() != KMERS + 1
                    || offsets.windows(2).any(|w| w[0] > w[1])
                    || offsets[KMERS] as usize != positions.len()
                    || !positions.iter().all(in_text)
                {
                    return Err(damaged("dense seeds"));
                }
                Seeds::Dense { offsets, positions }
            }
            1 => {
                let kmers: Vec<u32> = source.array()?;
                let positions: Vec<u32> = source.array()?;
                if kmers.len() != positions.len()
                    || kmers.windows(2).any(|w| w[0] > w[1])
                    || kmers.last().is_some_and(|&k| k > KMER_MASK)
                    || !positions.iter().all(in_text)
                {
                    return Err(damaged("sparse seeds"));
                }
                Seeds::Sparse { kmers, positions }
            }
            other => return Err(PersistError::Damaged(format!("unknown seed table kind {other}"))),
        };
        let live: Vec<usize> = (0..n).filter(|&e| dead[e] == 0).collect();
        Ok(Segment {
            live_bases: AtomicU64::new(live.iter().map(|&e| u64::from(entries[e].len)).sum()),
            live_entries: AtomicU64::new(live.len() as u64),
            dead: dead.iter().map(|&d| AtomicBool::new(d != 0)).collect(),
            entries,
            text,
            exceptions,
            blocks,
            seeds,
        })
    }
}

impl<G> Segment<G> {
    fn dense_seeds(&self) -> Seeds {
        let mut offsets = huge_page_buffer::<u32>(KMERS + 1);
        offsets.resize(KMERS + 1, 0);
        for e in 0..self.entries.len() {
            self.sampled_kmers(e, |kmer, _| offsets[kmer as usize + 1] += 1);
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut positions = huge_page_buffer::<u32>(offsets[KMERS] as usize);
        positions.resize(offsets[KMERS] as usize, 0);
        // Fill using offsets[k] as the cursor of bucket k; afterwards it holds the bucket's end,
        // which is shifted back into place.
        for e in 0..self.entries.len() {
            self.sampled_kmers(e, |kmer, pos| {
                let slot = &mut offsets[kmer as usize];
                positions[*slot as usize] = pos;
                *slot += 1;
            });
        }
        for i in (1..offsets.len()).rev() {
            offsets[i] = offsets[i - 1];
        }
        offsets[0] = 0;
        Seeds::Dense { offsets, positions }
    }

    fn sparse_seeds(&self) -> Seeds {
        let mut pairs = Vec::new();
        for e in 0..self.entries.len() {
            self.sampled_kmers(e, |kmer, pos| pairs.push((kmer, pos)));
        }
        pairs.sort_unstable();
        let (kmers, positions) = pairs.into_iter().unzip();
        Seeds::Sparse { kmers, positions }
    }

    /// Calls `f(kmer, text position)` for every sampled, unambiguous k-mer of entry `e`.
    fn sampled_kmers(&self, e: usize, mut f: impl FnMut(u32, u32)) {
        let entry = &self.entries[e];
        let len = entry.len as usize;
        if entry.ambiguous {
            // Slow path: expand ambiguity codes into every k-mer they stand for.
            let mut masks = [0u8; K];
            for o in (0..len).step_by(STRIDE) {
                for (k, slot) in masks.iter_mut().enumerate() {
                    *slot = self.letter_at(e, (o + k) as i64).map(mask).unwrap_or(1);
                }
                let Some(kmers) = expand(&masks, MAX_STORED_EXPANSIONS) else {
                    continue;
                };
                for kmer in kmers {
                    f(kmer, entry.start + o as u32);
                }
            }
            return;
        }
        let mut kmer = 0u32;
        let mut last_ambiguous: i64 = -1;
        for i in 0..len + K - 1 {
            let (c, ambiguous) = if i < len {
                (
                    self.code_raw(entry.start + i as u32),
                    entry.ambiguous && self.is_exception(entry.start + i as u32),
                )
            } else if entry.circular {
                let j = (i - len) % len;
                (
                    self.code_raw(entry.start + j as u32),
                    entry.ambiguous && self.is_exception(entry.start + j as u32),
                )
            } else {
                (0, false)
            };
            kmer = ((kmer << 2) | u32::from(c)) & KMER_MASK;
            if ambiguous {
                last_ambiguous = i as i64;
            }
            if i + 1 >= K {
                let o = i + 1 - K;
                if o.is_multiple_of(STRIDE) && last_ambiguous < o as i64 {
                    f(kmer, entry.start + o as u32);
                }
            }
        }
    }

    #[inline]
    fn code_raw(&self, pos: u32) -> u8 {
        (self.text[(pos >> 2) as usize] >> ((pos & 3) * 2)) & 3
    }

    /// The codes at text positions `pos..pos + WORD_BASES` (see [`word`]).
    #[inline]
    pub fn text_word(&self, pos: u32) -> u64 {
        word(&self.text, pos as usize)
    }

    /// Asks the CPU to start loading the text around position `pos` (a hint; no effect on
    /// results). Seed verification reads the text at thousands of scattered positions per query;
    /// issuing the loads a few seeds ahead overlaps their cache misses.
    #[inline]
    pub fn prefetch_text(&self, pos: u32) {
        let at = (pos as usize / 4).min(self.text.len() - 1);
        prefetch(&self.text[at]);
    }

    /// The 2-bit code stored at text position `pos` (A for an ambiguous base; check
    /// [`Entry::ambiguous`] first).
    #[inline]
    pub fn base_code(&self, pos: u32) -> u8 {
        self.code_raw(pos)
    }

    fn is_exception(&self, pos: u32) -> bool {
        self.exceptions.binary_search_by_key(&pos, |&(p, _)| p).is_ok()
    }

    /// The stored sequences.
    pub fn entries(&self) -> &[Entry<G>] {
        &self.entries
    }

    pub fn is_dead(&self, e: usize) -> bool {
        self.dead[e].load(Ordering::Relaxed)
    }

    /// Marks a sequence removed; searches skip it from now on.
    pub fn kill(&self, e: usize) {
        if !self.dead[e].swap(true, Ordering::Relaxed) {
            self.live_bases
                .fetch_sub(u64::from(self.entries[e].len), Ordering::Relaxed);
            self.live_entries.fetch_sub(1, Ordering::Relaxed);
        }
    }

    pub fn live_entries(&self) -> u64 {
        self.live_entries.load(Ordering::Relaxed)
    }

    pub fn live_bases(&self) -> u64 {
        self.live_bases.load(Ordering::Relaxed)
    }

    pub fn total_bases(&self) -> u64 {
        self.entries.last().map(|e| u64::from(e.end())).unwrap_or(0)
    }

    /// Bytes held by this segment.
    pub fn memory_bytes(&self) -> usize {
        let seeds = match &self.seeds {
            Seeds::Dense { offsets, positions } => (offsets.capacity() + positions.capacity()) * 4,
            Seeds::Sparse { kmers, positions } => (kmers.capacity() + positions.capacity()) * 4,
        };
        self.text.capacity()
            + self.exceptions.capacity() * std::mem::size_of::<(u32, u8)>()
            + self.blocks.capacity() * 4
            + self.entries.capacity() * std::mem::size_of::<Entry<G>>()
            + self.dead.capacity()
            + seeds
    }

    /// Positions of the k-mers in `[lo, hi)`.
    #[inline]
    pub fn positions(&self, lo: u32, hi: u32) -> &[u32] {
        match &self.seeds {
            Seeds::Dense { offsets, positions } => {
                &positions[offsets[lo as usize] as usize..offsets[hi as usize] as usize]
            }
            Seeds::Sparse { kmers, positions } => {
                let a = kmers.partition_point(|&k| k < lo);
                let b = kmers.partition_point(|&k| k < hi);
                &positions[a..b]
            }
        }
    }

    /// Prefetch hint for the table entry of `kmer` ([`prefetch_text`](Self::prefetch_text)).
    #[inline]
    pub fn prefetch_bucket(&self, kmer: u32) {
        if let Seeds::Dense { offsets, .. } = &self.seeds {
            prefetch(&offsets[kmer as usize]);
        }
    }

    /// Prefetch hint for the first positions of `kmer` (its table entry should be loaded).
    #[inline]
    pub fn prefetch_positions(&self, kmer: u32) {
        if let Seeds::Dense { offsets, positions } = &self.seeds {
            if let Some(first) = positions.get(offsets[kmer as usize] as usize) {
                prefetch(first);
            }
        }
    }

    /// Index of the entry holding text position `pos`.
    #[inline]
    pub fn entry_of(&self, pos: u32) -> usize {
        let mut e = self.blocks[(pos >> BLOCK_SHIFT) as usize] as usize;
        while self.entries[e].end() <= pos {
            e += 1;
        }
        e
    }

    /// Text position of unrolled offset `i` of entry `e`: wrapped for a circular entry, `None`
    /// outside a linear one.
    #[inline]
    fn text_position(&self, e: usize, i: i64) -> Option<u32> {
        let entry = &self.entries[e];
        let len = i64::from(entry.len);
        let local = if entry.circular {
            i.rem_euclid(len)
        } else if i < 0 || i >= len {
            return None;
        } else {
            i
        };
        Some(entry.start + local as u32)
    }

    /// The base of entry `e` at unrolled offset `i` (wrapped for circular entries) as a 2-bit
    /// code, or 4 when it is ambiguous, or `None` outside a linear entry.
    #[inline]
    pub fn code_at(&self, e: usize, i: i64) -> Option<u8> {
        let pos = self.text_position(e, i)?;
        if self.entries[e].ambiguous && self.is_exception(pos) {
            Some(4)
        } else {
            Some(self.code_raw(pos))
        }
    }

    /// The IUPAC letter of entry `e` at unrolled offset `i` (see [`Segment::code_at`]).
    pub fn letter_at(&self, e: usize, i: i64) -> Option<u8> {
        let pos = self.text_position(e, i)?;
        if self.entries[e].ambiguous {
            if let Ok(at) = self.exceptions.binary_search_by_key(&pos, |&(p, _)| p) {
                return Some(self.exceptions[at].1);
            }
        }
        Some(b"ACGT"[self.code_raw(pos) as usize])
    }

    /// Appends the letters of entry `e` over unrolled offsets `[from, to)` to `out` (clipped to
    /// a linear entry's ends).
    pub fn letters(&self, e: usize, from: i64, to: i64, out: &mut Vec<u8>) {
        out.reserve((to - from).max(0) as usize);
        for i in from..to {
            if let Some(letter) = self.letter_at(e, i) {
                out.push(letter);
            }
        }
    }

    /// The whole sequence of entry `e`.
    pub fn sequence(&self, e: usize) -> Vec<u8> {
        let mut out = Vec::new();
        self.letters(e, 0, i64::from(self.entries[e].len), &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kmer_of(s: &[u8]) -> u32 {
        s.iter().fold(0, |k, &b| (k << 2) | u32::from(code(b).unwrap()))
    }

    #[test]
    fn packs_and_reads_back_every_letter() {
        let mut builder = SegmentBuilder::new();
        builder.push(1u32, 0, b"ACGTNRYACGTTGCA", false);
        builder.push(2u32, 0, b"GGGAAACCCTTT", true);
        let segment = builder.finish();
        assert_eq!(segment.sequence(0), b"ACGTNRYACGTTGCA");
        assert_eq!(segment.sequence(1), b"GGGAAACCCTTT");
        assert!(segment.entries()[0].ambiguous && !segment.entries()[1].ambiguous);
        assert_eq!(segment.letter_at(1, -1), Some(b'T'), "circular entries wrap");
        assert_eq!(segment.letter_at(0, 15), None, "linear entries end");
        assert_eq!(segment.entry_of(15), 1);
    }

    #[test]
    fn samples_every_stride_offset_and_wraps_circular_kmers() {
        let seq = b"ACGTACGGTTCAGGCATTAC";
        let mut builder = SegmentBuilder::new();
        builder.push(7u32, 0, seq, true);
        let segment = builder.finish();
        let doubled = [&seq[..], &seq[..]].concat();
        for o in 0..seq.len() {
            let kmer = kmer_of(&doubled[o..o + K]);
            let found = segment.positions(kmer, kmer + 1).contains(&(o as u32));
            assert_eq!(found, o % STRIDE == 0, "offset {o}");
        }
    }

    #[test]
    fn dense_and_sparse_tables_agree() {
        let mut state = 12345u64;
        let mut seq = Vec::new();
        for _ in 0..(DENSE_MIN_BASES + 1000) {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seq.push(b"ACGT"[(state >> 62) as usize]);
        }
        let mut dense = SegmentBuilder::new();
        dense.push(0u32, 0, &seq, false);
        let dense = dense.finish();
        let mut sparse = SegmentBuilder::new();
        sparse.push(0u32, 0, &seq[..5000], false);
        let sparse = sparse.finish();
        for o in (0..4000).step_by(STRIDE) {
            let kmer = kmer_of(&seq[o..o + K]);
            assert!(dense.positions(kmer, kmer + 1).contains(&(o as u32)));
            assert!(sparse.positions(kmer, kmer + 1).contains(&(o as u32)));
        }
        assert!(matches!(dense.seeds, Seeds::Dense { .. }));
        let per_base = dense.memory_bytes() as f64 / seq.len() as f64;
        assert!(per_base < 12.0, "{per_base} bytes per base");
    }

    #[test]
    fn kmers_over_ambiguous_bases_are_expanded_up_to_a_limit() {
        let mut builder = SegmentBuilder::new();
        builder.push(0u32, 0, b"ACGTACGTACGTNACGTACGTACGTACGT", false);
        builder.push(1u32, 0, b"ACGTACGTACGTNNNACGTACGTACGTACGT", false);
        let segment = builder.finish();
        let n = segment.entries()[1].start;
        let all = segment.positions(0, KMERS as u32);
        // Offset 4 of the first sequence covers the N: four k-mers.
        assert_eq!(all.iter().filter(|&&p| p == 4).count(), 4);
        let kmer = kmer_of(b"ACGTACGTGAC");
        assert!(segment.positions(kmer, kmer + 1).contains(&4));
        // Three Ns in a k-mer (64 expansions) are not seeded.
        assert!(!all.contains(&(n + 4)));
        assert!(all.contains(&(n + 14)));
    }

    #[test]
    fn iupac_masks_are_sets() {
        assert_eq!(mask(b'N'), 15);
        assert_eq!(mask(b'r') & mask(b'A'), 1);
        assert_eq!(mask(b'Y') & mask(b'A'), 0);
        assert_eq!(mask(b'U'), mask(b'T'));
        assert_eq!(mask(b'-'), 0);
    }
}
