//! `resgraph`, the command line over the resgraph library: the commands are in `src/cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
