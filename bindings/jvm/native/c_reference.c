/*
 * Computes a fixed set of results through the C API and prints them, one per
 * line, as `name hex...` with each double's IEEE-754 bit pattern in hex. The
 * Java tests (CApiEquivalenceTest) compute the same through the binding and
 * compare bit for bit; keep the two in step.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bayeskit.h"

static void must(bk_status s, const char *what) {
  if (s != BK_OK) {
    char msg[512];
    bk_last_error_message(msg, sizeof msg);
    fprintf(stderr, "c_reference: %s failed (%d): %s\n", what, (int)s, msg);
    exit(1);
  }
}

static void put(const char *name, const double *v, size_t n) {
  printf("%s", name);
  for (size_t i = 0; i < n; i++) {
    uint64_t bits;
    memcpy(&bits, &v[i], sizeof bits);
    printf(" %016" PRIx64, bits);
  }
  printf("\n");
}

static void put1(const char *name, double v) { put(name, &v, 1); }

/* A comparison, then its method report as (code, work, error estimate). */
#define REPORT(m) (double)(m).method, (double)(m).work, (m).error_estimate
static void put_comparison(const char *name, const bk_comparison *c) {
  put(name, (double[]){c->prob_b_greater, c->expected_loss_a, c->expected_loss_b, REPORT(c->method)}, 6);
}
static void put_summary(const char *name, const bk_compare_summary *s) {
  put(name, (double[]){s->prob_b_greater, s->expected_loss_a, s->expected_loss_b, s->lift_median, s->lift_lo,
                       s->lift_hi, REPORT(s->method)}, 9);
}
/* P(best) of k arms, then the report. */
static void put_prob_best(const char *name, const double *p, size_t k, const bk_method_report *m) {
  double v[16];
  memcpy(v, p, k * sizeof *p);
  v[k] = (double)m->method;
  v[k + 1] = (double)m->work;
  v[k + 2] = m->error_estimate;
  put(name, v, k + 3);
}

/* Every field of every options struct as bk_*_options_default fills it (integers and flags as doubles), so
 * the Java records' defaults() are checked against the C API itself. */
static void put_defaults(void) {
  bk_compare_options co;
  must(bk_compare_options_default(&co), "compare_options_default");
  put1("defaults.compare", co.level);
  bk_dm_read_options dr;
  must(bk_dm_read_options_default(&dr), "dm_read_options_default");
  put("defaults.dmRead", (double[]){dr.delimiter, dr.header, dr.id_column, (double)dr.weight_column, dr.skip_bad,
                                    dr.threads, dr.sample_rate, (double)dr.max_total, (double)dr.seed}, 9);
  bk_dm_fit_options df;
  must(bk_dm_fit_options_default(&df), "dm_fit_options_default");
  put("defaults.dmFit", (double[]){df.max_iter, df.tol, df.hyperprior, df.drop_empty}, 4);
  bk_logistic_read_options lr;
  must(bk_logistic_read_options_default(&lr), "logistic_read_options_default");
  put("defaults.read", (double[]){lr.id_base, (double)lr.n_features, (double)lr.max_features, (double)lr.min_count,
                                  lr.hash_bits, lr.hash_seed, lr.skip_bad}, 7);
  bk_logistic_train_options lt;
  must(bk_logistic_train_options_default(&lt), "logistic_train_options_default");
  put("defaults.train", (double[]){lt.max_iter, lt.lambda, lt.l1_ratio, lt.tol, lt.threads, lt.laplace}, 6);
  bk_logistic_mc_options lm;
  must(bk_logistic_mc_options_default(&lm), "logistic_mc_options_default");
  put("defaults.mc", (double[]){(double)lm.draws, lm.level}, 2);
  bk_logistic_path_options lp;
  must(bk_logistic_path_options_default(&lp), "logistic_path_options_default");
  /* explicit λ values: their count (0, none, by default) */
  put("defaults.path", (double[]){lp.n_lambdas, lp.min_ratio, lp.lambdas ? (double)lp.n_values : 0, (double)lp.seed,
                                  lp.folds, lp.choice, lp.early_stop}, 7);
}

