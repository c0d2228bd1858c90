#!/usr/bin/env python3
"""Expected cumulative regret of three bandit policies, by an independent simulation.

Issue 19's instance: 10 Bernoulli arms, arm 7 at 0.05 and the others at 0.04, 10^4 rounds.
Thompson sampling (uniform Beta(1, 1) priors, numpy's Beta sampler), UCB1 (Auer et al. 2002:
each arm once, then the largest mean + sqrt(2 ln t / n), t counted from 1) and epsilon-greedy
(epsilon = 0.1: each arm once, then a random arm with probability epsilon, else the largest
empirical mean), every policy on the same reward draws in a run; ties go to the lowest index, as
in tests/bandit.rs. Regret is the pseudo-regret sum_t (mu* - mu_{a_t}).

RUNS runs (numpy's PCG64 from SEED, all runs vectorised) give each policy's mean regret and its
standard error, and the paired difference of Thompson sampling and epsilon-greedy, which
tests/bandit.rs compares with its own 200 runs through the library. Nothing here shares code or
random numbers with bayeskit.

usage: python3 tests/reference/generate_bandit_regret.py   (writes bandit_regret.json; ~40 s)
       python3 tests/reference/generate_bandit_regret.py [--thompson-prior A B] [--rounds N] [--runs R]
           (prints each policy's regret, with Thompson sampling's priors Beta(A, B), over N rounds
           and R runs; writes nothing)
"""
import argparse
import json
import pathlib

import numpy as np

RATES = np.array([0.04] * 10)
RATES[7] = 0.05
ROUNDS, RUNS, SEED, EPSILON = 10_000, 4000, 19, 0.1


def simulate(prior=(1.0, 1.0), rounds=ROUNDS, runs=RUNS):
    rng = np.random.default_rng(SEED)
    k, rows = len(RATES), np.arange(runs)
    best = RATES.max()
    # successes and plays per policy: Thompson, UCB1, epsilon-greedy
    s = np.zeros((3, runs, k))
    n = np.zeros((3, runs, k))
    regret = np.zeros((3, runs))
    for t in range(rounds):
        reward = rng.random((runs, k)) < RATES
        theta = rng.beta(prior[0] + s[0], prior[1] + n[0] - s[0])
        explore = rng.random(runs) < EPSILON
        random_arm = rng.integers(0, k, runs)
        if t < k:
            ucb = greedy = np.full(runs, t)
        else:
            ucb = (s[1] / n[1] + np.sqrt(2 * np.log(t + 1) / n[1])).argmax(1)
            greedy = np.where(explore, random_arm, (s[2] / n[2]).argmax(1))
        for p, arm in enumerate((theta.argmax(1), ucb, greedy)):
            regret[p] += best - RATES[arm]
            s[p, rows, arm] += reward[rows, arm]
            n[p, rows, arm] += 1
    return regret


def main():
    ap = argparse.ArgumentParser(description="Bandit regret by an independent simulation.")
    ap.add_argument("--thompson-prior", nargs=2, type=float, metavar=("A", "B"))
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--runs", type=int)
    a = ap.parse_args()
    if a.thompson_prior or a.rounds or a.runs:
        regret = simulate(tuple(a.thompson_prior or (1.0, 1.0)), a.rounds or ROUNDS, a.runs or RUNS)
        for name, r in zip(("thompson", "ucb1", "epsilon_greedy"), regret):
            print(f"{name}: {r.mean():.2f} +- {r.std(ddof=1) / np.sqrt(len(r)):.2f}")
        d = regret[0] - regret[2]
        print(f"thompson - epsilon_greedy: {d.mean():.2f} +- {d.std(ddof=1) / np.sqrt(len(d)):.2f}")
        return
    regret = simulate()
    se = lambda x: float(x.std(ddof=1) / np.sqrt(len(x)))
    names = ("thompson", "ucb1", "epsilon_greedy")
    diff = regret[0] - regret[2]
    out = {
        "source": "tests/reference/generate_bandit_regret.py (numpy %s)" % np.__version__,
        "rates": RATES.tolist(),
        "rounds": ROUNDS,
        "runs": RUNS,
        "epsilon": EPSILON,
        "mean_regret": {m: float(r.mean()) for m, r in zip(names, regret)},
        "se": {m: se(r) for m, r in zip(names, regret)},
        "sd": {m: float(r.std(ddof=1)) for m, r in zip(names, regret)},
        "thompson_minus_epsilon_greedy": {"mean": float(diff.mean()), "se": se(diff)},
    }
    path = pathlib.Path(__file__).with_name("bandit_regret.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
