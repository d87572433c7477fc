//! A scan of many rows split into chunks over the machine's cores (scoped threads, no pool kept): each chunk's
//! result comes back in chunk order, so merged results are in row order, as one thread's would be.

use std::ops::Range;

/// How a scan is split: into at most `threads` chunks of at least `min_chunk` items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub threads: usize,
    pub min_chunk: usize,
}

/// Below this many items a scan stays on one thread: starting one costs tens of microseconds, a scan of
/// 32,768 rows a few hundred.
pub const MIN_CHUNK: usize = 32_768;

impl Split {
    /// One thread: what a small list (and every test that wants one order of events) uses.
    pub const ONE: Split = Split {
        threads: 1,
        min_chunk: usize::MAX,
    };

    /// As many chunks as the machine has cores, for a scan of `n` items (asks the system only when `n`
    /// is worth splitting).
    pub fn auto(n: usize) -> Split {
        if n < 2 * MIN_CHUNK {
            return Split::ONE;
        }
        Split {
            threads: std::thread::available_parallelism().map_or(1, |p| p.get()),
            min_chunk: MIN_CHUNK,
        }
    }

    /// This split for items that each cost about `rows` rows: as many threads, `rows` times fewer items a
    /// chunk.
    pub fn per(self, rows: usize) -> Split {
        Split {
            threads: self.threads,
            min_chunk: self.min_chunk / rows.max(1),
        }
    }

    /// The chunks of `0..n`: contiguous, in order, sizes within one of each other.
    pub fn chunks(self, n: usize) -> Vec<Range<usize>> {
        let k = (n / self.min_chunk.max(1)).clamp(1, self.threads.max(1));
        (0..k).map(|c| (n * c / k)..(n * (c + 1) / k)).collect()
    }

    /// `f` of each chunk of `0..n`, the first on this thread and the others on their own, in chunk order.
    pub fn map<T: Send>(self, n: usize, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
        let mut chunks = self.chunks(n).into_iter();
        let Some(first) = chunks.next() else {
            return Vec::new();
        };
        let rest: Vec<Range<usize>> = chunks.collect();
        if rest.is_empty() {
            return vec![f(first)];
        }
        let f = &f;
        std::thread::scope(|s| {
            let handles: Vec<_> = rest.into_iter().map(|r| s.spawn(move || f(r))).collect();
            let mut out = Vec::with_capacity(handles.len() + 1);
            out.push(f(first));
            for h in handles {
                // A chunk that panicked panics the scan, as one thread's scan would have.
                out.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            out
        })
    }

    /// `map`, its chunks' items concatenated (in row order when each chunk's are).
    pub fn concat<T: Send>(self, n: usize, f: impl Fn(Range<usize>) -> Vec<T> + Sync) -> Vec<T> {
        let mut parts = self.map(n, f);
        if parts.len() == 1 {
            return parts.pop().unwrap_or_default();
        }
        let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for p in parts {
            out.extend(p);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_item_once_in_order() {
        for n in [0, 1, 5, 63, 64, 65, 1000, 100_003] {
            for threads in 1..6 {
                for min_chunk in [1, 7, 64, 40_000] {
                    let s = Split { threads, min_chunk };
                    let chunks = s.chunks(n);
                    assert!(chunks.len() <= threads && !chunks.is_empty());
                    let flat: Vec<usize> = chunks.iter().cloned().flatten().collect();
                    assert_eq!(
                        flat,
                        (0..n).collect::<Vec<_>>(),
                        "{n} {threads} {min_chunk}"
                    );
                    assert_eq!(s.concat(n, |r| r.collect()), flat);
                }
            }
        }
        assert_eq!(Split::ONE.chunks(10_000_000).len(), 1);
        assert_eq!(Split::auto(1000), Split::ONE);
    }
}
