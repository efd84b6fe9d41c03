//! Owns the on-disk form of the sequence index: one file holding every segment as it is in
//! memory, so an instance restarts by reading it back instead of re-reading and re-indexing every
//! sequence of the registry.
//!
//! Layout, all integers in the writing machine's byte order (which the header records):
//! - magic `BIOREGIX`, format version, the byte order, the segment layout constants (k-mer
//!   length, stride, block size, ...) and the size of a group id — a file written with other
//!   constants is refused as [`PersistError::Incompatible`];
//! - the caller's metadata (opaque bytes, at most 64 KiB: which database, which change-feed
//!   position);
//! - the segments ([`super::segment::Segment::write_to`]): each array as a length and its raw
//!   bytes;
//! - a CRC-32 of every byte before it. Reading checks it and that nothing follows, so a truncated
//!   or altered file is refused as [`PersistError::Damaged`] before anything is installed.
//!
//! Cost: writing and reading are one sequential pass over the index's memory (about 2.3 bytes per
//! base); reading allocates each array once, at its final size, after checking that the file can
//! hold it, so a damaged length cannot make it allocate more than the file's size. The CRC runs at
//! memory speed. Memory-mapping was considered and not used: the arrays are read at once into
//! huge-page-backed buffers the searches need anyway, and a mapped file would be paged back in on
//! first use by searches instead.

use std::io::{self, Read, Write};

use bytemuck::{Pod, Zeroable};

/// First bytes of an index file.
pub const MAGIC: &[u8; 8] = b"BIOREGIX";
/// Version of the layout below; bumped when it changes.
pub const FORMAT: u32 = 1;
/// Most metadata bytes a file may carry.
pub const MAX_META: usize = 64 << 10;

/// Why an index file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("cannot read or write the index file: {0}")]
    Io(#[from] io::Error),
    #[error("the index file is damaged: {0}")]
    Damaged(String),
    #[error("the index file was written by another version or machine: {0}")]
    Incompatible(String),
}

/// Writes everything through a running CRC-32.
pub struct Sink<W: Write> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Sink<W> {
    pub fn new(inner: W) -> Self {
        Sink {
            inner,
            crc: crc32fast::Hasher::new(),
        }
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.crc.update(bytes);
        self.inner.write_all(bytes)
    }

    pub fn u8(&mut self, value: u8) -> io::Result<()> {
        self.bytes(&[value])
    }

    pub fn u32(&mut self, value: u32) -> io::Result<()> {
        self.bytes(&value.to_ne_bytes())
    }

    pub fn u64(&mut self, value: u64) -> io::Result<()> {
        self.bytes(&value.to_ne_bytes())
    }

    /// A length-prefixed array.
    pub fn array<T: Pod>(&mut self, values: &[T]) -> io::Result<()> {
        self.u64(values.len() as u64)?;
        self.bytes(bytemuck::cast_slice(values))
    }

    /// Appends the checksum and hands back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let crc = self.crc.clone().finalize();
        self.inner.write_all(&crc.to_ne_bytes())?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

/// Reads through a running CRC-32, never past the file's length.
pub struct Source<R: Read> {
    inner: R,
    crc: crc32fast::Hasher,
    /// Bytes left before the trailing checksum.
    remaining: u64,
}

impl<R: Read> Source<R> {
    /// `len` is the whole file's length.
    pub fn new(inner: R, len: u64) -> Result<Self, PersistError> {
        let remaining = len
            .checked_sub(4)
            .ok_or_else(|| PersistError::Damaged("shorter than its checksum".into()))?;
        Ok(Source {
            inner,
            crc: crc32fast::Hasher::new(),
            remaining,
        })
    }

    pub fn bytes(&mut self, out: &mut [u8]) -> Result<(), PersistError> {
        if out.len() as u64 > self.remaining {
            return Err(PersistError::Damaged("it ends before its last array".into()));
        }
        self.inner.read_exact(out)?;
        self.remaining -= out.len() as u64;
        self.crc.update(out);
        Ok(())
    }

    pub fn u8(&mut self) -> Result<u8, PersistError> {
        let mut b = [0u8; 1];
        self.bytes(&mut b)?;
        Ok(b[0])
    }

    pub fn u32(&mut self) -> Result<u32, PersistError> {
        let mut b = [0u8; 4];
        self.bytes(&mut b)?;
        Ok(u32::from_ne_bytes(b))
    }

    pub fn u64(&mut self) -> Result<u64, PersistError> {
        let mut b = [0u8; 8];
        self.bytes(&mut b)?;
        Ok(u64::from_ne_bytes(b))
    }

    /// A length-prefixed array, allocated by `alloc(len)` (an empty vector with that capacity)
    /// only after checking the file holds that many bytes.
    pub fn array_in<T: Pod + Zeroable>(&mut self, alloc: impl FnOnce(usize) -> Vec<T>) -> Result<Vec<T>, PersistError> {
        let len = self.u64()?;
        let bytes = len
            .checked_mul(std::mem::size_of::<T>() as u64)
            .filter(|&b| b <= self.remaining)
            .ok_or_else(|| PersistError::Damaged(format!("an array of {len} items is longer than the file")))?;
        let len = len as usize;
        let mut values = alloc(len);
        values.resize(len, T::zeroed());
        self.bytes(bytemuck::cast_slice_mut(&mut values))?;
        debug_assert_eq!(bytes as usize, std::mem::size_of_val(values.as_slice()));
        Ok(values)
    }

