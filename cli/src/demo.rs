//! `bayeskit demo`: a walk through the questions bayeskit answers, on the data
//! bundled in data/demo; printing only, as every subcommand.

use crate::posterior::{print_comparison, Output};
use crate::{err, logistic, CliResult};
use bayeskit::bandit::{Bandit, BanditOptions, ReportOptions};
use bayeskit::dirichlet_fit::{fit, CountRows, DmStats, FitOptions, Layout, Outcome, Prior, RankBy};
use bayeskit::sequential::{simulate, AlwaysValid, Simulation, DEFAULT_ALPHA, DEFAULT_PROPORTION_MIXING_SD};
use bayeskit::{compare, Beta, Hypotheses, Rng};

const VENUES: &str = include_str!("../../data/demo/venues.tsv");
const VENUE_RATINGS: &str = include_str!("../../data/demo/venue_ratings.tsv");
const TIPS: &str = include_str!("../../data/demo/tips.tsv");
const AB_TEST: &str = include_str!("../../data/demo/ab_test.tsv");

/// Rows of (name, a, b) from a bundled TSV; `#` lines are comments.
fn rows(text: &str) -> CliResult<Vec<(&str, f64, f64)>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |i: usize| {
                f.get(i)
                    .and_then(|t| t.trim().parse::<f64>().ok())
                    .ok_or_else(|| format!("bad demo row: {l}"))
            };
            Ok((f[0], num(1)?, num(2)?))
        })
        .collect()
}

/// `bayeskit demo`: the steps in order.
pub fn run() -> CliResult<()> {
    fire_alarm()?;
    venue_like_rates()?;
    star_ratings()?;
    tips()?;
    ab_test()?;
    decisions()
}

/// Demo step 1: Bayes' rule over two hypotheses.
fn fire_alarm() -> CliResult<()> {
    println!("== 1. The fire alarm: Bayes' rule over two hypotheses ==");
    println!("P(fire) = 1%, P(alarm | fire) = 90%, P(alarm | no fire) = 5%. The alarm rings.");
    let mut h = Hypotheses::from_probabilities(&[0.01, 0.99]).map_err(err)?;
    h.update_likelihood(&[0.9, 0.05]).map_err(err)?;
    let mut post = [0.0; 2];
    h.posterior(&mut post).map_err(err)?;
    println!(
        "P(fire | alarm) = {:.4}   (evidence P(alarm) = {:.4})\n",
        post[0],
        h.ln_evidence().exp()
    );
    Ok(())
}

/// Demo step 2: a population prior shrinks each venue's like-rate by how little
/// evidence it has.
fn venue_like_rates() -> CliResult<()> {
    println!("== 2. Shrinking a venue's like-rate: 3 ratings versus 3,000 ==");
    let venues = rows(VENUES)?;
    // The population prior: a Dirichlet-multinomial (here Beta-binomial) fit to every venue's counts.
    let mut stats = DmStats::new(2).map_err(err)?;
    for (_, likes, dislikes) in &venues {
        stats.add(&[*likes as u64, *dislikes as u64]).map_err(err)?;
    }
    let f = fit(&stats, &FitOptions::default()).map_err(err)?;
    if f.outcome != Outcome::Converged {
        return Err(format!("demo prior fit: {}", f.outcome.name()));
    }
    let prior = Beta::new(f.alpha[0], f.alpha[1]).map_err(err)?;
    println!(
        "population prior Beta({:.2}, {:.2}), mean {:.3}",
        prior.alpha(),
        prior.beta(),
        prior.mean()
    );
    println!(
        "{:<18} {:>7} {:>8} {:>9} {:>19}",
        "venue", "ratings", "raw", "shrunk", "95% interval"
    );
    for (name, likes, dislikes) in &venues {
        let mut p = prior;
        p.update(*likes, *dislikes).map_err(err)?;
        let (lo, hi) = p.interval(0.95).map_err(err)?;
        println!(
            "{name:<18} {:>7} {:>8.3} {:>9.3}    [{lo:.3}, {hi:.3}]",
            likes + dislikes,
            likes / (likes + dislikes),
            p.mean()
        );
    }
    println!("corner_cafe's 2 of 3 likes is shrunk towards the population; harbour_grill's 3,000 ratings barely move.\n");
    Ok(())
}

