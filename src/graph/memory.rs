//! How much memory each thread holds, so that a query can be stopped when it holds too much
//! ([`QueryLimits::max_memory`](crate::graph::store::QueryLimits::max_memory)).
//!
//! [`CountingAllocator`] wraps an allocator (the system's, or jemalloc in the `resgraph` binary)
//! and keeps, for each thread, the bytes it allocated minus the bytes it freed. It counts only
//! in a program that makes it the global allocator, as the `resgraph` binary does:
//!
//! ```
//! use resgraph::graph::memory::{thread_held, CountingAllocator};
//!
//! #[global_allocator]
//! static ALLOCATOR: CountingAllocator = CountingAllocator::SYSTEM;
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

use oxigraph::sparql::CancellationToken;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;

thread_local! {
    /// Bytes allocated minus bytes freed by this thread, the most that has been since
    /// [`HighWater::start`], and the count beyond which [`MemoryLimit`] cancels its token
    /// (`isize::MAX`: none): one cell, so that an allocation reads one thread-local. (A
    /// `const` cell without a destructor: reading it never allocates, as an allocator
    /// requires.)
    static HELD: Cell<(isize, isize, isize)> = const { Cell::new((0, 0, isize::MAX)) };
    /// The token a [`MemoryLimit`] cancels; first read when the limit is set, never first in
    /// the allocator.
    static WATCHED: RefCell<Option<CancellationToken>> = const { RefCell::new(None) };
    /// Whether this thread went over its [`MemoryLimit`].
    static EXCEEDED: Cell<bool> = const { Cell::new(false) };
}

/// An allocator (by default the system's) counting what each thread holds ([`thread_held`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAllocator<A = System>(pub A);

impl CountingAllocator {
    /// The system allocator, counting.
    pub const SYSTEM: CountingAllocator = CountingAllocator(System);
}

// SAFETY: every call is passed on to the wrapped allocator with the same arguments; only a
// thread-local counter is updated besides.
unsafe impl<A: GlobalAlloc> GlobalAlloc for CountingAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are the wrapped allocator's.
        let block = unsafe { self.0.alloc(layout) };
        if !block.is_null() {
            count(layout.size() as isize);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let block = unsafe { self.0.alloc_zeroed(layout) };
        if !block.is_null() {
            count(layout.size() as isize);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` was allocated by the wrapped allocator with `layout`, as the caller
        // guarantees.
        unsafe { self.0.dealloc(block, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is valid as the caller guarantees.
        let moved = unsafe { self.0.realloc(block, layout, new_size) };
        if !moved.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        moved
    }
}

fn count(bytes: isize) {
    // A thread being torn down may have no counter left: its last frees are not counted.
    let _ = HELD.try_with(|cell| {
        let (held, most, limit) = cell.get();
        let now = held.wrapping_add(bytes);
        if now > limit {
            cell.set((now, most.max(now), isize::MAX));
            exceed();
        } else {
            cell.set((now, most.max(now), limit));
        }
    });
}

/// Cancels the token of this thread's [`MemoryLimit`]: a store and an atomic write, nothing
/// that allocates.
#[cold]
fn exceed() {
    let _ = EXCEEDED.try_with(|exceeded| exceeded.set(true));
    let _ = WATCHED.try_with(|watched| {
        if let Ok(Some(token)) = watched.try_borrow().as_deref() {
            token.cancel();
        }
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
/// static ALLOCATOR: CountingAllocator = CountingAllocator::SYSTEM;
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
        let _ = HELD.try_with(|cell| {
            let (_, _, limit) = cell.get();
            cell.set((held, held, limit));
        });
        HighWater { held }
    }

    /// The most bytes this thread held beyond what it held at [`HighWater::start`], so far (0
    /// when the global allocator does not count).
    pub fn most(&self) -> u64 {
        let most = HELD.try_with(|cell| cell.get().1).unwrap_or(self.held);
        u64::try_from(most.saturating_sub(self.held)).unwrap_or(0)
    }
}

/// A query's memory limit: while it lives, the allocation that takes this thread more than
/// `max` bytes beyond what it held when the limit was set cancels the query's token, and
/// [`MemoryLimit::exceeded`] says so. The query then stops where it next checks its token:
/// every read of the store, and every `ALIVE` ([`crate::graph::store`]). Only in a program whose
/// global allocator is [`CountingAllocator`]; one limit a thread at a time.
///
/// ```
/// use oxigraph::sparql::CancellationToken;
/// use resgraph::graph::memory::{CountingAllocator, MemoryLimit};
///
/// #[global_allocator]
/// static ALLOCATOR: CountingAllocator = CountingAllocator::SYSTEM;
///
/// fn main() {
///     let token = CancellationToken::new();
///     let limit = MemoryLimit::set(1 << 20, &token);
///     let small = vec![1u8; 1 << 10];
///     assert!(!token.is_cancelled());
///     let large = vec![1u8; 2 << 20];
///     assert!(token.is_cancelled() && limit.exceeded());
///     drop((small, large, limit));
/// }
/// ```
#[derive(Debug)]
pub struct MemoryLimit {
    /// Bound to its thread.
    _thread: PhantomData<*const ()>,
}

impl MemoryLimit {
    /// Sets this thread's limit: `max` bytes beyond what it holds now, then `token` is cancelled.
    pub fn set(max: usize, token: &CancellationToken) -> MemoryLimit {
        WATCHED.with(|watched| *watched.borrow_mut() = Some(token.clone()));
        EXCEEDED.with(|exceeded| exceeded.set(false));
        let max = isize::try_from(max).unwrap_or(isize::MAX);
        HELD.with(|cell| {
            let (held, most, _) = cell.get();
            cell.set((held, most, held.saturating_add(max)));
        });
        MemoryLimit {
            _thread: PhantomData,
        }
    }

    /// Whether this thread went over the limit (and cancelled the token).
    pub fn exceeded(&self) -> bool {
        EXCEEDED.with(Cell::get)
    }
}

impl Drop for MemoryLimit {
    fn drop(&mut self) {
        let _ = HELD.try_with(|cell| {
            let (held, most, _) = cell.get();
            cell.set((held, most, isize::MAX));
        });
        let _ = WATCHED.try_with(|watched| watched.borrow_mut().take());
    }
}
