//! The `bayeskit` command-line tool: argument parsing and printing only; all
//! logic lives in the library.

use clap::{Parser, Subcommand};

mod ab;
mod args;
mod bandit;
mod demo;
mod dirichlet;
mod files;
mod logistic;
mod output;
mod posterior;
mod prior;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "bayeskit",
    version,
    about = "Bayesian inference: posteriors, priors, sparse logistic regression"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Conjugate posterior updates and A/B comparisons.
    #[command(subcommand)]
    Posterior(posterior::PosteriorCmd),
    /// Fit a Dirichlet prior to many rows of category counts, and apply it.
    #[command(subcommand)]
    Dirichlet(dirichlet::DirichletCmd),
    /// Peek-safe A/B decisions: sequential looks and their error rates.
    #[command(subcommand)]
    Ab(ab::AbCmd),
    /// Priors fitted from past experiments (Beta from successes/trials, Gamma from count/exposure).
    #[command(subcommand)]
    Prior(prior::PriorCmd),
    /// Sparse multinomial logistic regression: train, predict, evaluate, inspect.
    #[command(subcommand)]
    Logistic(logistic::LogisticCmd),
    /// Thompson-sampling bandits: report where arms stand, simulate policies.
    #[command(subcommand)]
    Bandit(bandit::BanditCmd),
    /// Walk through the questions bayeskit answers, on bundled data.
    Demo,
}

type CliResult<T> = Result<T, String>;

fn main() -> ExitCode {
    // A closed pipe (`bayeskit ... | head`) ends the process quietly, as it does
    // any Unix tool, instead of an error about writing to it.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Posterior(cmd) => posterior::run(cmd),
        Command::Dirichlet(cmd) => dirichlet::run(cmd),
        Command::Ab(cmd) => ab::run(cmd),
        Command::Prior(cmd) => prior::run(cmd),
        Command::Logistic(cmd) => logistic::run(cmd),
        Command::Bandit(cmd) => bandit::run(cmd),
        Command::Demo => demo::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("bayeskit: error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn err(e: bayeskit::Error) -> String {
    e.to_string()
}