/// Demo step 3: a Dirichlet prior over 1–5 star ratings, fitted on 4,000 venues,
/// ranks a venue with 3 ratings against one with 3,000.
fn star_ratings() -> CliResult<()> {
    println!("== 3. A prior from 4,000 venues' star ratings: who ranks first on five-star share? ==");
    let layout = Layout {
        header: true,
        id_column: true,
        ..Layout::default()
    };
    let mut rows =
        CountRows::new(VENUE_RATINGS.as_bytes(), "venue_ratings.tsv", layout, false).map_err(err)?;
    let mut stats = DmStats::new(5).map_err(err)?;
    let mut venues: Vec<(String, [u64; 5])> = Vec::new();
    while let Some(r) = rows.next_row().map_err(err)? {
        stats.add(r.counts).map_err(err)?;
        let counts: [u64; 5] = r.counts.try_into().map_err(|_| "demo ratings need 5 columns")?;
        venues.push((r.id.to_string(), counts));
    }
    let f = fit(&stats, &FitOptions::default()).map_err(err)?;
    if f.outcome != Outcome::Converged {
        return Err(format!("demo star-rating fit: {}", f.outcome.name()));
    }
    let a: Vec<String> = f.alpha.iter().map(|x| format!("{x:.2}")).collect();
    println!(
        "fitted α = ({}) in {} Newton steps, A = {:.2}: a venue's mix is worth about {:.0} ratings of evidence",
        a.join(", "),
        f.iterations,
        f.alpha_sum,
        f.alpha_sum
    );
    let prior = Prior::new(&f.alpha).map_err(err)?;
    let by = RankBy::Lower { k: 4, level: 0.9 };
    let share = |c: &[u64; 5]| c[4] as f64 / c.iter().sum::<u64>().max(1) as f64;
    let raw: Vec<f64> = venues.iter().map(|(_, c)| share(c)).collect();
    let scored: Vec<f64> = venues
        .iter()
        .map(|(_, c)| prior.score(c, by))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let rank = |xs: &[f64], x: f64| 1 + xs.iter().filter(|&&y| y > x).count();
    println!(
        "{:<14} {:>7} {:>7} {:>9}   {:<22} rank by lower bound",
        "venue", "ratings", "raw 5★", "raw rank", "posterior 5★ (90%)"
    );
    for name in ["corner_cafe", "harbour_grill"] {
        let (_, c) = venues
            .iter()
            .find(|(n, _)| n == name)
            .ok_or("demo venue missing")?;
        let post = prior.marginal(c, 4).map_err(err)?;
        let (lo, hi) = post.interval(0.9).map_err(err)?;
        println!(
            "{name:<14} {:>7} {:>7.3} {:>9}   {:.3} [{lo:.2}, {hi:.2}]   {:>6}",
            c.iter().sum::<u64>(),
            share(c),
            rank(&raw, share(c)),
            post.mean(),
            rank(&scored, prior.score(c, by).map_err(err)?)
        );
    }
    println!(
        "By raw share, 3 five-star ratings tie for first; the posterior's lower bound ranks the venue\n\
         with 3,000 ratings far above it. Same on the command line:\n  \
         bayeskit dirichlet fit data/demo/venue_ratings.tsv --header --id\n  \
         bayeskit dirichlet apply data/demo/venue_ratings.tsv --header --id --alpha <α> --rank-by lower:5 --level 0.9\n"
    );
    Ok(())
}