    pub fn array<T: Pod + Zeroable>(&mut self) -> Result<Vec<T>, PersistError> {
        self.array_in(Vec::with_capacity)
    }

    /// Checks the trailing checksum and that nothing follows it.
    pub fn finish(mut self) -> Result<(), PersistError> {
        if self.remaining != 0 {
            return Err(PersistError::Damaged(format!(
                "{} unexpected bytes before its checksum",
                self.remaining
            )));
        }
        let mut stored = [0u8; 4];
        self.inner
            .read_exact(&mut stored)
            .map_err(|_| PersistError::Damaged("its checksum is missing".into()))?;
        let computed = self.crc.clone().finalize();
        if u32::from_ne_bytes(stored) != computed {
            return Err(PersistError::Damaged("its checksum does not match its contents".into()));
        }
        let mut extra = [0u8; 1];
        if self.inner.read(&mut extra)? != 0 {
            return Err(PersistError::Damaged("bytes follow its checksum".into()));
        }
        Ok(())
    }
}

/// A group id stored in an index file as a fixed number of bytes.
pub trait GroupCodec: Sized {
    const BYTES: usize;
    fn encode(&self, out: &mut Vec<u8>);
    fn decode(bytes: &[u8]) -> Self;
}

impl GroupCodec for u32 {
    const BYTES: usize = 4;
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_ne_bytes());
    }
    fn decode(bytes: &[u8]) -> Self {
        u32::from_ne_bytes(bytes.try_into().expect("4 bytes"))
    }
}

/// The header: magic, format, byte order, the layout constants, the group size and metadata.
pub fn write_header<W: Write>(sink: &mut Sink<W>, layout: &[u64], group_bytes: usize, meta: &[u8]) -> io::Result<()> {
    assert!(meta.len() <= MAX_META, "index metadata is at most {MAX_META} bytes");
    sink.bytes(MAGIC)?;
    sink.u32(FORMAT)?;
    sink.u8(u8::from(cfg!(target_endian = "little")))?;
    sink.array(layout)?;
    sink.u64(group_bytes as u64)?;
    sink.array(meta)
}

/// Reads and checks the header; returns the metadata.
pub fn read_header<R: Read>(
    source: &mut Source<R>,
    layout: &[u64],
    group_bytes: usize,
) -> Result<Vec<u8>, PersistError> {
    let mut magic = [0u8; 8];
    source
        .bytes(&mut magic)
        .map_err(|_| PersistError::Damaged("too short to be an index file".into()))?;
    if &magic != MAGIC {
        return Err(PersistError::Damaged("it is not a bioreg index file".into()));
    }
    let format = source.u32()?;
    if format != FORMAT {
        return Err(PersistError::Incompatible(format!(
            "format {format}, this server reads {FORMAT}"
        )));
    }
    if source.u8()? != u8::from(cfg!(target_endian = "little")) {
        return Err(PersistError::Incompatible("another byte order".into()));
    }
    let stored: Vec<u64> = source.array()?;
    if stored != layout {
        return Err(PersistError::Incompatible(format!(
            "segment layout {stored:?}, this server uses {layout:?}"
        )));
    }
    let stored_group = source.u64()?;
    if stored_group != group_bytes as u64 {
        return Err(PersistError::Incompatible(format!(
            "group ids of {stored_group} bytes, this server uses {group_bytes}"
        )));
    }
    let meta: Vec<u8> = source.array()?;
    if meta.len() > MAX_META {
        return Err(PersistError::Damaged("its metadata is too long".into()));
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_round_trip_and_a_flipped_byte_is_caught() {
        let mut sink = Sink::new(Vec::new());
        sink.array(&[1u32, 2, 3]).unwrap();
        sink.u64(7).unwrap();
        let bytes = sink.finish().unwrap();
        let mut source = Source::new(bytes.as_slice(), bytes.len() as u64).unwrap();
        assert_eq!(source.array::<u32>().unwrap(), vec![1, 2, 3]);
        assert_eq!(source.u64().unwrap(), 7);
        source.finish().unwrap();

        let mut damaged = bytes.clone();
        damaged[9] ^= 1;
        let mut source = Source::new(damaged.as_slice(), damaged.len() as u64).unwrap();
        source.array::<u32>().unwrap();
        source.u64().unwrap();
        assert!(matches!(source.finish(), Err(PersistError::Damaged(_))));
    }

    #[test]
    fn a_damaged_length_cannot_allocate_past_the_file() {
        let mut sink = Sink::new(Vec::new());
        sink.u64(u64::MAX / 8).unwrap();
        let bytes = sink.finish().unwrap();
        let mut source = Source::new(bytes.as_slice(), bytes.len() as u64).unwrap();
        assert!(matches!(source.array::<u32>(), Err(PersistError::Damaged(_))));
    }
}