int main(void) {
  double x, lo, hi, v[64];

  put_defaults();

  /* Beta(1, 1) updated with 20 successes, 980 failures */
  bk_beta b;
  must(bk_beta_init(1, 1, &b), "beta_init");
  must(bk_beta_update(&b, 20, 980), "beta_update");
  must(bk_beta_mean(&b, &x), "beta_mean"); put1("beta.mean", x);
  must(bk_beta_variance(&b, &x), "beta_variance"); put1("beta.variance", x);
  must(bk_beta_mode(&b, &x), "beta_mode"); put1("beta.mode", x);
  must(bk_beta_cdf(&b, 0.025, &x), "beta_cdf"); put1("beta.cdf", x);
  must(bk_beta_quantile(&b, 0.9, &x), "beta_quantile"); put1("beta.quantile", x);
  must(bk_beta_interval(&b, 0.95, &lo, &hi), "beta_interval"); put("beta.interval", (double[]){lo, hi}, 2);
  must(bk_beta_ln_predictive(&b, 3, 100, &x), "beta_ln_predictive"); put1("beta.lnPredictive", x);
  must(bk_beta_ln_marginal(&b, 5, 7, &x), "beta_ln_marginal"); put1("beta.lnMarginal", x);
  bk_beta b2 = b;
  uint8_t outcomes[6] = {1, 0, 0, 1, 1, 0};
  must(bk_beta_observe_batch(&b2, outcomes, 6), "beta_observe_batch");
  put("beta.observe", (double[]){b2.alpha, b2.beta}, 2);

  bk_beta arm_b = {1 + 30, 1 + 970};
  bk_comparison cmp = {.struct_size = sizeof(bk_comparison)};
  must(bk_beta_compare(&b, &arm_b, &cmp), "beta_compare");
  put_comparison("beta.compare", &cmp);
  must(bk_beta_lift_quantile(&b, &arm_b, 0.5, &x), "beta_lift_quantile"); put1("beta.liftQuantile", x);
  bk_compare_options co;
  bk_compare_summary cs = {.struct_size = sizeof(bk_compare_summary)};
  must(bk_compare_options_default(&co), "compare_options_default");
  co.level = 0.9;
  must(bk_beta_compare_summary(&b, &arm_b, &co, &cs), "beta_compare_summary");
  put_summary("beta.compareSummary", &cs);
  /* P(best) of b, arm_b and Beta(26, 976) */
  bk_beta arms[3] = {b, arm_b, {26, 976}};
  bk_method_report mr;
  must(bk_beta_prob_best(arms, 3, v, 3, &mr), "beta_prob_best");
  put_prob_best("beta.probBest", v, 3, &mr);

  bk_rng *rng;
  must(bk_rng_new(42, &rng), "rng_new");
  must(bk_beta_sample(&b, rng, v, 5), "beta_sample"); put("beta.sample42", v, 5);
  must(bk_beta_compare_mc(&b, &arm_b, 10000, rng, &cmp), "beta_compare_mc");
  put_comparison("beta.compareMc42", &cmp);
  bk_rng_free(rng);

  /* Gamma(2, 1) updated with 7 events over exposure 3 */
  bk_gamma g;
  must(bk_gamma_init(2, 1, &g), "gamma_init");
  must(bk_gamma_update(&g, 7, 3), "gamma_update");
  must(bk_gamma_mean(&g, &x), "gamma_mean"); put1("gamma.mean", x);
  must(bk_gamma_variance(&g, &x), "gamma_variance"); put1("gamma.variance", x);
  must(bk_gamma_mode(&g, &x), "gamma_mode"); put1("gamma.mode", x);
  must(bk_gamma_cdf(&g, 2.0, &x), "gamma_cdf"); put1("gamma.cdf", x);
  must(bk_gamma_quantile(&g, 0.1, &x), "gamma_quantile"); put1("gamma.quantile", x);
  must(bk_gamma_interval(&g, 0.9, &lo, &hi), "gamma_interval"); put("gamma.interval", (double[]){lo, hi}, 2);
  must(bk_gamma_ln_predictive(&g, 4, 2.0, &x), "gamma_ln_predictive"); put1("gamma.lnPredictive", x);
  double counts[3] = {1, 4, 2}, exposures[3] = {1, 2, 0.5};
  must(bk_gamma_ln_marginal(&g, counts, exposures, 3, &x), "gamma_ln_marginal"); put1("gamma.lnMarginal", x);
  bk_gamma g2 = g;
  must(bk_gamma_update_batch(&g2, counts, exposures, 3), "gamma_update_batch");
  put("gamma.updateBatch", (double[]){g2.shape, g2.rate}, 2);
  must(bk_gamma_compare(&g, &g2, &cmp), "gamma_compare");
  put_comparison("gamma.compare", &cmp);
  must(bk_gamma_compare_summary(&g, &g2, NULL, &cs), "gamma_compare_summary");
  put_summary("gamma.compareSummary", &cs);
  /* Large shapes: quadrature rather than the closed form */
  bk_gamma big_a = {5e5, 1e4}, big_b = {6e5, 1.2e4};
  must(bk_gamma_compare(&big_a, &big_b, &cmp), "gamma_compare_large");
  put_comparison("gamma.compareLarge", &cmp);
  /* P(best) of g, g2 and Gamma(20, 8) */
  bk_gamma garms[3] = {g, g2, {20, 8}};
  must(bk_gamma_prob_best(garms, 3, v, 3, &mr), "gamma_prob_best");
  put_prob_best("gamma.probBest", v, 3, &mr);
  must(bk_rng_new(7, &rng), "rng_new");
  must(bk_gamma_sample(&g, rng, v, 4), "gamma_sample"); put("gamma.sample7", v, 4);
  bk_rng_free(rng);

  /* Normal with known variance: prior N(0, 10²), noise sd 2 */
  bk_normal_known_var n;
  double xs[5] = {1.5, 2.5, 0.5, 3.0, 2.0};
  must(bk_normal_known_var_init(0, 10, 2, &n), "nkv_init");
  must(bk_normal_known_var_update_batch(&n, xs, 5), "nkv_update_batch");
  put("nkv.updateBatch", (double[]){n.mean, n.sd, n.noise_sd}, 3);
  must(bk_normal_known_var_quantile(&n, 0.975, &x), "nkv_quantile"); put1("nkv.quantile", x);
  must(bk_normal_known_var_interval(&n, 0.95, &lo, &hi), "nkv_interval"); put("nkv.interval", (double[]){lo, hi}, 2);
  must(bk_normal_known_var_ln_predictive(&n, 1.0, &x), "nkv_ln_predictive"); put1("nkv.lnPredictive", x);
  must(bk_normal_known_var_ln_marginal(&n, xs, 5, &x), "nkv_ln_marginal"); put1("nkv.lnMarginal", x);
  must(bk_normal_known_var_update_stats(&n, 3, 1.25), "nkv_update_stats");
  put("nkv.updateStats", (double[]){n.mean, n.sd, n.noise_sd}, 3);

  /* Normal-Gamma(0, 1, 2, 2) */
  bk_normal_gamma ng;
  must(bk_normal_gamma_init(0, 1, 2, 2, &ng), "ng_init");
  must(bk_normal_gamma_update_batch(&ng, xs, 5), "ng_update_batch");
  put("ng.updateBatch", (double[]){ng.m, ng.kappa, ng.alpha, ng.beta}, 4);
  must(bk_normal_gamma_mean_quantile(&ng, 0.95, &x), "ng_mean_quantile"); put1("ng.meanQuantile", x);
  must(bk_normal_gamma_mean_interval(&ng, 0.9, &lo, &hi), "ng_mean_interval");
  put("ng.meanInterval", (double[]){lo, hi}, 2);
  must(bk_normal_gamma_mean_variance(&ng, &x), "ng_mean_variance"); put1("ng.meanVariance", x);
  must(bk_normal_gamma_ln_predictive(&ng, 2.0, &x), "ng_ln_predictive"); put1("ng.lnPredictive", x);
  must(bk_normal_gamma_ln_marginal(&ng, xs, 5, &x), "ng_ln_marginal"); put1("ng.lnMarginal", x);
  must(bk_normal_gamma_update_stats(&ng, 4, 1.0, 3.0), "ng_update_stats");
  put("ng.updateStats", (double[]){ng.m, ng.kappa, ng.alpha, ng.beta}, 4);

  /* Dirichlet(1, 2, 3) + counts (4, 0, 1) */
  bk_dirichlet *d;
  double alpha[3] = {1, 2, 3}, dc[3] = {4, 0, 1};
  must(bk_dirichlet_new(alpha, 3, &d), "dirichlet_new");
  must(bk_dirichlet_update(d, dc, 3), "dirichlet_update");
  must(bk_dirichlet_alpha(d, v, 3), "dirichlet_alpha"); put("dirichlet.alpha", v, 3);
  must(bk_dirichlet_mean(d, v, 3), "dirichlet_mean"); put("dirichlet.mean", v, 3);
  must(bk_dirichlet_mode(d, v, 3), "dirichlet_mode"); put("dirichlet.mode", v, 3);
  must(bk_dirichlet_variance(d, 1, &x), "dirichlet_variance"); put1("dirichlet.variance1", x);
  must(bk_dirichlet_quantile(d, 0, 0.3, &x), "dirichlet_quantile"); put1("dirichlet.quantile0", x);
  must(bk_dirichlet_interval(d, 2, 0.8, &lo, &hi), "dirichlet_interval"); put("dirichlet.interval2", (double[]){lo, hi}, 2);
  double dq[3] = {1, 1, 2};
  must(bk_dirichlet_ln_predictive(d, dq, 3, &x), "dirichlet_ln_predictive"); put1("dirichlet.lnPredictive", x);
  must(bk_dirichlet_ln_marginal(d, dq, 3, &x), "dirichlet_ln_marginal"); put1("dirichlet.lnMarginal", x);
  must(bk_rng_new(3, &rng), "rng_new");
  must(bk_dirichlet_sample(d, rng, v, 3), "dirichlet_sample"); put("dirichlet.sample3", v, 3);
  bk_rng_free(rng);
  bk_dirichlet_free(d);

  /* Hypotheses: prior (0.5, 0.3, 0.2), two likelihood updates */
  bk_hypotheses *h;
  must(bk_hypotheses_new((double[]){0.5, 0.3, 0.2}, 3, &h), "hypotheses_new");
  must(bk_hypotheses_update(h, (double[]){0.1, 0.4, 0.8}, 3), "hypotheses_update");
  must(bk_hypotheses_update_log(h, (double[]){-1.0, -0.5, -2.0}, 3), "hypotheses_update_log");
  must(bk_hypotheses_posterior(h, v, 3), "hypotheses_posterior"); put("hypotheses.posterior", v, 3);
  must(bk_hypotheses_ln_evidence(h, &x), "hypotheses_ln_evidence"); put1("hypotheses.lnEvidence", x);
  bk_hypotheses_free(h);

  /* Dirichlet-multinomial: fit 8 rows of (dislikes, likes), score rows */
  bk_dm_stats *st;
  uint64_t rows[16] = {1, 9, 0, 4, 3, 7, 2, 2, 10, 30, 0, 1, 5, 45, 4, 1};
  must(bk_dm_stats_new(2, &st), "dm_stats_new");
  must(bk_dm_stats_add_rows(st, rows, 8, 2, NULL), "dm_stats_add_rows");
  bk_dm_result *res;
  must(bk_dm_fit(st, NULL, &res), "dm_fit");
  bk_dm_fit_summary sm = {.struct_size = sizeof(bk_dm_fit_summary)};
  must(bk_dm_result_summary(res, &sm), "dm_result_summary");
  put("dm.summary", (double[]){sm.alpha_sum, sm.theta, sm.loglik, sm.loglik_multinomial, sm.lr_stat,
                               sm.lr_pvalue, sm.aic, sm.bic, sm.grad_norm, sm.weight}, 10);
  must(bk_dm_result_alpha(res, v, 2), "dm_result_alpha"); put("dm.alpha", v, 2);
  must(bk_dm_result_std_errors(res, v, 2), "dm_result_std_errors"); put("dm.stdErrors", v, 2);
  bk_dm_prior *pr;
  must(bk_dm_result_alpha(res, v, 2), "dm_result_alpha");
  must(bk_dm_prior_new(v, 2, &pr), "dm_prior_new");
  must(bk_dm_prior_posterior_mean(pr, (uint64_t[]){0, 1}, 2, v), "dm_prior_posterior_mean");
  put("dm.posteriorMean01", v, 2);
  must(bk_dm_prior_interval(pr, (uint64_t[]){2, 5}, 2, 1, 0.9, &lo, &hi), "dm_prior_interval");
  put("dm.interval25", (double[]){lo, hi}, 2);
  must(bk_dm_prior_score_rows(pr, rows, 8, 2, BK_DM_RANK_LOWER, 1, 0.9, v), "dm_prior_score_rows");
  put("dm.scoreLower", v, 8);
  bk_dm_prior_free(pr);
  bk_dm_result_free(res);
  bk_dm_stats_free(st);

  /* Logistic: train on a small CSR set (6 rows, 4 features, 3 classes), score */
  size_t indptr[7] = {0, 2, 3, 5, 6, 8, 9};
  uint32_t indices[9] = {0, 1, 2, 0, 3, 1, 2, 3, 0};
  double values[9] = {1, 2, 1, 0.5, 1, 3, 1, 2, 1.5};
  uint32_t labels[6] = {0, 1, 2, 1, 2, 0};
  bk_logistic_data *data;
  must(bk_logistic_data_from_csr(indptr, 6, indices, values, 9, 4, labels, 3, NULL, &data), "data_from_csr");
  bk_logistic_train_options to;
  must(bk_logistic_train_options_default(&to), "train_options_default");
  to.lambda = 0.01;
  to.l1_ratio = 0.3;
  bk_logistic_model *m;
  must(bk_logistic_train(data, &to, &m), "logistic_train");
  bk_logistic_info info = {.struct_size = sizeof(bk_logistic_info)};
  must(bk_logistic_model_info(m, &info), "model_info");
  put1("logistic.objective", info.objective);
  must(bk_logistic_model_predict_proba_batch(m, indptr, 6, indices, values, 9, v, 3), "predict_batch");
  put("logistic.batch", v, 18);
  must(bk_logistic_model_predict_log_proba(m, (uint32_t[]){3, 0}, (double[]){1, 2}, 2, v, 3), "predict_log");
  put("logistic.logProba", v, 3);
  bk_logistic_eval ev = {.struct_size = sizeof(bk_logistic_eval)};
  must(bk_logistic_evaluate(m, data, NULL, &ev, NULL, NULL, NULL, 0), "evaluate");
  put("logistic.eval", (double[]){ev.log_loss, ev.accuracy}, 2);

  /* Uncertainty: the model above carries BK_LAPLACE_BLOCKS covariances (the default) */
  uint32_t method = 9;
  must(bk_logistic_model_laplace(m, &method), "model_laplace"); put1("logistic.laplaceMethod", (double)method);
  must(bk_logistic_model_covariance(m, 1, v, 6), "model_covariance"); put("logistic.cov1", v, 6);
  must(bk_logistic_model_intercept_covariance(m, v, 6), "intercept_covariance"); put("logistic.interceptCov", v, 6);
  double var[18];
  must(bk_logistic_model_predict_moderated(m, (uint32_t[]){3, 0}, (double[]){1, 2}, 2, v, var, 3), "moderated");
  put("logistic.moderated", v, 3);
  put("logistic.moderatedVar", var, 3);
  must(bk_logistic_model_predict_moderated_batch(m, indptr, 6, indices, values, 9, v, var, 3), "moderated_batch");
  put("logistic.moderatedBatch", v, 18);
  put("logistic.moderatedBatchVar", var, 18);
  /* Monte Carlo, seed 7, 500 draws, level 0.9, twice on one generator */
  bk_logistic_mc_options mo;
  must(bk_logistic_mc_options_default(&mo), "mc_options_default");
  mo.draws = 500;
  mo.level = 0.9;
  size_t sl = 0;
  must(bk_logistic_mc_scratch_size(3, 500, &sl), "mc_scratch_size");
  double *scratch = malloc(sl * sizeof *scratch);
  must(bk_rng_new(7, &rng), "rng_new");
  for (int t = 0; t < 2; t++) {
    must(bk_logistic_model_predict_mc(m, (uint32_t[]){3, 0}, (double[]){1, 2}, 2, rng, &mo, scratch, sl, v, v + 3,
                                      v + 6, 3), "predict_mc");
    put(t == 0 ? "logistic.mc7" : "logistic.mc7next", v, 9);
  }
  bk_rng_free(rng);
  free(scratch);
  /* The exact Laplace on a model trained without covariances */
  bk_logistic_model *m0, *mf;
  to.laplace = BK_LAPLACE_NONE;
  must(bk_logistic_train(data, &to, &m0), "train_none");
  must(bk_logistic_laplace(m0, data, BK_LAPLACE_FULL, (double[]){1, 2, 0.5}, 3, &mf), "laplace_full");
  must(bk_logistic_model_covariance(mf, 2, v, 6), "full_covariance"); put("logistic.fullCov2", v, 6);
  bk_logistic_model_free(mf);
  bk_logistic_model_free(m0);
  to.laplace = BK_LAPLACE_BLOCKS;

  /* The path: an 8-value grid with 3-fold CV (seed 42, one-SE rule) */
  bk_logistic_path_options po;
  must(bk_logistic_path_options_default(&po), "path_options_default");
  po.n_lambdas = 8;
  po.min_ratio = 0.01;
  po.folds = 3;
  po.seed = 42;
  po.choice = BK_CV_ONE_SE;
  bk_logistic_path *path;
  must(bk_logistic_path_fit(data, &to, &po, &path), "path_fit");
  size_t plen;
  double lmax;
  must(bk_logistic_path_len(path, &plen), "path_len");
  must(bk_logistic_path_lambda_max(path, &lmax), "path_lambda_max");
  put("path.lenLambdaMax", (double[]){(double)plen, lmax}, 2);
  bk_logistic_step step = {.struct_size = sizeof(bk_logistic_step)};
  must(bk_logistic_path_step(path, 2, &step), "path_step");
  put("path.step2", (double[]){step.lambda, step.loss, step.objective, step.cv_mean, step.cv_se, (double)step.nnz,
                               (double)step.iterations, (double)step.converged}, 8);
  bk_logistic_cv_summary cv = {.struct_size = sizeof(bk_logistic_cv_summary)};
  must(bk_logistic_path_cv(path, &cv), "path_cv");
  put("path.cv", (double[]){(double)cv.folds, (double)cv.best, (double)cv.one_se, (double)cv.chosen}, 4);
  must(bk_logistic_path_step(path, cv.chosen, &step), "path_step");
  put1("path.chosenLambda", step.lambda);
  must(bk_logistic_path_cv_folds(path, cv.chosen, v, 3), "path_cv_folds"); put("path.chosenFolds", v, 3);
  bk_logistic_model *chosen;
  must(bk_logistic_path_chosen_model(path, &chosen), "path_chosen_model");
  bk_logistic_path_free(path);
  must(bk_logistic_model_predict_moderated(chosen, (uint32_t[]){3, 0}, (double[]){1, 2}, 2, v, var, 3), "chosen");
  put("path.chosenModerated", v, 3);
  bk_logistic_model_free(chosen);
  /* Explicit λ values, class weights, no CV: every step's model has covariances */
  po.folds = 0;
  po.lambdas = (double[]){0.5, 0.1, 0.02};
  po.n_values = 3;
  must(bk_logistic_path_fit_weighted(data, &to, &po, (double[]){1, 2, 0.5}, 3, &path), "path_fit_weighted");
  must(bk_logistic_path_step(path, 1, &step), "path_step");
  put("path.weightedStep1", (double[]){step.lambda, step.loss, step.objective}, 3);
  bk_logistic_model *sm1;
  must(bk_logistic_path_model(path, 1, &sm1), "path_model");
  must(bk_logistic_model_covariance(sm1, 0, v, 6), "step_covariance"); put("path.weightedStep1Cov0", v, 6);
  bk_logistic_model_free(sm1);
  bk_logistic_path_free(path);

  bk_logistic_model_free(m);
  bk_logistic_data_free(data);
  /* A bandit of 3 Beta arms on stream 2 of seed 9: 20 choices, 20 top-two choices, a report. */
  {
    bk_beta prior = {1, 1};
    bk_bandit *bd;
    must(bk_bandit_new_beta(&prior, 1, 3, NULL, &bd), "bandit_new_beta");
    must(bk_bandit_update(bd, 0, 20, 1000, 1), "bandit_update");
    must(bk_bandit_update(bd, 1, 30, 1000, 1), "bandit_update");
    must(bk_bandit_update(bd, 2, 25, 1000, 0.5), "bandit_update");
    bk_rng *r;
    must(bk_rng_new_stream(9, 2, &r), "rng_new_stream");
    double ch[40];
    for (int i = 0; i < 40; i++) {
      size_t a;
      must(i < 20 ? bk_bandit_choose(bd, r, &a) : bk_bandit_choose_top_two(bd, r, &a), "bandit_choose");
      ch[i] = (double)a;
    }
    put("bandit.choices", ch, 40);
    bk_bandit_report_options o;
    must(bk_bandit_report_options_default(&o), "bandit_report_options_default");
    o.draws = 1000;
    double p[3], l[3];
    bk_bandit_summary s = {.struct_size = sizeof s};
    must(bk_bandit_report(bd, r, &o, p, l, 3, &s), "bandit_report");
    put("bandit.report", (double[]){p[0], p[1], p[2], l[0], l[1], l[2], (double)s.best, s.value_remaining,
                                    s.value_remaining_relative, (double)s.draws, REPORT(s.prob_best_method)}, 13);
    bk_rng_free(r);
    bk_bandit_free(bd);
  }
  return 0;
}
