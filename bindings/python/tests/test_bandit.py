"""Thompson-sampling bandits through Python: the report against the exact
comparisons (as tests/bandit.rs), updates that commute and fail whole, the seeded
simulation, threads sharing one bandit, and bad input."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import bayeskit as bk


def test_report_agrees_with_the_exact_comparisons():
    arms = [bk.Beta(21, 981), bk.Beta(31, 971), bk.Beta(26, 976)]
    b = bk.Bandit(arms)
    r = b.report(rng=11, draws=200_000)
    assert r.prob_best.tolist() == bk.prob_best(arms).probabilities.tolist()
    assert r.method.name == "quadrature" and r.best == 1 and r.draws == 200_000
    # Thompson choices are draws of P(best): 5 standard errors of 200,000 draws.
    rng = bk.Rng(3)
    picks = np.bincount([b.choose(rng) for _ in range(200_000)], minlength=3) / 200_000
    assert np.all(np.abs(picks - r.prob_best) < 0.006), picks
    two = bk.Bandit(arms[:2]).report(rng=5, draws=200_000)
    c = arms[0].compare(arms[1])
    assert abs(two.prob_best[1] - c.prob_b_greater) < 1e-10
    assert abs(two.expected_loss[0] - c.expected_loss_a) < 1e-4
    assert abs(two.expected_loss[1] - c.expected_loss_b) < 1e-4
    settled = bk.Bandit([bk.Beta(100, 9900), bk.Beta(1000, 9000)]).report()
    assert (settled.best, settled.value_remaining) == (1, 0.0)


def test_gamma_and_normal_gamma_arms():
    g = bk.Bandit(bk.Gamma(1, 1), arms=3)
    g.update(0, 30, 10).update(1, 45, 10).update(2, 5, 2)
    r = g.report(rng=1)
    assert r.best == 1 and r.prob_best[1] > 0.9 and r.expected_loss[1] < r.expected_loss[0]
    assert g.posterior(1) == bk.Gamma(46, 11) and g.stats(1) == (45.0, 10.0) and g.prior(1) == bk.Gamma(1, 1)
    n = bk.Bandit(bk.NormalGamma(0, 1, 1, 1), arms=2)
    n.update_batch([0, 0, 1, 1], [1.0, 2.0, 5.0, 6.0])
    rn = n.report(rng=2, draws=20_000)
    assert rn.method.name == "monte carlo" and rn.best == 1 and np.isnan(rn.value_remaining_relative)
    assert n.stats(0) == (2.0, 1.5, 0.5)


def test_options_left_out_are_the_core_defaults():
    d = bk.defaults()
    b = bk.Bandit(bk.Beta(1, 1), arms=2)
    assert b.top_two_beta == d["top_two_beta"]
    b.update(1, 3, 10)
    x, y = b.report(rng=4), b.report(rng=4, draws=d["bandit_report_draws"], level=d["bandit_report_level"])
    assert x.prob_best.tolist() == y.prob_best.tolist() and x.expected_loss.tolist() == y.expected_loss.tolist()
    assert x.value_remaining == y.value_remaining


def test_late_updates_commute_and_a_bad_batch_changes_nothing():
    a, b = bk.Bandit(bk.Beta(1, 1), arms=3), bk.Bandit(bk.Beta(1, 1), arms=3)
    ups = [(0, 1, 4), (2, 3, 3), (1, 0, 5), (0, 2, 2)]
    for arm, s, n in ups:
        a.update(arm, s, n)
    b.update_batch(*map(list, zip(*reversed(ups))))
    assert [a.posterior(i) for i in range(3)] == [b.posterior(i) for i in range(3)]
    before = [b.stats(i) for i in range(3)]
    with pytest.raises(bk.InvalidArgumentError, match="update 1"):
        b.update_batch([0, 1], [1, 5], [2, 4])  # 5 successes of 4 trials
    assert [b.stats(i) for i in range(3)] == before
    # Seeded choices: one seed, one sequence.
    assert [a.choose(bk.Rng(9)) for _ in range(5)] == [a.choose(9) for _ in range(5)]
    b.discount(0.5)
    assert b.stats(0) == (1.5, 1.5)


def test_threads_share_one_bandit_and_lose_no_update():
    b = bk.Bandit(bk.Beta(1, 1), arms=4)

    def work(t):
        rng = bk.Rng(t)
        for _ in range(500):
            arm = b.choose_top_two(rng)
            b.update(arm, 1, 2)

    ts = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert sum(b.stats(i)[0] for i in range(4)) == 2000
    assert sum(b.stats(i)[1] for i in range(4)) == 2000


def test_the_simulation_is_seeded_and_finds_the_best_arm():
    s = bk.simulate_bandit([0.1, 0.3], rounds=500, runs=20, seed=1)
    assert s.picks[1] > 0.8 and s.found_best == 1.0
    u = bk.simulate_bandit([0.1, 0.3], rounds=500, runs=20, seed=1, prior=bk.Beta(1, 1))
    assert (u.mean_regret, u.picks.tolist(), u.found_best) == (s.mean_regret, s.picks.tolist(), s.found_best)
    t = bk.simulate_bandit([0.1, 0.3, 0.32], rounds=300, runs=10, seed=2, top_two=True)
    assert abs(t.picks.sum() - 1.0) < 1e-12 and t.mean_regret > 0


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: bk.Bandit(bk.Beta(1, 1)), "give arms=K"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=0), "arms must be >= 1"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=10**6), "a bandit has 1 to"),
        (lambda: bk.Bandit([bk.Beta(1, 1), bk.Gamma(1, 1)]), "all bayeskit.Beta"),
        (lambda: bk.Bandit([bk.Beta(1, 1)] * 2, arms=3), "give 1 prior"),
        (lambda: bk.Bandit(bk.Normal(0, 1), arms=2), "priors must be"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2, top_two_beta=1.0), "top_two_beta must be in"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).update(2, 1, 1), "arm 2 is out of range"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).update(-1, 1, 1), "arm must be >= 0"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).update(0, 1, 1, weight=-1), "weight"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).update_batch([0.5], [1]), "arm indices"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).update_batch([0, 1], [1]), "have 2, 1, 1, 1 values"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).discount(0), "gamma must be in"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).report(draws=1), "draws"),
        (lambda: bk.Bandit(bk.Beta(1, 1), arms=2).posterior(5), "out of range"),
        (lambda: bk.simulate_bandit([0.1, 1.5], rounds=10, runs=1), "rate"),
        (lambda: bk.simulate_bandit([], rounds=10, runs=1), "1 to"),
        (lambda: bk.simulate_bandit([0.1, 0.2], rounds=0, runs=1), "rounds and runs must be >= 1"),
    ],
)
def test_bad_input_raises_invalid_argument(call, match):
    with pytest.raises(bk.InvalidArgumentError, match=match):
        call()


def test_reproduces_the_committed_trace(root):
    """The choices of tests/data/bandit_trace.txt (written by tests/bandit.rs and
    checked on every platform by tests/c/test_bandit.c): each line from its own
    stream of seed 2026, as in C and Java."""
    text = (root / "tests" / "data" / "bandit_trace.txt").read_text().splitlines()
    want = [line for line in text if not line.startswith(("#", "draws"))]
    beta = bk.Bandit([bk.Beta(1, 1)] * 3 + [bk.Beta(0.5, 0.5)])
    gamma = bk.Bandit([bk.Gamma(1, 1)] * 3 + [bk.Gamma(0.5, 1)])
    normal = bk.Bandit(bk.NormalGamma(0, 1, 2, 2), arms=4)
    for arm, (s, n, c, e) in enumerate([(20, 1000, 30, 10), (22, 1000, 35, 10), (25, 1000, 33, 10)]):
        beta.update(arm, s, n)
        gamma.update(arm, c, e)
        for j in range(5):
            normal.update(arm, 0.1 * arm + 0.05 * j)
    got, stream = [], 0
    for name, b in [("beta", beta), ("gamma", gamma), ("normal_gamma", normal)]:
        for label, choose in [("choose", b.choose), ("top_two", b.choose_top_two)]:
            rng = bk.Rng(2026, stream=stream)
            stream += 1
            got.append(f"{name} {label}: " + " ".join(str(choose(rng)) for _ in range(48)))
    assert got == want
