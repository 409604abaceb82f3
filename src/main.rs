//! `resgraph`, the command line over the resgraph library: the commands are in `src/cli/`.

mod cli;

/// Counts the memory each thread holds, so that a query over its memory limit is stopped.
#[global_allocator]
static ALLOCATOR: resgraph::graph::memory::CountingAllocator =
    resgraph::graph::memory::CountingAllocator;

fn main() -> std::process::ExitCode {
    cli::main()
}
