//! `resgraph`, the command line over the resgraph library: the commands are in `src/cli/`.

mod cli;

use resgraph::graph::memory::CountingAllocator;

/// jemalloc, counting the memory each thread holds, so that a query over its memory limit is
/// stopped.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: CountingAllocator<tikv_jemallocator::Jemalloc> =
    CountingAllocator(tikv_jemallocator::Jemalloc);

/// The system allocator (jemalloc does not build with MSVC), counting.
#[cfg(target_env = "msvc")]
#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator::SYSTEM;

fn main() -> std::process::ExitCode {
    cli::main()
}
