//! How much memory each thread holds, so that a query can be stopped when it holds too much
//! ([`QueryLimits::max_memory`](crate::graph::store::QueryLimits::max_memory)).
//!
//! [`CountingAllocator`] wraps the system allocator and keeps, for each thread, the bytes it
//! allocated minus the bytes it freed. It counts only in a program that makes it the global
//! allocator, as the `resgraph` binary does:
//!
//! ```
//! use resgraph::graph::memory::{thread_held, CountingAllocator};
//!
//! #[global_allocator]
//! static ALLOCATOR: CountingAllocator = CountingAllocator;
//!
//! fn main() {
//!     let before = thread_held();
//!     let block = vec![1u8; 1 << 20];
//!     assert!(thread_held() - before >= 1 << 20);
//!     drop(block);
//!     assert!(thread_held() - before < 1 << 20);
//! }
//! ```
//!
//! Memory that C++ code allocates (RocksDB's) is not counted; RocksDB bounds its own caches.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// Bytes allocated minus bytes freed by this thread, and the most that has been since
    /// [`HighWater::start`]: one cell, so that an allocation reads one thread-local. (A `const`
    /// cell without a destructor: reading it never allocates, as an allocator requires.)
    static HELD: Cell<(isize, isize)> = const { Cell::new((0, 0)) };
}

/// The system allocator, counting what each thread holds ([`thread_held`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAllocator;

// SAFETY: every call is passed on to `System` with the same arguments; only a thread-local
// counter is updated besides.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are `System`'s.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            count(layout.size() as isize);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            count(layout.size() as isize);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` was allocated by `System` with `layout`, as the caller guarantees.
        unsafe { System.dealloc(block, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is valid as the caller guarantees.
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        moved
    }
}

fn count(bytes: isize) {
    // A thread being torn down may have no counter left: its last frees are not counted.
    let _ = HELD.try_with(|cell| {
        let (held, most) = cell.get();
        let now = held.wrapping_add(bytes);
        cell.set((now, most.max(now)));
    });
}

/// The bytes this thread allocated minus those it freed, since it started (always 0 unless
/// [`CountingAllocator`] is the global allocator). Memory freed on another thread than the one
/// that allocated it moves the count of both, so compare two readings on one thread.
pub fn thread_held() -> isize {
    HELD.try_with(|cell| cell.get().0).unwrap_or(0)
}

/// The most memory a piece of work held on this thread, from [`HighWater::start`] to
/// [`HighWater::most`]: `build --timings` reports it for each task of its concurrent phase.
///
/// ```
/// use resgraph::graph::memory::{CountingAllocator, HighWater};
///
/// #[global_allocator]
/// static ALLOCATOR: CountingAllocator = CountingAllocator;
///
/// fn main() {
///     let mark = HighWater::start();
///     drop(vec![1u8; 1 << 20]);
///     assert!(mark.most() >= 1 << 20);
/// }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct HighWater {
    held: isize,
}

impl HighWater {
    /// Starts counting from what this thread holds now.
    pub fn start() -> HighWater {
        let held = thread_held();
        let _ = HELD.try_with(|cell| cell.set((held, held)));
        HighWater { held }
    }

    /// The most bytes this thread held beyond what it held at [`HighWater::start`], so far (0
    /// when the global allocator does not count).
    pub fn most(&self) -> u64 {
        let most = HELD.try_with(|cell| cell.get().1).unwrap_or(self.held);
        u64::try_from(most.saturating_sub(self.held)).unwrap_or(0)
    }
}