/// Demo step: a sparse logistic model of tips' sentiment from phrase counts.
fn tips() -> CliResult<()> {
    use bayeskit::logistic::{
        read_phrases_from, train, PhraseFeatures, PhraseIndex, PhraseOptions, SparseRow, TrainOptions,
    };
    println!("== 4. Classifying tips: sparse multinomial logistic regression on 3,000 labelled tips ==");
    let opts = PhraseOptions {
        features: PhraseFeatures::Dictionary {
            max_features: None,
            min_count: 1,
        },
        skip_bad: false,
    };
    let (data, _) = read_phrases_from(TIPS.as_bytes(), "tips.tsv", &opts).map_err(err)?;
    let t = std::time::Instant::now();
    let m = train(
        &data,
        &TrainOptions {
            lambda: 2e-3,
            l1_ratio: 0.9,
            tol: 1e-8,
            ..TrainOptions::default()
        },
    )
    .map_err(err)?;
    println!(
        "elastic net (λ = 0.002, ρ = 0.9): {} of {} weights non-zero, objective {:.5}, converged in {} passes ({:.0} ms)",
        m.nnz(),
        m.features().len() * m.classes(),
        m.info().objective,
        m.info().iterations,
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("strongest phrases per class:");
    logistic::report::inspect(&m, 5);
    similar_weights_different_certainty(&m, &data.x)?;
    let index = PhraseIndex::new(m.features()).map_err(err)?;
    let mut row = SparseRow::new();
    let mut p = vec![0.0; m.classes()];
    for tip in [
        &["great", "coffee", "friendly staff"][..],
        &["slow service", "cold food"],
        &["decent", "but", "a bit pricey"],
    ] {
        index.featurize(tip.iter().map(|s| (*s, 1.0)), &mut row);
        m.predict_proba(row.ids(), row.values(), &mut p).map_err(err)?;
        let shown: Vec<String> = m
            .labels()
            .iter()
            .zip(&p)
            .map(|(l, v)| format!("{l} {v:.2}"))
            .collect();
        println!(
            "  {:<38} → {}",
            format!("\"{}\"", tip.join(", ")),
            shown.join("  ")
        );
    }
    println!("Same on the command line: bayeskit logistic train data/demo/tips.tsv --cv 5 -o tips.model;");
    println!("  bayeskit logistic inspect tips.model; bayeskit logistic predict tips.model data/demo/tips.tsv --uncertainty mc\n");
    Ok(())
}

/// Two phrases pointing to the same class about equally strongly, one seen far
/// more often than the other: the Laplace intervals tell them apart.
fn similar_weights_different_certainty(
    m: &bayeskit::logistic::Model,
    x: &bayeskit::logistic::Csr,
) -> CliResult<()> {
    let mut seen = vec![0u32; m.features().len()];
    for i in 0..x.rows() {
        for &j in x.row(i).0 {
            seen[j as usize] += 1;
        }
    }
    let k = m.classes();
    let contrast = |j: u32, c: usize| m.contrast(j, c).unwrap_or(0.0);
    let sd = |j: u32, c: usize| m.contrast_variance(j, c).map_or(f64::NAN, f64::sqrt);
    // The pair with the most different intervals among those with weights within 0.1.
    let mut best: Option<(f64, usize, u32, u32)> = None;
    for c in 0..k {
        let strong: Vec<u32> = m
            .stored_features()
            .iter()
            .copied()
            .filter(|&j| contrast(j, c) > 0.3)
            .collect();
        for &a in &strong {
            for &b in &strong {
                let ratio = sd(a, c) / sd(b, c);
                if (contrast(a, c) - contrast(b, c)).abs() < 0.1 && best.is_none_or(|t| ratio > t.0) {
                    best = Some((ratio, c, a, b));
                }
            }
        }
    }
    let Some((_, c, rare, common)) = best else {
        return Err("demo: no pair of phrases with similar weights".into());
    };
    println!(
        "similar weights, different certainty (class {}, weight relative to the classes' mean, 95 % Laplace interval):",
        m.labels()[c]
    );
    for j in [common, rare] {
        let (lo, hi) = logistic::report::interval95(m, j, c).ok_or("demo: the model has no covariances")?;
        println!(
            "  {:<18} {:+.2}  [{lo:+.2}, {hi:+.2}]   in {} tips",
            format!("\"{}\"", logistic::report::feature_name(m, j)),
            contrast(j, c),
            seen[j as usize]
        );
    }
    Ok(())
}

/// Demo step 5: an A/B test of two conversion rates.
fn ab_test() -> CliResult<()> {
    println!("== 5. An A/B test: is B's checkout button better? ==");
    let arms = rows(AB_TEST)?;
    let arm = |i: usize| -> CliResult<Beta> {
        let (_, k, n) = arms.get(i).ok_or("demo A/B data needs two arms")?;
        let mut p = Beta::new(1.0, 1.0).map_err(err)?;
        p.update(*k, n - k).map_err(err)?;
        Ok(p)
    };
    let (a, b) = (arm(0)?, arm(1)?);
    let c = compare(&a, &b).map_err(err)?;
    print_comparison(
        &a,
        &b,
        &c,
        &Output {
            level: bayeskit::DEFAULT_LEVEL,
            json: false,
        },
    )
}

/// Demo step 6: a bandit choosing between three checkout buttons with delayed
/// rewards, then one A/B test judged look by look by the naive rule and the
/// always-valid test, and what peeking costs over many A/A tests. Seeded:
/// the same output on every run and platform.
fn decisions() -> CliResult<()> {
    println!("\n== 6. Decisions: three checkout buttons, a bandit, and when to stop ==");
    let rates = [0.040, 0.046, 0.052];
    let (visitors, delay) = (30_000usize, 2_000usize);
    println!(
        "True conversion rates (unknown to the bandit): {:.1} %, {:.1} %, {:.1} %. {visitors} visitors; \
         each purchase is reported {delay} visitors later.",
        100.0 * rates[0],
        100.0 * rates[1],
        100.0 * rates[2]
    );
    let uniform = Beta::new(1.0, 1.0).map_err(err)?; // a Beta(1, 1) draw is a uniform one
    let bandit = Bandit::new(&[uniform], rates.len(), BanditOptions::default()).map_err(err)?;
    let (mut choices, mut visitors_rng) = (Rng::seed_from_u64_stream(6, 0), Rng::seed_from_u64_stream(6, 1));
    let mut pending = std::collections::VecDeque::new();
    let mut shown = [0u64; 3];
    for t in 0..visitors + delay {
        if t < visitors {
            let arm = bandit.choose(&mut choices);
            shown[arm] += 1;
            pending.push_back((arm, uniform.sample(&mut visitors_rng) < rates[arm]));
        }
        if t >= delay {
            if let Some((arm, bought)) = pending.pop_front() {
                bandit
                    .update(arm, f64::from(u8::from(bought)), 1.0)
                    .map_err(err)?;
            }
        }
    }
    let (mut p_best, mut loss) = ([0.0; 3], [0.0; 3]);
    let report = bandit
        .report(
            &mut Rng::seed_from_u64(6),
            ReportOptions::default(),
            &mut p_best,
            &mut loss,
        )
        .map_err(err)?;
    for (i, ((n, p), l)) in shown.iter().zip(p_best).zip(loss).enumerate() {
        let post = bandit.posterior(i).map_err(err)?;
        println!(
            "  button {}: shown {n:>6} times, posterior mean {:.4}, P(best) {p:.3}, expected loss {l:.5}",
            i + 1,
            post.mean()
        );
    }
    println!(
        "  Thompson sampling sent {:.0} % of visitors to the best button; value remaining (95 %): {:.1} % of \
         its rate (stop when it is small, e.g. below 1 %).",
        100.0 * shown[2] as f64 / visitors as f64,
        100.0 * report.value_remaining_relative
    );

    println!("\nThe same buttons as a fixed A/B test of buttons 1 and 3, looked at daily (1,500 visitors per arm a day):");
    let mut test = AlwaysValid::proportions(DEFAULT_ALPHA, DEFAULT_PROPORTION_MIXING_SD).map_err(err)?;
    let (mut a, mut b) = ((0.0, 0.0), (0.0, 0.0));
    let (mut naive_day, mut valid_day) = (None, None);
    let mut day_rng = Rng::seed_from_u64(60);
    for day in 1..=14 {
        for _ in 0..1500 {
            a.0 += f64::from(u8::from(uniform.sample(&mut day_rng) < rates[0]));
            b.0 += f64::from(u8::from(uniform.sample(&mut day_rng) < rates[2]));
        }
        a.1 += 1500.0;
        b.1 += 1500.0;
        let post = |(k, n): (f64, f64)| Beta::new(1.0 + k, 1.0 + n - k);
        let p = compare(&post(a).map_err(err)?, &post(b).map_err(err)?)
            .map_err(err)?
            .prob_b_greater;
        let look = test.look(a, b).map_err(err)?;
        if p > 0.95 && naive_day.is_none() {
            naive_day = Some(day);
        }
        if look.reject && valid_day.is_none() {
            valid_day = Some(day);
        }
        if day <= 3 || day % 4 == 0 || look.reject && valid_day == Some(day) {
            println!(
                "  day {day:>2}: P(B > A) {p:.3}; always-valid p {:.4}, difference in [{:+.4}, {:+.4}]",
                look.p_value, look.lower, look.upper
            );
        }
    }
    let when = |d: Option<u32>| d.map_or("not within 14 days".to_string(), |d| format!("on day {d}"));
    println!(
        "  The naive rule (P(B > A) > 0.95) would stop {}; the always-valid test {}.",
        when(naive_day),
        when(valid_day)
    );
    let aa = simulate(&Simulation {
        experiments: 2000,
        seed: 6,
        ..Simulation::default()
    })
    .map_err(err)?;
    println!(
        "  Why wait: over 2,000 A/A tests (5 %, 28 daily looks) the naive rule declares a winner in {:.1} % of \
         them, the always-valid test in {:.1} % (bayeskit ab simulate).",
        100.0 * aa.naive.rate,
        100.0 * aa.always_valid.rate
    );
    Ok(())
}
