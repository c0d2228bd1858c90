"""Bayes factors and the mSPRT against the committed scipy references
(tests/reference/sequential.json, written by tests/reference/generate_sequential.py),
the simulation of the stopping rules with fixed seeds, and bad input."""

from __future__ import annotations

import json
import math

import pytest

import bayeskit as bk


@pytest.fixture(scope="module")
def reference(root):
    return json.loads((root / "tests" / "reference" / "sequential.json").read_text())


def close(got, want, rel):
    return abs(got - want) <= rel * max(abs(want), 1e-300)


def test_msprt_looks_match_scipy(reference):
    for case in reference["msprt"]:
        make = bk.AlwaysValid.proportions if case["kind"] == "proportions" else bk.AlwaysValid.rates
        test = make(alpha=case["alpha"], mixing_sd=case["tau"])
        for i, ((a, b), want) in enumerate(zip(case["looks"], case["expected"])):
            got = test.look(tuple(a), tuple(b))
            assert isinstance(got, bk.Look)
            for key, rel in [("estimate", 1e-13), ("std_error", 1e-13), ("likelihood_ratio", 1e-11),
                             ("p_value", 1e-11), ("lower", 1e-11), ("upper", 1e-11)]:
                assert close(getattr(got, key), want[key], rel), (case["kind"], i, key)
            assert got.reject == (got.p_value <= case["alpha"])
        assert test.looks == len(case["looks"])


def test_bayes_factors_match_scipy(reference):
    for c in reference["bayes_factors"]:
        prior = bk.Beta(*c["prior"]) if c["kind"] == "proportions" else bk.Gamma(*c["prior"])
        got = bk.bayes_factor(prior, tuple(c["a"]), tuple(c["b"]))
        want = c["ln_bf"]
        # As the core's test: lgamma sums of size ~1e8 cancel to the result.
        assert abs(got - want) <= 1e-11 * max(abs(want), 1.0) + 2e-6, c


def test_defaults_are_the_cores():
    d = bk.defaults()
    a = bk.AlwaysValid.proportions()
    b = bk.AlwaysValid.proportions(alpha=d["alpha"], mixing_sd=d["proportion_mixing_sd"])
    assert a.look((40, 2000), (62, 2000)) == b.look((40, 2000), (62, 2000))
    r = bk.AlwaysValid.rates()
    s = bk.AlwaysValid.rates(alpha=d["alpha"], mixing_sd=d["rate_mixing_sd"])
    assert r.look((30, 1000.0), (55, 1100.0)) == s.look((30, 1000.0), (55, 1100.0))
    assert r.effect == "log_rate_ratio" and a.effect == "proportion_difference"


def test_a_failed_look_leaves_the_test_unchanged():
    t = bk.AlwaysValid.proportions()
    first = t.look((40, 2000), (62, 2000))
    twin = t.copy()
    for a, b, match in [
        ((5, 4), (1, 2), "arm A: 5 successes is more than its 4 trials"),
        ((1, 0), (1, 2), "arm A: counts must be finite"),
        ((1, 2), (math.nan, 2), "arm B: counts must be finite"),
        ((-1, 2), (1, 2), "arm A: counts must be finite, >= 0"),
        ((1, 2, 3), (1, 2), "arm A must be a pair"),
        ((1, "x"), (1, 2), "trials of A must be a number"),
    ]:
        with pytest.raises(bk.InvalidArgumentError, match=match):
            t.look(a, b)
        assert t.looks == 1
    # The next look equals the one of a copy that never saw the failures.
    assert t.look((85, 4000), (131, 4000)) == twin.look((85, 4000), (131, 4000))
    assert first.p_value >= t.look((120, 6000), (199, 6000)).p_value


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: bk.AlwaysValid.proportions(alpha=0.0), "alpha must be in"),
        (lambda: bk.AlwaysValid.proportions(alpha=1.0), "alpha must be in"),
        (lambda: bk.AlwaysValid.rates(alpha=1.5), "alpha"),
        (lambda: bk.AlwaysValid.proportions(mixing_sd=0.0), "mixing_sd"),
        (lambda: bk.AlwaysValid.rates(mixing_sd=math.inf), "mixing_sd"),
        (lambda: bk.bayes_factor(bk.Beta(1, 1), (5, 4), (1, 2)), "arm A: 5 successes is more than its 4 trials"),
        (lambda: bk.bayes_factor(bk.Beta(1, 1), (-1, 4), (1, 2)), "successes of A must be >= 0"),
        (lambda: bk.bayes_factor(bk.Beta(1, 1), (1.5, 4), (1, 2)), "successes of A must be an int"),
        (lambda: bk.bayes_factor(bk.Gamma(1, 1), (5, 0.0), (1, 2.0)), "exposure of A"),
        (lambda: bk.bayes_factor(bk.Gamma(1, 1), (5, 1.0), (1, math.nan)), "exposure of B"),
        (lambda: bk.bayes_factor(bk.Normal(0, 1), (5, 1), (1, 2)), "prior must be a bayeskit.Beta or bayeskit.Gamma"),
        (lambda: bk.bayes_factor(bk.Beta(1, 1), 5, (1, 2)), "arm A must be a pair"),
        (lambda: bk.simulate_ab(rate_a=1.5), "rate_a"),
        (lambda: bk.simulate_ab(looks=0), "per_look, looks and experiments must be > 0"),
        (lambda: bk.simulate_ab(experiments=-1), "experiments must be >= 0"),
        (lambda: bk.simulate_ab(experiments=2**32), "experiments must be at most"),
        (lambda: bk.simulate_ab(alpha=0.0), "alpha"),
        (lambda: bk.simulate_ab(prior=bk.Gamma(1, 1)), "prior must be a bayeskit.Beta"),
        (lambda: bk.simulate_ab(seed=1.5), "seed must be an int"),
    ],
)
def test_bad_input_raises_invalid_argument(call, match):
    with pytest.raises(bk.InvalidArgumentError, match=match):
        call()


def test_with_28_looks_at_an_a_a_test_only_the_naive_rule_inflates_false_positives():
    # The core's test (tests/sequential.rs), same seed and settings, through Python.
    r = bk.simulate_ab(seed=1)
    assert isinstance(r, bk.SimulationReport)
    av, bf = r.always_valid, r.bayes_factor
    assert av.rate <= 0.05 + 2 * av.std_error, av
    assert bf.rate <= 0.05 + 2 * bf.std_error, bf
    assert r.naive.rate > 0.15, r.naive
    d = bk.defaults()
    assert av.stopped == round(av.rate * d["sim_experiments"])
    # One seed, one report; the defaults spelled out give the same report.
    assert r == bk.simulate_ab(
        rate_a=d["sim_rate_a"], rate_b=d["sim_rate_b"], per_look=d["sim_per_look"], looks=d["sim_looks"],
        experiments=d["sim_experiments"], alpha=d["sim_alpha"], mixing_sd=d["sim_mixing_sd"],
        naive_threshold=d["sim_naive_threshold"], prior=bk.Beta(*d["sim_prior"]), seed=1,
    )


def test_under_a_lift_the_always_valid_test_has_power():
    r = bk.simulate_ab(rate_b=0.06, experiments=1000, seed=2)
    assert r.always_valid.rate > 0.9, r.always_valid
    assert r.always_valid.median_stop < 28


def test_a_rule_that_never_stops_has_no_median():
    r = bk.simulate_ab(experiments=3, looks=1, per_look=10, seed=0, naive_threshold=1.0)
    assert r.naive.stopped == 0 and math.isnan(r.naive.median_stop)

