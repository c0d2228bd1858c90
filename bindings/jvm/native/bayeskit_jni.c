/*
 * JNI shim of the bayeskit JVM binding: every function here calls only the
 * public C API (include/bayeskit.h) and is linked with the static library into
 * libbayeskit_jni.so, which exports only JNI_OnLoad and the Java_* symbols
 * (exports.map).
 *
 * Contract with org.bayeskit.Native (Java): the Java side has already checked
 * every array length, offset and count passed here, every handle is live (the
 * Java handle holds a lock across the call), and strings arrive as
 * NUL-terminated UTF-8 byte arrays. A failing bk_* call becomes a thrown
 * org.bayeskit.BayeskitException(status, message); the shim then returns a
 * dummy value that Java never sees.
 */
#include <jni.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bayeskit.h"

static jclass g_bk_exception;      /* org.bayeskit.BayeskitException */
static jmethodID g_bk_exception_ctor;
static jclass g_oom;               /* java.lang.OutOfMemoryError */
static pthread_key_t g_scratch_key; /* a thread's Monte Carlo scratch (struct scratch) */
static int g_scratch_ok;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  (void)reserved;
  JNIEnv *env;
  if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  jclass c = (*env)->FindClass(env, "org/bayeskit/BayeskitException");
  if (c == NULL) return JNI_ERR;
  g_bk_exception = (*env)->NewGlobalRef(env, c);
  g_bk_exception_ctor = (*env)->GetMethodID(env, c, "<init>", "(ILjava/lang/String;)V");
  jclass o = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
  if (o == NULL || g_bk_exception == NULL || g_bk_exception_ctor == NULL) return JNI_ERR;
  g_oom = (*env)->NewGlobalRef(env, o);
  /* libc's free as the destructor: valid even if this library were unloaded */
  g_scratch_ok = pthread_key_create(&g_scratch_key, free) == 0;
  return g_oom == NULL ? JNI_ERR : JNI_VERSION_1_8;
}

/* Throws BayeskitException(status, last error message of this thread). */
static void throw_status(JNIEnv *env, bk_status status) {
  char small[512];
  size_t len = bk_last_error_message(small, sizeof small);
  char *msg = small;
  char *big = NULL;
  if (len >= sizeof small && (big = malloc(len + 1)) != NULL) {
    bk_last_error_message(big, len + 1);
    msg = big;
  }
  /* The message is UTF-8 from Rust; NewStringUTF wants modified UTF-8, which
   * differs only for NUL and 4-byte sequences; pass bytes through Java instead. */
  jbyteArray bytes = (*env)->NewByteArray(env, (jsize)strlen(msg));
  jstring jmsg = NULL;
  if (bytes != NULL) {
    (*env)->SetByteArrayRegion(env, bytes, 0, (jsize)strlen(msg), (const jbyte *)msg);
    jclass sc = (*env)->FindClass(env, "java/lang/String");
    jmethodID ctor = sc ? (*env)->GetMethodID(env, sc, "<init>", "([BLjava/lang/String;)V") : NULL;
    jstring cs = ctor ? (*env)->NewStringUTF(env, "UTF-8") : NULL;
    if (cs != NULL) jmsg = (jstring)(*env)->NewObject(env, sc, ctor, bytes, cs);
  }
  free(big);
  if ((*env)->ExceptionCheck(env)) return; /* an OOM while building the message */
  jthrowable ex = (jthrowable)(*env)->NewObject(env, g_bk_exception, g_bk_exception_ctor,
                                                (jint)status, jmsg);
  if (ex != NULL) (*env)->Throw(env, ex);
}

static void throw_oom(JNIEnv *env, const char *what) { (*env)->ThrowNew(env, g_oom, what); }

#define OK(call, ret)                       \
  do {                                      \
    bk_status s_ = (call);                  \
    if (s_ != BK_OK) {                      \
      throw_status(env, s_);                \
      return ret;                           \
    }                                       \
  } while (0)

#define FN(ret, name) JNIEXPORT ret JNICALL Java_org_bayeskit_Native_##name
#define P(type, h) ((type *)(intptr_t)(h))

static jdoubleArray doubles(JNIEnv *env, const double *v, jsize n) {
  jdoubleArray a = (*env)->NewDoubleArray(env, n);
  if (a != NULL) (*env)->SetDoubleArrayRegion(env, a, 0, n, v);
  return a;
}

/* Input arrays: copied into C memory (small, or read once). */
static double *get_doubles(JNIEnv *env, jdoubleArray a, jsize n) {
  double *p = malloc(n > 0 ? (size_t)n * sizeof(double) : 1);
  if (p == NULL) { throw_oom(env, "bayeskit: copying a double array"); return NULL; }
  if (n > 0) (*env)->GetDoubleArrayRegion(env, a, 0, n, p);
  return p;
}

static uint64_t *get_counts(JNIEnv *env, jlongArray a, jsize n) {
  uint64_t *p = malloc(n > 0 ? (size_t)n * sizeof(uint64_t) : 1);
  if (p == NULL) { throw_oom(env, "bayeskit: copying a count array"); return NULL; }
  if (n > 0) (*env)->GetLongArrayRegion(env, a, 0, n, (jlong *)p);
  return p;
}

static char *get_cstr(JNIEnv *env, jbyteArray utf8z) {
  jsize n = (*env)->GetArrayLength(env, utf8z);
  char *p = malloc((size_t)n + 1);
  if (p == NULL) { throw_oom(env, "bayeskit: copying a string"); return NULL; }
  (*env)->GetByteArrayRegion(env, utf8z, 0, n, (jbyte *)p);
  p[n] = 0;
  return p;
}

static jbyteArray bytes_of(JNIEnv *env, const uint8_t *v, size_t n) {
  jbyteArray a = (*env)->NewByteArray(env, (jsize)n);
  if (a != NULL) (*env)->SetByteArrayRegion(env, a, 0, (jsize)n, (const jbyte *)v);
  return a;
}

/* ---- library ---------------------------------------------------------- */

FN(jbyteArray, version)(JNIEnv *env, jclass c) {
  (void)c;
  const char *v = bk_version();
  return bytes_of(env, (const uint8_t *)v, strlen(v));
}

FN(jlong, rngNew)(JNIEnv *env, jclass c, jlong seed) {
  (void)c;
  bk_rng *r = NULL;
  OK(bk_rng_new((uint64_t)seed, &r), 0);
  return (jlong)(intptr_t)r;
}

FN(void, rngFree)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; bk_rng_free(P(bk_rng, h)); }

/* ---- option defaults ------------------------------------------------------
 * Each *OptionsDefault native fills the C struct with its bk_*_options_default
 * (which derives it from the core's Default) and returns the Java options
 * record, built here with its canonical constructor: Java states no default.
 * On a failure a Java exception is pending and NULL is returned. */

/* new <cls>(...) through the constructor of signature `sig`. */
static jobject new_record(JNIEnv *env, const char *cls, const char *sig, ...) {
  jclass k = (*env)->FindClass(env, cls);
  if (k == NULL) return NULL;
  jmethodID ctor = (*env)->GetMethodID(env, k, "<init>", sig);
  jobject o = NULL;
  if (ctor != NULL) {
    va_list ap;
    va_start(ap, sig);
    o = (*env)->NewObjectV(env, k, ctor, ap);
    va_end(ap);
  }
  (*env)->DeleteLocalRef(env, k);
  return o;
}

/* The constant of enum <cls> for a C code, through its static of(code) (signature `sig`). */
static jobject enum_of(JNIEnv *env, const char *cls, const char *sig, jlong code) {
  jclass k = (*env)->FindClass(env, cls);
  if (k == NULL) return NULL;
  jmethodID of = (*env)->GetStaticMethodID(env, k, "of", sig);
  jobject o = NULL;
  if (of != NULL) {
    /* of takes an int or a long, as its signature says */
    o = sig[1] == 'J' ? (*env)->CallStaticObjectMethod(env, k, of, code)
                      : (*env)->CallStaticObjectMethod(env, k, of, (jint)code);
  }
  (*env)->DeleteLocalRef(env, k);
  return o;
}

FN(jobject, compareOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_compare_options o;
  OK(bk_compare_options_default(&o), NULL);
  return new_record(env, "org/bayeskit/CompareOptions", "(D)V", o.level);
}

FN(jobject, dmReadOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_dm_read_options o;
  OK(bk_dm_read_options_default(&o), NULL);
  return new_record(env, "org/bayeskit/DmReadOptions", "(BZZJZIDJJ)V", (jbyte)o.delimiter,
                    (jboolean)(o.header != 0), (jboolean)(o.id_column != 0), (jlong)o.weight_column,
                    (jboolean)(o.skip_bad != 0), (jint)o.threads, o.sample_rate, (jlong)o.max_total,
                    (jlong)o.seed);
}

FN(jobject, dmFitOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_dm_fit_options o;
  OK(bk_dm_fit_options_default(&o), NULL);
  return new_record(env, "org/bayeskit/DmFitOptions", "(IDDZ)V", (jint)o.max_iter, o.tol, o.hyperprior,
                    (jboolean)(o.drop_empty != 0));
}

FN(jobject, readOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_read_options o;
  OK(bk_logistic_read_options_default(&o), NULL);
  jobject id_base = enum_of(env, "org/bayeskit/IdBase", "(I)Lorg/bayeskit/IdBase;", (jlong)o.id_base);
  if (id_base == NULL) return NULL;
  return new_record(env, "org/bayeskit/ReadOptions", "(Lorg/bayeskit/IdBase;JJJIIZ)V", id_base,
                    (jlong)o.n_features, (jlong)o.max_features, (jlong)o.min_count, (jint)o.hash_bits,
                    (jint)o.hash_seed, (jboolean)(o.skip_bad != 0));
}

FN(jobject, trainOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_train_options o;
  OK(bk_logistic_train_options_default(&o), NULL);
  jobject laplace = enum_of(env, "org/bayeskit/Laplace", "(I)Lorg/bayeskit/Laplace;", (jlong)o.laplace);
  if (laplace == NULL) return NULL;
  return new_record(env, "org/bayeskit/TrainOptions", "(IDDDILorg/bayeskit/Laplace;)V", (jint)o.max_iter,
                    o.lambda, o.l1_ratio, o.tol, (jint)o.threads, laplace);
}

FN(jobject, mcOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_mc_options o;
  OK(bk_logistic_mc_options_default(&o), NULL);
  return new_record(env, "org/bayeskit/McOptions", "(JD)V", (jlong)o.draws, o.level);
}

FN(jobject, pathOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_path_options o;
  OK(bk_logistic_path_options_default(&o), NULL);
  jdoubleArray lambdas = NULL;
  if (o.lambdas != NULL && (lambdas = doubles(env, o.lambdas, (jsize)o.n_values)) == NULL) return NULL;
  jobject choice = enum_of(env, "org/bayeskit/CvChoice", "(J)Lorg/bayeskit/CvChoice;", (jlong)o.choice);
  if (choice == NULL) return NULL;
  return new_record(env, "org/bayeskit/PathOptions", "(ID[DJILorg/bayeskit/CvChoice;Z)V", (jint)o.n_lambdas,
                    o.min_ratio, lambdas, (jlong)o.seed, (jint)o.folds, choice, (jboolean)(o.early_stop != 0));
}

/* ---- Beta --------------------------------------------------------------- */

#define BETA(a, b) bk_beta x_ = {(a), (b)}
#define GAMMA(a, b) bk_gamma x_ = {(a), (b)}

FN(void, betaCheck)(JNIEnv *env, jclass c, jdouble a, jdouble b) {
  (void)c;
  bk_beta out;
  OK(bk_beta_init(a, b, &out), );
}

FN(jdoubleArray, betaUpdate)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble s, jdouble f) {
  (void)c;
  BETA(a, b);
  OK(bk_beta_update(&x_, s, f), NULL);
  return doubles(env, (double[]){x_.alpha, x_.beta}, 2);
}

FN(jdoubleArray, betaObserve)(JNIEnv *env, jclass c, jdouble a, jdouble b, jbyteArray outcomes, jint n) {
  (void)c;
  BETA(a, b);
  uint8_t *o = malloc(n > 0 ? (size_t)n : 1);
  if (o == NULL) { throw_oom(env, "bayeskit: copying outcomes"); return NULL; }
  (*env)->GetByteArrayRegion(env, outcomes, 0, n, (jbyte *)o);
  bk_status s = bk_beta_observe_batch(&x_, o, (size_t)n);
  free(o);
  OK(s, NULL);
  return doubles(env, (double[]){x_.alpha, x_.beta}, 2);
}

/* which: 0 mean, 1 variance, 2 mode */
FN(jdouble, betaStat)(JNIEnv *env, jclass c, jint which, jdouble a, jdouble b) {
  (void)c;
  BETA(a, b);
  double out = 0;
  OK(which == 0 ? bk_beta_mean(&x_, &out) : which == 1 ? bk_beta_variance(&x_, &out) : bk_beta_mode(&x_, &out), 0);
  return out;
}

FN(jdouble, betaCdf)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble x) {
  (void)c; BETA(a, b); double out = 0; OK(bk_beta_cdf(&x_, x, &out), 0); return out;
}
FN(jdouble, betaQuantile)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble p) {
  (void)c; BETA(a, b); double out = 0; OK(bk_beta_quantile(&x_, p, &out), 0); return out;
}
FN(jdoubleArray, betaInterval)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble level) {
  (void)c; BETA(a, b); double lo = 0, hi = 0;
  OK(bk_beta_interval(&x_, level, &lo, &hi), NULL);
  return doubles(env, (double[]){lo, hi}, 2);
}
FN(jdouble, betaLnPredictive)(JNIEnv *env, jclass c, jdouble a, jdouble b, jlong k, jlong n) {
  (void)c; BETA(a, b); double out = 0;
  OK(bk_beta_ln_predictive(&x_, (uint64_t)k, (uint64_t)n, &out), 0); return out;
}
FN(jdouble, betaLnMarginal)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble s, jdouble f) {
  (void)c; BETA(a, b); double out = 0; OK(bk_beta_ln_marginal(&x_, s, f, &out), 0); return out;
}
FN(void, betaSample)(JNIEnv *env, jclass c, jdouble a, jdouble b, jlong rng, jdoubleArray out, jint n) {
  (void)c; BETA(a, b);
  double *buf = malloc(n > 0 ? (size_t)n * sizeof(double) : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: sample buffer"); return; }
  bk_status s = bk_beta_sample(&x_, P(bk_rng, rng), buf, (size_t)n);
  if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, n, buf);
  free(buf);
  OK(s, );
}

/* Comparisons and summaries end with their bk_method_report as (method code, work, error
 * estimate); org.bayeskit.MethodReport.of reads it back. */
#define REPORT(m) (double)(m).method, (double)(m).work, (m).error_estimate
static jdoubleArray comparison(JNIEnv *env, const bk_comparison *c) {
  return doubles(env, (double[]){c->prob_b_greater, c->expected_loss_a, c->expected_loss_b,
                                 REPORT(c->method)}, 6);
}
static jdoubleArray summary(JNIEnv *env, const bk_compare_summary *c) {
  return doubles(env, (double[]){c->prob_b_greater, c->expected_loss_a, c->expected_loss_b,
                                 c->lift_median, c->lift_lo, c->lift_hi, REPORT(c->method)}, 9);
}

/* P(best) of k arms given as two parameter arrays (1 <= k <= 100, checked by Java): the k
 * probabilities, then the report. `gamma` picks bk_gamma_prob_best. */
static jdoubleArray prob_best(JNIEnv *env, int gamma, jdoubleArray first, jdoubleArray second, jint k) {
  double *p1 = get_doubles(env, first, k);
  if (p1 == NULL) return NULL;
  double *p2 = get_doubles(env, second, k);
  double *out = malloc(((size_t)k + 3) * sizeof(double));
  void *arms = malloc((size_t)(k > 0 ? k : 1) * (gamma ? sizeof(bk_gamma) : sizeof(bk_beta)));
  if (p2 == NULL || out == NULL || arms == NULL) {
    if (p2 != NULL) throw_oom(env, "bayeskit: prob_best buffers");
    free(p1); free(p2); free(out); free(arms);
    return NULL;
  }
  for (jint i = 0; i < k; i++) {
    if (gamma) ((bk_gamma *)arms)[i] = (bk_gamma){p1[i], p2[i]};
    else ((bk_beta *)arms)[i] = (bk_beta){p1[i], p2[i]};
  }
  bk_method_report m;
  bk_status s = gamma ? bk_gamma_prob_best(arms, (size_t)k, out, (size_t)k, &m)
                      : bk_beta_prob_best(arms, (size_t)k, out, (size_t)k, &m);
  jdoubleArray r = NULL;
  if (s == BK_OK) {
    out[k] = (double)m.method;
    out[k + 1] = (double)m.work;
    out[k + 2] = m.error_estimate;
    r = doubles(env, out, k + 3);
  }
  free(p1); free(p2); free(out); free(arms);
  OK(s, NULL);
  return r;
}

FN(jdoubleArray, betaCompare)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2) {
  (void)c; bk_beta a = {a1, b1}, b = {a2, b2}; bk_comparison out = {.struct_size = sizeof(bk_comparison)};
  OK(bk_beta_compare(&a, &b, &out), NULL); return comparison(env, &out);
}
FN(jdoubleArray, betaCompareMc)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2,
                                jlong draws, jlong rng) {
  (void)c; bk_beta a = {a1, b1}, b = {a2, b2}; bk_comparison out = {.struct_size = sizeof(bk_comparison)};
  OK(bk_beta_compare_mc(&a, &b, (uint64_t)draws, P(bk_rng, rng), &out), NULL);
  return comparison(env, &out);
}
FN(jdouble, betaLiftQuantile)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2, jdouble p) {
  (void)c; bk_beta a = {a1, b1}, b = {a2, b2}; double out = 0;
  OK(bk_beta_lift_quantile(&a, &b, p, &out), 0); return out;
}
FN(jdoubleArray, betaCompareSummary)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2,
                                     jdouble level) {
  (void)c; bk_beta a = {a1, b1}, b = {a2, b2}; bk_compare_options o; bk_compare_summary out = {.struct_size = sizeof(bk_compare_summary)};
  OK(bk_compare_options_default(&o), NULL);
  o.level = level;
  OK(bk_beta_compare_summary(&a, &b, &o, &out), NULL);
  return summary(env, &out);
}
FN(jdoubleArray, betaProbBest)(JNIEnv *env, jclass c, jdoubleArray alphas, jdoubleArray betas, jint k) {
  (void)c; return prob_best(env, 0, alphas, betas, k);
}

/* ---- Gamma -------------------------------------------------------------- */

FN(void, gammaCheck)(JNIEnv *env, jclass c, jdouble a, jdouble b) {
  (void)c; bk_gamma out; OK(bk_gamma_init(a, b, &out), );
}
FN(jdoubleArray, gammaUpdate)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble count, jdouble exposure) {
  (void)c; GAMMA(a, b);
  OK(bk_gamma_update(&x_, count, exposure), NULL);
  return doubles(env, (double[]){x_.shape, x_.rate}, 2);
}
FN(jdoubleArray, gammaUpdateBatch)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdoubleArray counts,
                                   jdoubleArray exposures, jint n) {
  (void)c; GAMMA(a, b);
  double *cs = get_doubles(env, counts, n);
  if (cs == NULL) return NULL;
  double *es = get_doubles(env, exposures, n);
  if (es == NULL) { free(cs); return NULL; }
  bk_status s = bk_gamma_update_batch(&x_, cs, es, (size_t)n);
  free(cs); free(es);
  OK(s, NULL);
  return doubles(env, (double[]){x_.shape, x_.rate}, 2);
}
FN(jdouble, gammaStat)(JNIEnv *env, jclass c, jint which, jdouble a, jdouble b) {
  (void)c; GAMMA(a, b); double out = 0;
  OK(which == 0 ? bk_gamma_mean(&x_, &out) : which == 1 ? bk_gamma_variance(&x_, &out) : bk_gamma_mode(&x_, &out), 0);
  return out;
}
FN(jdouble, gammaCdf)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble x) {
  (void)c; GAMMA(a, b); double out = 0; OK(bk_gamma_cdf(&x_, x, &out), 0); return out;
}
FN(jdouble, gammaQuantile)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble p) {
  (void)c; GAMMA(a, b); double out = 0; OK(bk_gamma_quantile(&x_, p, &out), 0); return out;
}
FN(jdoubleArray, gammaInterval)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdouble level) {
  (void)c; GAMMA(a, b); double lo = 0, hi = 0;
  OK(bk_gamma_interval(&x_, level, &lo, &hi), NULL);
  return doubles(env, (double[]){lo, hi}, 2);
}
FN(jdouble, gammaLnPredictive)(JNIEnv *env, jclass c, jdouble a, jdouble b, jlong k, jdouble exposure) {
  (void)c; GAMMA(a, b); double out = 0;
  OK(bk_gamma_ln_predictive(&x_, (uint64_t)k, exposure, &out), 0); return out;
}
FN(jdouble, gammaLnMarginal)(JNIEnv *env, jclass c, jdouble a, jdouble b, jdoubleArray counts,
                             jdoubleArray exposures, jint n) {
  (void)c; GAMMA(a, b); double out = 0;
  double *cs = get_doubles(env, counts, n);
  if (cs == NULL) return 0;
  double *es = get_doubles(env, exposures, n);
  if (es == NULL) { free(cs); return 0; }
  bk_status s = bk_gamma_ln_marginal(&x_, cs, es, (size_t)n, &out);
  free(cs); free(es);
  OK(s, 0);
  return out;
}
FN(void, gammaSample)(JNIEnv *env, jclass c, jdouble a, jdouble b, jlong rng, jdoubleArray out, jint n) {
  (void)c; GAMMA(a, b);
  double *buf = malloc(n > 0 ? (size_t)n * sizeof(double) : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: sample buffer"); return; }
  bk_status s = bk_gamma_sample(&x_, P(bk_rng, rng), buf, (size_t)n);
  if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, n, buf);
  free(buf);
  OK(s, );
}
FN(jdoubleArray, gammaCompare)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2) {
  (void)c; bk_gamma a = {a1, b1}, b = {a2, b2}; bk_comparison out = {.struct_size = sizeof(bk_comparison)};
  OK(bk_gamma_compare(&a, &b, &out), NULL); return comparison(env, &out);
}
FN(jdoubleArray, gammaCompareMc)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2,
                                 jlong draws, jlong rng) {
  (void)c; bk_gamma a = {a1, b1}, b = {a2, b2}; bk_comparison out = {.struct_size = sizeof(bk_comparison)};
  OK(bk_gamma_compare_mc(&a, &b, (uint64_t)draws, P(bk_rng, rng), &out), NULL);
  return comparison(env, &out);
}
FN(jdouble, gammaLiftQuantile)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2, jdouble p) {
  (void)c; bk_gamma a = {a1, b1}, b = {a2, b2}; double out = 0;
  OK(bk_gamma_lift_quantile(&a, &b, p, &out), 0); return out;
}
FN(jdoubleArray, gammaCompareSummary)(JNIEnv *env, jclass c, jdouble a1, jdouble b1, jdouble a2, jdouble b2,
                                      jdouble level) {
  (void)c; bk_gamma a = {a1, b1}, b = {a2, b2}; bk_compare_options o; bk_compare_summary out = {.struct_size = sizeof(bk_compare_summary)};
  OK(bk_compare_options_default(&o), NULL);
  o.level = level;
  OK(bk_gamma_compare_summary(&a, &b, &o, &out), NULL);
  return summary(env, &out);
}
FN(jdoubleArray, gammaProbBest)(JNIEnv *env, jclass c, jdoubleArray shapes, jdoubleArray rates, jint k) {
  (void)c; return prob_best(env, 1, shapes, rates, k);
}

/* ---- Normal, known variance --------------------------------------------- */

#define NKV(m, sd, ns) bk_normal_known_var x_ = {(m), (sd), (ns)}
static jdoubleArray nkv(JNIEnv *env, const bk_normal_known_var *x) {
  return doubles(env, (double[]){x->mean, x->sd, x->noise_sd}, 3);
}

FN(jdoubleArray, nkvInit)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns) {
  (void)c; bk_normal_known_var out; OK(bk_normal_known_var_init(m, sd, ns, &out), NULL); return nkv(env, &out);
}
FN(jdoubleArray, nkvUpdateBatch)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns, jdoubleArray xs, jint n) {
  (void)c; NKV(m, sd, ns);
  double *v = get_doubles(env, xs, n);
  if (v == NULL) return NULL;
  bk_status s = bk_normal_known_var_update_batch(&x_, v, (size_t)n);
  free(v);
  OK(s, NULL);
  return nkv(env, &x_);
}
FN(jdoubleArray, nkvUpdateStats)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns, jdouble count, jdouble mean) {
  (void)c; NKV(m, sd, ns);
  OK(bk_normal_known_var_update_stats(&x_, count, mean), NULL);
  return nkv(env, &x_);
}
FN(jdouble, nkvQuantile)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns, jdouble p) {
  (void)c; NKV(m, sd, ns); double out = 0; OK(bk_normal_known_var_quantile(&x_, p, &out), 0); return out;
}
FN(jdoubleArray, nkvInterval)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns, jdouble level) {
  (void)c; NKV(m, sd, ns); double lo = 0, hi = 0;
  OK(bk_normal_known_var_interval(&x_, level, &lo, &hi), NULL);
  return doubles(env, (double[]){lo, hi}, 2);
}
FN(jdouble, nkvLnPredictive)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns, jdouble x) {
  (void)c; NKV(m, sd, ns); double out = 0; OK(bk_normal_known_var_ln_predictive(&x_, x, &out), 0); return out;
}
FN(jdouble, nkvLnMarginal)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns, jdoubleArray xs, jint n) {
  (void)c; NKV(m, sd, ns); double out = 0;
  double *v = get_doubles(env, xs, n);
  if (v == NULL) return 0;
  bk_status s = bk_normal_known_var_ln_marginal(&x_, v, (size_t)n, &out);
  free(v);
  OK(s, 0);
  return out;
}
FN(void, nkvSample)(JNIEnv *env, jclass c, jdouble m, jdouble sd, jdouble ns, jlong rng, jdoubleArray out, jint n) {
  (void)c; NKV(m, sd, ns);
  double *buf = malloc(n > 0 ? (size_t)n * sizeof(double) : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: sample buffer"); return; }
  bk_status s = bk_normal_known_var_sample(&x_, P(bk_rng, rng), buf, (size_t)n);
  if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, n, buf);
  free(buf);
  OK(s, );
}

/* ---- Normal-Gamma ------------------------------------------------------- */

#define NG(m, k, a, b) bk_normal_gamma x_ = {(m), (k), (a), (b)}
static jdoubleArray ng(JNIEnv *env, const bk_normal_gamma *x) {
  return doubles(env, (double[]){x->m, x->kappa, x->alpha, x->beta}, 4);
}

FN(void, ngCheck)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b) {
  (void)c; bk_normal_gamma out; OK(bk_normal_gamma_init(m, k, a, b, &out), );
}
FN(jdoubleArray, ngUpdateBatch)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b,
                                jdoubleArray xs, jint n) {
  (void)c; NG(m, k, a, b);
  double *v = get_doubles(env, xs, n);
  if (v == NULL) return NULL;
  bk_status s = bk_normal_gamma_update_batch(&x_, v, (size_t)n);
  free(v);
  OK(s, NULL);
  return ng(env, &x_);
}
FN(jdoubleArray, ngUpdateStats)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b,
                                jdouble count, jdouble mean, jdouble ss) {
  (void)c; NG(m, k, a, b);
  OK(bk_normal_gamma_update_stats(&x_, count, mean, ss), NULL);
  return ng(env, &x_);
}
FN(jdouble, ngMeanQuantile)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b, jdouble p) {
  (void)c; NG(m, k, a, b); double out = 0; OK(bk_normal_gamma_mean_quantile(&x_, p, &out), 0); return out;
}
FN(jdoubleArray, ngMeanInterval)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b, jdouble level) {
  (void)c; NG(m, k, a, b); double lo = 0, hi = 0;
  OK(bk_normal_gamma_mean_interval(&x_, level, &lo, &hi), NULL);
  return doubles(env, (double[]){lo, hi}, 2);
}
FN(jdouble, ngMeanVariance)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b) {
  (void)c; NG(m, k, a, b); double out = 0; OK(bk_normal_gamma_mean_variance(&x_, &out), 0); return out;
}
FN(jdouble, ngLnPredictive)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b, jdouble x) {
  (void)c; NG(m, k, a, b); double out = 0; OK(bk_normal_gamma_ln_predictive(&x_, x, &out), 0); return out;
}
FN(jdouble, ngLnMarginal)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b, jdoubleArray xs, jint n) {
  (void)c; NG(m, k, a, b); double out = 0;
  double *v = get_doubles(env, xs, n);
  if (v == NULL) return 0;
  bk_status s = bk_normal_gamma_ln_marginal(&x_, v, (size_t)n, &out);
  free(v);
  OK(s, 0);
  return out;
}
FN(void, ngSample)(JNIEnv *env, jclass c, jdouble m, jdouble k, jdouble a, jdouble b, jlong rng,
                   jdoubleArray mu, jdoubleArray var, jint n) {
  (void)c; NG(m, k, a, b);
  double *buf = malloc(n > 0 ? 2 * (size_t)n * sizeof(double) : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: sample buffer"); return; }
  bk_status s = bk_normal_gamma_sample(&x_, P(bk_rng, rng), buf, buf + n, (size_t)n);
  if (s == BK_OK) {
    (*env)->SetDoubleArrayRegion(env, mu, 0, n, buf);
    (*env)->SetDoubleArrayRegion(env, var, 0, n, buf + n);
  }
  free(buf);
  OK(s, );
}

/* ---- Dirichlet: a value in Java, a short-lived handle here ---------------- */

/* Makes a handle from alpha (k values); NULL with an exception pending on failure. */
static bk_dirichlet *dirichlet(JNIEnv *env, jdoubleArray alpha, jint k) {
  double *a = get_doubles(env, alpha, k);
  if (a == NULL) return NULL;
  bk_dirichlet *d = NULL;
  bk_status s = bk_dirichlet_new(a, (size_t)k, &d);
  free(a);
  if (s != BK_OK) { throw_status(env, s); return NULL; }
  return d;
}

FN(void, dirCheck)(JNIEnv *env, jclass c, jdoubleArray alpha, jint k) {
  (void)c; bk_dirichlet_free(dirichlet(env, alpha, k));
}

/* which: 0 update (counts → new alpha), 1 mean, 2 mode */
FN(jdoubleArray, dirVector)(JNIEnv *env, jclass c, jint which, jdoubleArray alpha, jint k, jdoubleArray counts) {
  (void)c;
  bk_dirichlet *d = dirichlet(env, alpha, k);
  if (d == NULL) return NULL;
  double *buf = malloc((size_t)k * sizeof(double));
  double *cs = which == 0 ? get_doubles(env, counts, k) : NULL;
  bk_status s = BK_ERR_OUT_OF_MEMORY;
  if (buf != NULL && (which != 0 || cs != NULL)) {
    if (which == 0) {
      s = bk_dirichlet_update(d, cs, (size_t)k);
      if (s == BK_OK) s = bk_dirichlet_alpha(d, buf, (size_t)k);
    } else if (which == 1) {
      s = bk_dirichlet_mean(d, buf, (size_t)k);
    } else {
      s = bk_dirichlet_mode(d, buf, (size_t)k);
    }
  }
  jdoubleArray r = NULL;
  if (s == BK_OK) r = doubles(env, buf, k);
  else if (!(*env)->ExceptionCheck(env)) throw_status(env, s);
  free(buf); free(cs);
  bk_dirichlet_free(d);
  return r;
}

/* which: 0 variance, 1 quantile(p), 2 interval lo, 3 ln_predictive(counts), 4 ln_marginal(counts) */
FN(jdoubleArray, dirScalar)(JNIEnv *env, jclass c, jint which, jdoubleArray alpha, jint k, jint category,
                            jdouble p, jdoubleArray counts) {
  (void)c;
  bk_dirichlet *d = dirichlet(env, alpha, k);
  if (d == NULL) return NULL;
  double out[2] = {0, 0};
  bk_status s;
  if (which >= 3) {
    double *cs = get_doubles(env, counts, k);
    if (cs == NULL) { bk_dirichlet_free(d); return NULL; }
    s = which == 3 ? bk_dirichlet_ln_predictive(d, cs, (size_t)k, out)
                   : bk_dirichlet_ln_marginal(d, cs, (size_t)k, out);
    free(cs);
  } else if (which == 0) {
    s = bk_dirichlet_variance(d, (size_t)category, out);
  } else if (which == 1) {
    s = bk_dirichlet_quantile(d, (size_t)category, p, out);
  } else {
    s = bk_dirichlet_interval(d, (size_t)category, p, &out[0], &out[1]);
  }
  bk_dirichlet_free(d);
  OK(s, NULL);
  return doubles(env, out, 2);
}

FN(jdoubleArray, dirSample)(JNIEnv *env, jclass c, jdoubleArray alpha, jint k, jlong rng) {
  (void)c;
  bk_dirichlet *d = dirichlet(env, alpha, k);
  if (d == NULL) return NULL;
  double *buf = malloc((size_t)k * sizeof(double));
  bk_status s = buf ? bk_dirichlet_sample(d, P(bk_rng, rng), buf, (size_t)k) : BK_ERR_OUT_OF_MEMORY;
  jdoubleArray r = s == BK_OK ? doubles(env, buf, k) : NULL;
  free(buf);
  bk_dirichlet_free(d);
  OK(s, NULL);
  return r;
}

/* ---- Hypotheses ------------------------------------------------------------ */

FN(jlong, hypNew)(JNIEnv *env, jclass c, jdoubleArray prior, jint n, jboolean log) {
  (void)c;
  double *p = get_doubles(env, prior, n);
  if (p == NULL) return 0;
  bk_hypotheses *h = NULL;
  bk_status s = log ? bk_hypotheses_new_log(p, (size_t)n, &h) : bk_hypotheses_new(p, (size_t)n, &h);
  free(p);
  OK(s, 0);
  return (jlong)(intptr_t)h;
}
FN(void, hypFree)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; bk_hypotheses_free(P(bk_hypotheses, h)); }
FN(void, hypUpdate)(JNIEnv *env, jclass c, jlong h, jdoubleArray lik, jint n, jboolean log) {
  (void)c;
  double *p = get_doubles(env, lik, n);
  if (p == NULL) return;
  bk_status s = log ? bk_hypotheses_update_log(P(bk_hypotheses, h), p, (size_t)n)
                    : bk_hypotheses_update(P(bk_hypotheses, h), p, (size_t)n);
  free(p);
  OK(s, );
}
FN(jdoubleArray, hypPosterior)(JNIEnv *env, jclass c, jlong h, jint n) {
  (void)c;
  double *buf = malloc((size_t)n * sizeof(double));
  if (buf == NULL) { throw_oom(env, "bayeskit: posterior buffer"); return NULL; }
  bk_status s = bk_hypotheses_posterior(P(bk_hypotheses, h), buf, (size_t)n);
  jdoubleArray r = s == BK_OK ? doubles(env, buf, n) : NULL;
  free(buf);
  OK(s, NULL);
  return r;
}
FN(jlong, hypLen)(JNIEnv *env, jclass c, jlong h) {
  (void)c; size_t out = 0; OK(bk_hypotheses_len(P(bk_hypotheses, h), &out), 0); return (jlong)out;
}
FN(jlong, hypMap)(JNIEnv *env, jclass c, jlong h) {
  (void)c; size_t out = 0; OK(bk_hypotheses_map(P(bk_hypotheses, h), &out), 0); return (jlong)out;
}
FN(jdouble, hypLnEvidence)(JNIEnv *env, jclass c, jlong h) {
  (void)c; double out = 0; OK(bk_hypotheses_ln_evidence(P(bk_hypotheses, h), &out), 0); return out;
}

/* ---- Dirichlet-multinomial prior fitting ----------------------------------- */

FN(jlong, dmStatsNew)(JNIEnv *env, jclass c, jint k) {
  (void)c; bk_dm_stats *s = NULL; OK(bk_dm_stats_new((size_t)k, &s), 0); return (jlong)(intptr_t)s;
}
FN(void, dmStatsFree)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; bk_dm_stats_free(P(bk_dm_stats, h)); }
FN(void, dmStatsAddRows)(JNIEnv *env, jclass c, jlong h, jlongArray counts, jint rows, jint k, jdoubleArray weights) {
  (void)c;
  uint64_t *cs = get_counts(env, counts, rows * k);
  if (cs == NULL) return;
  double *w = NULL;
  if (weights != NULL && (w = get_doubles(env, weights, rows)) == NULL) { free(cs); return; }
  bk_status s = bk_dm_stats_add_rows(P(bk_dm_stats, h), cs, (size_t)rows, (size_t)k, w);
  free(cs); free(w);
  OK(s, );
}
FN(void, dmStatsAdd)(JNIEnv *env, jclass c, jlong h, jlongArray counts, jint k, jdouble weight) {
  (void)c;
  uint64_t small[64];
  uint64_t *cs = k <= 64 ? small : get_counts(env, counts, k);
  if (cs == NULL) return;
  if (cs == small) (*env)->GetLongArrayRegion(env, counts, 0, k, (jlong *)small);
  bk_status s = bk_dm_stats_add(P(bk_dm_stats, h), cs, (size_t)k, weight);
  if (cs != small) free(cs);
  OK(s, );
}
FN(void, dmStatsMerge)(JNIEnv *env, jclass c, jlong dst, jlong src) {
  (void)c; OK(bk_dm_stats_merge(P(bk_dm_stats, dst), P(bk_dm_stats, src)), );
}
FN(jlong, dmStatsCategories)(JNIEnv *env, jclass c, jlong h) {
  (void)c; size_t out = 0; OK(bk_dm_stats_categories(P(bk_dm_stats, h), &out), 0); return (jlong)out;
}
FN(jlong, dmStatsRows)(JNIEnv *env, jclass c, jlong h) {
  (void)c; uint64_t out = 0; OK(bk_dm_stats_rows(P(bk_dm_stats, h), &out), 0); return (jlong)out;
}
FN(jdouble, dmStatsTotalWeight)(JNIEnv *env, jclass c, jlong h) {
  (void)c; double out = 0; OK(bk_dm_stats_total_weight(P(bk_dm_stats, h), &out), 0); return out;
}
FN(jbyteArray, dmStatsSerialize)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  size_t len = 0;
  OK(bk_dm_stats_serialize(P(bk_dm_stats, h), NULL, 0, &len), NULL);
  uint8_t *buf = malloc(len ? len : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: serialisation buffer"); return NULL; }
  bk_status s = bk_dm_stats_serialize(P(bk_dm_stats, h), buf, len, &len);
  jbyteArray r = s == BK_OK ? bytes_of(env, buf, len) : NULL;
  free(buf);
  OK(s, NULL);
  return r;
}
FN(jlong, dmStatsDeserialize)(JNIEnv *env, jclass c, jbyteArray bytes, jint n) {
  (void)c;
  uint8_t *buf = malloc(n ? (size_t)n : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: copying bytes"); return 0; }
  (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *)buf);
  bk_dm_stats *out = NULL;
  bk_status s = bk_dm_stats_deserialize(buf, (size_t)n, &out);
  free(buf);
  OK(s, 0);
  return (jlong)(intptr_t)out;
}
FN(jlong, dmStatsReadFile)(JNIEnv *env, jclass c, jbyteArray path, jbyte delimiter, jboolean header,
                           jboolean idColumn, jlong weightColumn, jboolean skipBad, jint threads,
                           jdouble sampleRate, jlong maxTotal, jlong seed, jlongArray report) {
  (void)c;
  bk_dm_read_options o;
  OK(bk_dm_read_options_default(&o), 0);
  o.delimiter = (uint8_t)delimiter;
  o.header = header;
  o.id_column = idColumn;
  o.weight_column = weightColumn;
  o.skip_bad = skipBad;
  o.threads = (uint32_t)threads;
  o.sample_rate = sampleRate;
  o.max_total = (uint64_t)maxTotal;
  o.seed = (uint64_t)seed;
  char *p = get_cstr(env, path);
  if (p == NULL) return 0;
  bk_dm_stats *out = NULL;
  bk_dm_read_report r = {.struct_size = sizeof(bk_dm_read_report)};
  bk_status s = bk_dm_stats_read_file(p, &o, &out, &r);
  free(p);
  OK(s, 0);
  jlong rep[4] = {(jlong)r.rows, (jlong)r.skipped, (jlong)r.sampled_out, (jlong)r.thinned};
  (*env)->SetLongArrayRegion(env, report, 0, 4, rep);
  return (jlong)(intptr_t)out;
}

/* Fits and copies everything out of the result, which is freed here:
 * scalars = alpha_sum, theta, loglik, loglik_multinomial, lr_stat, lr_pvalue, aic, bic, grad_norm, weight;
 * ints = outcome, categories, iterations. */
FN(void, dmFit)(JNIEnv *env, jclass c, jlong h, jint maxIter, jdouble tol, jdouble hyperprior,
                jboolean dropEmpty, jdoubleArray scalars, jlongArray ints, jdoubleArray alpha,
                jdoubleArray mean, jdoubleArray stdErrors, jbooleanArray dropped, jint k) {
  (void)c;
  bk_dm_fit_options o;
  OK(bk_dm_fit_options_default(&o), );
  o.max_iter = (uint32_t)maxIter;
  o.tol = tol;
  o.hyperprior = hyperprior;
  o.drop_empty = dropEmpty;
  bk_dm_result *r = NULL;
  OK(bk_dm_fit(P(bk_dm_stats, h), &o, &r), );
  bk_dm_fit_summary sm = {.struct_size = sizeof(bk_dm_fit_summary)};
  double *buf = malloc(3 * (size_t)k * sizeof(double) + (size_t)k);
  bk_status s = buf == NULL ? BK_ERR_OUT_OF_MEMORY : bk_dm_result_summary(r, &sm);
  if (s == BK_OK) s = bk_dm_result_alpha(r, buf, (size_t)k);
  if (s == BK_OK) s = bk_dm_result_mean(r, buf + k, (size_t)k);
  if (s == BK_OK) s = bk_dm_result_std_errors(r, buf + 2 * k, (size_t)k);
  if (s == BK_OK) s = bk_dm_result_dropped(r, (uint8_t *)(buf + 3 * k), (size_t)k);
  bk_dm_result_free(r);
  if (s != BK_OK) { free(buf); throw_status(env, s); return; }
  double sc[10] = {sm.alpha_sum, sm.theta, sm.loglik, sm.loglik_multinomial, sm.lr_stat,
                   sm.lr_pvalue, sm.aic, sm.bic, sm.grad_norm, sm.weight};
  jlong in[3] = {(jlong)sm.outcome, (jlong)sm.categories, (jlong)sm.iterations};
  (*env)->SetDoubleArrayRegion(env, scalars, 0, 10, sc);
  (*env)->SetLongArrayRegion(env, ints, 0, 3, in);
  (*env)->SetDoubleArrayRegion(env, alpha, 0, k, buf);
  (*env)->SetDoubleArrayRegion(env, mean, 0, k, buf + k);
  (*env)->SetDoubleArrayRegion(env, stdErrors, 0, k, buf + 2 * k);
  (*env)->SetBooleanArrayRegion(env, dropped, 0, k, (const jboolean *)(buf + 3 * k));
  free(buf);
}

FN(jlong, dmPriorNew)(JNIEnv *env, jclass c, jdoubleArray alpha, jint k) {
  (void)c;
  double *a = get_doubles(env, alpha, k);
  if (a == NULL) return 0;
  bk_dm_prior *p = NULL;
  bk_status s = bk_dm_prior_new(a, (size_t)k, &p);
  free(a);
  OK(s, 0);
  return (jlong)(intptr_t)p;
}
FN(void, dmPriorFree)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; bk_dm_prior_free(P(bk_dm_prior, h)); }
FN(void, dmPriorPosteriorMean)(JNIEnv *env, jclass c, jlong h, jlongArray counts, jint k, jdoubleArray out) {
  (void)c;
  uint64_t *cs = get_counts(env, counts, k);
  double *buf = cs ? malloc((size_t)k * sizeof(double)) : NULL;
  if (buf == NULL) { free(cs); if (!(*env)->ExceptionCheck(env)) throw_oom(env, "bayeskit"); return; }
  bk_status s = bk_dm_prior_posterior_mean(P(bk_dm_prior, h), cs, (size_t)k, buf);
  if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, k, buf);
  free(cs); free(buf);
  OK(s, );
}
FN(jdoubleArray, dmPriorInterval)(JNIEnv *env, jclass c, jlong h, jlongArray counts, jint k, jint category,
                                  jdouble level) {
  (void)c;
  uint64_t *cs = get_counts(env, counts, k);
  if (cs == NULL) return NULL;
  double lo = 0, hi = 0;
  bk_status s = bk_dm_prior_interval(P(bk_dm_prior, h), cs, (size_t)k, (size_t)category, level, &lo, &hi);
  free(cs);
  OK(s, NULL);
  return doubles(env, (double[]){lo, hi}, 2);
}
/* counts (rows·k), scores (rows): pinned for the call, no copies. */
FN(void, dmPriorScoreRows)(JNIEnv *env, jclass c, jlong h, jlongArray counts, jint rows, jint k, jint by,
                           jint category, jdouble level, jdoubleArray scores) {
  (void)c;
  jlong *cs = (*env)->GetPrimitiveArrayCritical(env, counts, NULL);
  if (cs == NULL) { throw_oom(env, "bayeskit: pinning counts"); return; }
  jdouble *out = (*env)->GetPrimitiveArrayCritical(env, scores, NULL);
  if (out == NULL) {
    (*env)->ReleasePrimitiveArrayCritical(env, counts, cs, JNI_ABORT);
    throw_oom(env, "bayeskit: pinning scores");
    return;
  }
  bk_status s = bk_dm_prior_score_rows(P(bk_dm_prior, h), (const uint64_t *)cs, (size_t)rows, (size_t)k,
                                       (bk_dm_rank_by)by, (size_t)category, level, out);
  (*env)->ReleasePrimitiveArrayCritical(env, scores, out, s == BK_OK ? 0 : JNI_ABORT);
  (*env)->ReleasePrimitiveArrayCritical(env, counts, cs, JNI_ABORT);
  OK(s, );
}

/* A batch's posteriors in one crossing: counts (rows·k), and mean (or NULL), lower, upper (rows·k
 * each, distinct: checked by Java), pinned for the call. The intervals come first: all or
 * nothing; the means then cannot fail (the same prior and k). */
FN(void, dmPriorPosteriorRows)(JNIEnv *env, jclass c, jlong h, jlongArray counts, jint rows, jint k, jdouble level,
                               jdoubleArray mean, jdoubleArray lower, jdoubleArray upper) {
  (void)c;
  const bk_dm_prior *p = P(bk_dm_prior, h);
  jlong *cs = (*env)->GetPrimitiveArrayCritical(env, counts, NULL);
  jdouble *lo = cs ? (*env)->GetPrimitiveArrayCritical(env, lower, NULL) : NULL;
  jdouble *hi = lo ? (*env)->GetPrimitiveArrayCritical(env, upper, NULL) : NULL;
  jdouble *mn = hi && mean ? (*env)->GetPrimitiveArrayCritical(env, mean, NULL) : NULL;
  int pinned = hi != NULL && (mean == NULL || mn != NULL);
  bk_status s = BK_ERR_OUT_OF_MEMORY;
  if (pinned) {
    s = bk_dm_prior_intervals(p, (const uint64_t *)cs, (size_t)rows, (size_t)k, level, lo, hi);
    for (jint i = 0; s == BK_OK && mn != NULL && i < rows; i++)
      s = bk_dm_prior_posterior_mean(p, (const uint64_t *)cs + (size_t)i * (size_t)k, (size_t)k,
                                     mn + (size_t)i * (size_t)k);
  }
  jint mode = s == BK_OK ? 0 : JNI_ABORT;
  if (mn) (*env)->ReleasePrimitiveArrayCritical(env, mean, mn, mode);
  if (hi) (*env)->ReleasePrimitiveArrayCritical(env, upper, hi, mode);
  if (lo) (*env)->ReleasePrimitiveArrayCritical(env, lower, lo, mode);
  if (cs) (*env)->ReleasePrimitiveArrayCritical(env, counts, cs, JNI_ABORT);
  if (!pinned) { throw_oom(env, "bayeskit: pinning the posterior arrays"); return; }
  OK(s, );
}

/* ---- Logistic regression ------------------------------------------------- */

/* size_t offsets from Java's int offsets; NULL with an exception pending on failure. */
static size_t *offsets(JNIEnv *env, jintArray indptr, jint rows) {
  size_t n = (size_t)rows + 1;
  jint *tmp = malloc(n * sizeof(jint));
  size_t *out = malloc(n * sizeof(size_t));
  if (tmp == NULL || out == NULL) { free(tmp); free(out); throw_oom(env, "bayeskit: offsets"); return NULL; }
  (*env)->GetIntArrayRegion(env, indptr, 0, (jsize)n, tmp);
  for (size_t i = 0; i < n; i++) out[i] = (size_t)tmp[i];
  free(tmp);
  return out;
}

FN(jlong, logDataFromCsr)(JNIEnv *env, jclass c, jintArray indptr, jint rows, jintArray indices,
                          jdoubleArray values, jint nnz, jlong nFeatures, jintArray labels, jint nClasses,
                          jdoubleArray weights) {
  (void)c;
  size_t *ip = offsets(env, indptr, rows);
  if (ip == NULL) return 0;
  jint *ix = (*env)->GetIntArrayElements(env, indices, NULL);
  jdouble *vs = (*env)->GetDoubleArrayElements(env, values, NULL);
  jint *ls = (*env)->GetIntArrayElements(env, labels, NULL);
  jdouble *ws = weights ? (*env)->GetDoubleArrayElements(env, weights, NULL) : NULL;
  bk_status s = BK_ERR_OUT_OF_MEMORY;
  bk_logistic_data *d = NULL;
  if (ix && vs && ls && (weights == NULL || ws))
    s = bk_logistic_data_from_csr(ip, (size_t)rows, (const uint32_t *)ix, vs, (size_t)nnz, (size_t)nFeatures,
                                  (const uint32_t *)ls, (size_t)nClasses, ws, &d);
  if (ix) (*env)->ReleaseIntArrayElements(env, indices, ix, JNI_ABORT);
  if (vs) (*env)->ReleaseDoubleArrayElements(env, values, vs, JNI_ABORT);
  if (ls) (*env)->ReleaseIntArrayElements(env, labels, ls, JNI_ABORT);
  if (ws) (*env)->ReleaseDoubleArrayElements(env, weights, ws, JNI_ABORT);
  free(ip);
  if ((*env)->ExceptionCheck(env)) { bk_logistic_data_free(d); return 0; }
  OK(s, 0);
  return (jlong)(intptr_t)d;
}

static void read_report(JNIEnv *env, jlongArray report, const bk_logistic_read_report *r) {
  jlong rep[4] = {(jlong)r->rows, (jlong)r->skipped, (jlong)r->out_of_vocabulary, (jlong)r->id_base};
  (*env)->SetLongArrayRegion(env, report, 0, 4, rep);
}

/* kind: 0 svmlight, 1 phrases, 2 phrases in the feature space of `model` */
FN(jlong, logDataRead)(JNIEnv *env, jclass c, jint kind, jlong model, jbyteArray path, jint idBase,
                       jlong nFeatures, jlong maxFeatures, jlong minCount, jint hashBits, jint hashSeed,
                       jboolean skipBad, jlongArray report) {
  (void)c;
  bk_logistic_read_options o;
  OK(bk_logistic_read_options_default(&o), 0);
  o.id_base = (bk_logistic_id_base)idBase;
  o.n_features = (uint64_t)nFeatures;
  o.max_features = (uint64_t)maxFeatures;
  o.min_count = (uint64_t)minCount;
  o.hash_bits = (uint32_t)hashBits;
  o.hash_seed = (uint32_t)hashSeed;
  o.skip_bad = skipBad;
  char *p = get_cstr(env, path);
  if (p == NULL) return 0;
  bk_logistic_data *d = NULL;
  bk_logistic_read_report r = {.struct_size = sizeof(bk_logistic_read_report)};
  bk_status s = kind == 0   ? bk_logistic_data_read_svmlight(p, &o, &d, &r)
                : kind == 1 ? bk_logistic_data_read_phrases(p, &o, &d, &r)
                            : bk_logistic_data_read_phrases_for(P(bk_logistic_model, model), p, &o, &d, &r);
  free(p);
  OK(s, 0);
  read_report(env, report, &r);
  return (jlong)(intptr_t)d;
}
FN(void, logDataFree)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; bk_logistic_data_free(P(bk_logistic_data, h)); }
/* which: 0 rows, 1 classes, 2 features */
FN(jlong, logDataSize)(JNIEnv *env, jclass c, jlong h, jint which) {
  (void)c; size_t out = 0; const bk_logistic_data *d = P(bk_logistic_data, h);
  OK(which == 0 ? bk_logistic_data_rows(d, &out) : which == 1 ? bk_logistic_data_classes(d, &out)
                                                              : bk_logistic_data_features(d, &out), 0);
  return (jlong)out;
}

static bk_status train_options(bk_logistic_train_options *o, jint maxIter, jdouble lambda, jdouble l1Ratio,
                               jdouble tol, jint threads, jint laplace) {
  bk_status s = bk_logistic_train_options_default(o);
  o->max_iter = (uint32_t)maxIter;
  o->lambda = lambda;
  o->l1_ratio = l1Ratio;
  o->tol = tol;
  o->threads = (uint32_t)threads;
  o->laplace = (uint32_t)laplace;
  return s;
}

FN(jlong, logTrain)(JNIEnv *env, jclass c, jlong data, jint maxIter, jdouble lambda, jdouble l1Ratio,
                    jdouble tol, jint threads, jint laplace, jdoubleArray classWeights, jint k) {
  (void)c;
  bk_logistic_train_options o;
  OK(train_options(&o, maxIter, lambda, l1Ratio, tol, threads, laplace), 0);
  bk_logistic_model *m = NULL;
  bk_status s;
  if (classWeights == NULL) {
    s = bk_logistic_train(P(bk_logistic_data, data), &o, &m);
  } else {
    double *w = get_doubles(env, classWeights, k);
    if (w == NULL) return 0;
    s = bk_logistic_train_weighted(P(bk_logistic_data, data), &o, w, (size_t)k, &m);
    free(w);
  }
  OK(s, 0);
  return (jlong)(intptr_t)m;
}
FN(void, logModelFree)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; bk_logistic_model_free(P(bk_logistic_model, h)); }
FN(void, logModelSave)(JNIEnv *env, jclass c, jlong h, jbyteArray path) {
  (void)c;
  char *p = get_cstr(env, path);
  if (p == NULL) return;
  bk_status s = bk_logistic_model_save(P(bk_logistic_model, h), p);
  free(p);
  OK(s, );
}
FN(jlong, logModelLoad)(JNIEnv *env, jclass c, jbyteArray path) {
  (void)c;
  char *p = get_cstr(env, path);
  if (p == NULL) return 0;
  bk_logistic_model *m = NULL;
  bk_status s = bk_logistic_model_load(p, &m);
  free(p);
  OK(s, 0);
  return (jlong)(intptr_t)m;
}
/* json: 0 the model bytes, 1 the JSON text (without its NUL) */
FN(jbyteArray, logModelBytes)(JNIEnv *env, jclass c, jlong h, jboolean json) {
  (void)c;
  const bk_logistic_model *m = P(bk_logistic_model, h);
  size_t len = 0;
  OK(json ? bk_logistic_model_to_json(m, NULL, 0, &len) : bk_logistic_model_to_bytes(m, NULL, 0, &len), NULL);
  uint8_t *buf = malloc(len ? len : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: serialisation buffer"); return NULL; }
  bk_status s = json ? bk_logistic_model_to_json(m, (char *)buf, len, &len)
                     : bk_logistic_model_to_bytes(m, buf, len, &len);
  jbyteArray r = s == BK_OK ? bytes_of(env, buf, json && len > 0 ? len - 1 : len) : NULL;
  free(buf);
  OK(s, NULL);
  return r;
}
FN(jlong, logModelFromBytes)(JNIEnv *env, jclass c, jbyteArray bytes, jint n) {
  (void)c;
  uint8_t *buf = malloc(n ? (size_t)n : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: copying bytes"); return 0; }
  (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *)buf);
  bk_logistic_model *m = NULL;
  bk_status s = bk_logistic_model_from_bytes(buf, (size_t)n, &m);
  free(buf);
  OK(s, 0);
  return (jlong)(intptr_t)m;
}
/* which: 0 classes, 1 features, 2 nnz */
FN(jlong, logModelSize)(JNIEnv *env, jclass c, jlong h, jint which) {
  (void)c; size_t out = 0; const bk_logistic_model *m = P(bk_logistic_model, h);
  OK(which == 0 ? bk_logistic_model_classes(m, &out) : which == 1 ? bk_logistic_model_features(m, &out)
                                                                  : bk_logistic_model_nnz(m, &out), 0);
  return (jlong)out;
}
FN(jbyteArray, logModelLabel)(JNIEnv *env, jclass c, jlong h, jint i) {
  (void)c;
  size_t len = 0;
  OK(bk_logistic_model_label(P(bk_logistic_model, h), (size_t)i, NULL, 0, &len), NULL);
  char *buf = malloc(len); /* the size counts the NUL */
  if (buf == NULL) { throw_oom(env, "bayeskit: label buffer"); return NULL; }
  bk_status s = bk_logistic_model_label(P(bk_logistic_model, h), (size_t)i, buf, len, &len);
  jbyteArray r = s == BK_OK ? bytes_of(env, (const uint8_t *)buf, len - 1) : NULL;
  free(buf);
  OK(s, NULL);
  return r;
}
/* scalars = lambda, l1_ratio, objective, grad_norm, tol; ints = rows, iterations, converged */
FN(void, logModelInfo)(JNIEnv *env, jclass c, jlong h, jdoubleArray scalars, jlongArray ints) {
  (void)c;
  bk_logistic_info i = {.struct_size = sizeof(bk_logistic_info)};
  OK(bk_logistic_model_info(P(bk_logistic_model, h), &i), );
  double sc[5] = {i.lambda, i.l1_ratio, i.objective, i.grad_norm, i.tol};
  jlong in[3] = {(jlong)i.rows, (jlong)i.iterations, (jlong)i.converged};
  (*env)->SetDoubleArrayRegion(env, scalars, 0, 5, sc);
  (*env)->SetLongArrayRegion(env, ints, 0, 3, in);
}
FN(jint, logModelFeatureId)(JNIEnv *env, jclass c, jlong h, jbyteArray phrase) {
  (void)c;
  char *p = get_cstr(env, phrase);
  if (p == NULL) return 0;
  uint32_t id = 0;
  bk_status s = bk_logistic_model_feature_id(P(bk_logistic_model, h), p, &id);
  free(p);
  OK(s, 0);
  return (jint)id;
}

/* out = kind, features, hash bits, hash seed */
FN(void, logModelFeatureSpace)(JNIEnv *env, jclass c, jlong h, jlongArray out) {
  (void)c;
  bk_feature_space fs = {.struct_size = sizeof(bk_feature_space)};
  OK(bk_logistic_model_feature_space(P(bk_logistic_model, h), &fs), );
  jlong v[4] = {(jlong)fs.kind, (jlong)fs.features, (jlong)fs.hash_bits, (jlong)fs.hash_seed};
  (*env)->SetLongArrayRegion(env, out, 0, 4, v);
}

/* One row: ids and values copied into stack buffers (heap beyond 256 entries). */
FN(void, logPredict)(JNIEnv *env, jclass c, jlong h, jintArray ids, jdoubleArray values, jint nnz,
                     jdoubleArray out, jint k, jboolean log) {
  (void)c;
  enum { SMALL = 256, SMALL_K = 64 };
  uint32_t ids_s[SMALL];
  double vals_s[SMALL], out_s[SMALL_K];
  uint32_t *ix = ids_s;
  double *vs = vals_s, *o = out_s;
  if (nnz > SMALL) {
    ix = malloc((size_t)nnz * sizeof(uint32_t));
    vs = malloc((size_t)nnz * sizeof(double));
  }
  if (k > SMALL_K) o = malloc((size_t)k * sizeof(double));
  bk_status s = BK_ERR_OUT_OF_MEMORY;
  if (ix && vs && o) {
    (*env)->GetIntArrayRegion(env, ids, 0, nnz, (jint *)ix);
    (*env)->GetDoubleArrayRegion(env, values, 0, nnz, vs);
    const bk_logistic_model *m = P(bk_logistic_model, h);
    s = log ? bk_logistic_model_predict_log_proba(m, ix, vs, (size_t)nnz, o, (size_t)k)
            : bk_logistic_model_predict_proba(m, ix, vs, (size_t)nnz, o, (size_t)k);
    if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, k, o);
  }
  if (ix != ids_s) free(ix);
  if (vs != vals_s) free(vs);
  if (o != out_s) free(o);
  OK(s, );
}

/*
 * CSR batches are scored in chunks of CHUNK rows: the chunk's int offsets are
 * copied (GetIntArrayRegion) into a stack buffer and widened to size_t, and
 * indices, values and the outputs are pinned (critical) for that chunk only —
 * no malloc per batch, and no critical section longer than one chunk's scoring
 * (~0.2 ms), so a GC is never held up for a whole batch. Each row's result is
 * bit for bit the same as in one call (rows are independent). Java has checked
 * the offsets, so only a model error (k, covariances) can fail, and it fails on
 * the first chunk, before any output is written.
 * var: NULL for plain probabilities; else moderated (varOut may be NULL then).
 */
enum { CHUNK = 2048 };

static void score_batch(JNIEnv *env, jlong h, jintArray indptr, jint rows, jintArray indices, jdoubleArray values,
                        jdoubleArray out, jboolean moderated, jdoubleArray varOut, jint k) {
  jint offs[CHUNK + 1];
  size_t ip[CHUNK + 1];
  const bk_logistic_model *m = P(bk_logistic_model, h);
  bk_status s = BK_OK;
  jint r0 = 0;
  do { /* at least once, so that an empty batch still checks the model (k, covariances) */
    jint n = rows - r0 < CHUNK ? rows - r0 : CHUNK;
    (*env)->GetIntArrayRegion(env, indptr, r0, n + 1, offs);
    for (jint i = 0; i <= n; i++) ip[i] = (size_t)(offs[i] - offs[0]);
    size_t base = (size_t)offs[0], o0 = (size_t)r0 * (size_t)k;
    char *ix = (*env)->GetPrimitiveArrayCritical(env, indices, NULL);
    char *vs = ix ? (*env)->GetPrimitiveArrayCritical(env, values, NULL) : NULL;
    char *o = vs ? (*env)->GetPrimitiveArrayCritical(env, out, NULL) : NULL;
    char *v = o && varOut ? (*env)->GetPrimitiveArrayCritical(env, varOut, NULL) : NULL;
    if (o == NULL || (varOut != NULL && v == NULL)) {
      s = BK_ERR_OUT_OF_MEMORY;
    } else if (!moderated) {
      s = bk_logistic_model_predict_proba_batch(m, ip, (size_t)n, (const uint32_t *)ix + base,
                                                (const double *)vs + base, ip[n], (double *)o + o0, (size_t)k);
    } else {
      s = bk_logistic_model_predict_moderated_batch(m, ip, (size_t)n, (const uint32_t *)ix + base,
                                                    (const double *)vs + base, ip[n], (double *)o + o0,
                                                    v ? (double *)v + o0 : NULL, (size_t)k);
    }
    if (v) (*env)->ReleasePrimitiveArrayCritical(env, varOut, v, 0);
    if (o) (*env)->ReleasePrimitiveArrayCritical(env, out, o, 0);
    if (vs) (*env)->ReleasePrimitiveArrayCritical(env, values, vs, JNI_ABORT);
    if (ix) (*env)->ReleasePrimitiveArrayCritical(env, indices, ix, JNI_ABORT);
    if (s == BK_ERR_OUT_OF_MEMORY && (o == NULL || (varOut != NULL && v == NULL))) {
      throw_oom(env, "bayeskit: pinning arrays");
      return;
    }
    OK(s, );
    r0 += n;
  } while (r0 < rows);
}

FN(void, logPredictBatch)(JNIEnv *env, jclass c, jlong h, jintArray indptr, jint rows, jintArray indices,
                          jdoubleArray values, jint nnz, jdoubleArray out, jint k) {
  (void)c; (void)nnz;
  score_batch(env, h, indptr, rows, indices, values, out, JNI_FALSE, NULL, k);
}

/* scalars = log_loss, accuracy; ints = clipped, rows; the per-class arrays (k·k, k, k) */
FN(void, logEvaluate)(JNIEnv *env, jclass c, jlong model, jlong data, jdouble clip, jdoubleArray scalars,
                      jlongArray ints, jdoubleArray confusion, jdoubleArray precision, jdoubleArray recall,
                      jint k) {
  (void)c;
  bk_logistic_eval_options o;
  OK(bk_logistic_eval_options_default(&o), );
  o.clip = clip;
  double *buf = malloc(((size_t)k * k + 2 * (size_t)k) * sizeof(double));
  if (buf == NULL) { throw_oom(env, "bayeskit: evaluation buffers"); return; }
  bk_logistic_eval e = {.struct_size = sizeof(bk_logistic_eval)};
  bk_status s = bk_logistic_evaluate(P(bk_logistic_model, model), P(bk_logistic_data, data), &o, &e, buf,
                                     buf + (size_t)k * k, buf + (size_t)k * k + k, (size_t)k);
  if (s == BK_OK) {
    double sc[2] = {e.log_loss, e.accuracy};
    jlong in[2] = {(jlong)e.clipped, (jlong)e.rows};
    (*env)->SetDoubleArrayRegion(env, scalars, 0, 2, sc);
    (*env)->SetLongArrayRegion(env, ints, 0, 2, in);
    (*env)->SetDoubleArrayRegion(env, confusion, 0, k * k, buf);
    (*env)->SetDoubleArrayRegion(env, precision, 0, k, buf + (size_t)k * k);
    (*env)->SetDoubleArrayRegion(env, recall, 0, k, buf + (size_t)k * k + k);
  }
  free(buf);
  OK(s, );
}

/* ---- Logistic uncertainty: Laplace covariances, predictive, the path ------ */

FN(jlong, logLaplace)(JNIEnv *env, jclass c, jlong model, jlong data, jint method, jdoubleArray classWeights,
                      jint k) {
  (void)c;
  double *w = NULL;
  if (classWeights != NULL && (w = get_doubles(env, classWeights, k)) == NULL) return 0;
  bk_logistic_model *m = NULL;
  bk_status s = bk_logistic_laplace(P(bk_logistic_model, model), P(bk_logistic_data, data), (uint32_t)method, w,
                                    w ? (size_t)k : 0, &m);
  free(w);
  OK(s, 0);
  return (jlong)(intptr_t)m;
}

FN(jint, logModelLaplace)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  uint32_t method = 0;
  OK(bk_logistic_model_laplace(P(bk_logistic_model, h), &method), 0);
  return (jint)method;
}

/* The packed block of feature `featureId`, or of the intercepts; len = K(K+1)/2 (checked by Java). */
FN(void, logModelCovariance)(JNIEnv *env, jclass c, jlong h, jboolean intercept, jint featureId, jdoubleArray out,
                             jint len) {
  (void)c;
  enum { SMALL = 528 }; /* K ≤ 32 on the stack */
  double small[SMALL];
  double *buf = len <= SMALL ? small : malloc((size_t)len * sizeof(double));
  if (buf == NULL) { throw_oom(env, "bayeskit: covariance buffer"); return; }
  const bk_logistic_model *m = P(bk_logistic_model, h);
  bk_status s = intercept ? bk_logistic_model_intercept_covariance(m, buf, (size_t)len)
                          : bk_logistic_model_covariance(m, (uint32_t)featureId, buf, (size_t)len);
  if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, len, buf);
  if (buf != small) free(buf);
  OK(s, );
}

/* One row's ids and values: region copies into the caller's stack buffers of ROW_SMALL
 * entries, or into heap copies beyond that. Returns 0 (exception pending) on failure. */
enum { ROW_SMALL = 256, K_SMALL = 64 };
static int row_in(JNIEnv *env, jintArray ids, jdoubleArray values, jint nnz, uint32_t *ix_s, double *vs_s,
                  uint32_t **ix, double **vs) {
  *ix = ix_s;
  *vs = vs_s;
  if (nnz > ROW_SMALL) {
    *ix = malloc((size_t)nnz * sizeof(uint32_t));
    *vs = malloc((size_t)nnz * sizeof(double));
    if (*ix == NULL || *vs == NULL) {
      free(*ix); free(*vs);
      *ix = NULL; *vs = NULL;
      throw_oom(env, "bayeskit: copying a row");
      return 0;
    }
  }
  (*env)->GetIntArrayRegion(env, ids, 0, nnz, (jint *)*ix);
  (*env)->GetDoubleArrayRegion(env, values, 0, nnz, *vs);
  return 1;
}

static void row_free(uint32_t *ix, double *vs, const uint32_t *ix_s) {
  if (ix != ix_s) { free(ix); free(vs); }
}

/* proba and logitVar: k values each (checked by Java); stack for k ≤ K_SMALL. */
FN(void, logPredictModerated)(JNIEnv *env, jclass c, jlong h, jintArray ids, jdoubleArray values, jint nnz,
                              jdoubleArray proba, jdoubleArray logitVar, jint k) {
  (void)c;
  uint32_t ids_s[ROW_SMALL];
  double vals_s[ROW_SMALL], out_s[2 * K_SMALL];
  uint32_t *ix;
  double *vs;
  if (!row_in(env, ids, values, nnz, ids_s, vals_s, &ix, &vs)) return;
  double *o = k <= K_SMALL ? out_s : malloc(2 * (size_t)k * sizeof(double));
  bk_status s = BK_ERR_OUT_OF_MEMORY;
  if (o != NULL) {
    s = bk_logistic_model_predict_moderated(P(bk_logistic_model, h), ix, vs, (size_t)nnz, o, o + k, (size_t)k);
    if (s == BK_OK) {
      (*env)->SetDoubleArrayRegion(env, proba, 0, k, o);
      (*env)->SetDoubleArrayRegion(env, logitVar, 0, k, o + k);
    }
  }
  row_free(ix, vs, ids_s);
  if (o != out_s) free(o);
  if (o == NULL) { throw_oom(env, "bayeskit: output buffer"); return; }
  OK(s, );
}

FN(void, logPredictModeratedBatch)(JNIEnv *env, jclass c, jlong h, jintArray indptr, jint rows, jintArray indices,
                                   jdoubleArray values, jdoubleArray proba, jdoubleArray logitVar, jint k) {
  (void)c;
  score_batch(env, h, indptr, rows, indices, values, proba, JNI_TRUE, logitVar, k);
}

/* The calling thread's scratch of at least n doubles, kept for its next call (freed at thread
 * exit); NULL if n is over KEEP (the caller then mallocs for this call only) or on failure. */
struct scratch { size_t cap; double data[]; };
enum { SCRATCH_KEEP = 1 << 20 }; /* 8 MB */
static double *thread_scratch(size_t n) {
  if (!g_scratch_ok || n > SCRATCH_KEEP) return NULL;
  struct scratch *sc = pthread_getspecific(g_scratch_key);
  if (sc == NULL || sc->cap < n) {
    struct scratch *t = realloc(sc, sizeof *sc + n * sizeof(double));
    if (t == NULL) return NULL;
    t->cap = n;
    if (pthread_setspecific(g_scratch_key, t) != 0) { free(t); return NULL; }
    sc = t;
  }
  return sc->data;
}

/* Monte Carlo predictive of one row; mean, lower, upper: k values each (checked by Java). */
FN(void, logPredictMc)(JNIEnv *env, jclass c, jlong h, jintArray ids, jdoubleArray values, jint nnz, jlong rng,
                       jlong draws, jdouble level, jdoubleArray mean, jdoubleArray lower, jdoubleArray upper, jint k) {
  (void)c;
  bk_logistic_mc_options o;
  OK(bk_logistic_mc_options_default(&o), );
  o.draws = (uint64_t)draws;
  o.level = level;
  size_t len = 0; /* bad draws: the C API's status and message */
  OK(bk_logistic_mc_scratch_size((size_t)k, (uint64_t)draws, &len), );
  double *scratch = thread_scratch(len);
  double *owned = NULL;
  if (scratch == NULL && (scratch = owned = malloc(len * sizeof(double))) == NULL) {
    throw_oom(env, "bayeskit: Monte Carlo scratch");
    return;
  }
  uint32_t ids_s[ROW_SMALL];
  double vals_s[ROW_SMALL], out_s[3 * K_SMALL];
  uint32_t *ix;
  double *vs;
  if (!row_in(env, ids, values, nnz, ids_s, vals_s, &ix, &vs)) { free(owned); return; }
  double *out = k <= K_SMALL ? out_s : malloc(3 * (size_t)k * sizeof(double));
  bk_status s = BK_ERR_OUT_OF_MEMORY;
  if (out != NULL) {
    s = bk_logistic_model_predict_mc(P(bk_logistic_model, h), ix, vs, (size_t)nnz, P(bk_rng, rng), &o, scratch,
                                     len, out, out + k, out + 2 * k, (size_t)k);
    if (s == BK_OK) {
      (*env)->SetDoubleArrayRegion(env, mean, 0, k, out);
      (*env)->SetDoubleArrayRegion(env, lower, 0, k, out + k);
      (*env)->SetDoubleArrayRegion(env, upper, 0, k, out + 2 * k);
    }
  }
  row_free(ix, vs, ids_s);
  free(owned);
  if (out != out_s) free(out);
  if (out == NULL) { throw_oom(env, "bayeskit: output buffer"); return; }
  OK(s, );
}

FN(jlong, logPathFit)(JNIEnv *env, jclass c, jlong data, jint maxIter, jdouble lambda, jdouble l1Ratio, jdouble tol,
                      jint threads, jint laplace, jint nLambdas, jdouble minRatio, jdoubleArray lambdas, jint nValues,
                      jlong seed, jint folds, jint choice, jboolean earlyStop, jdoubleArray classWeights, jint k) {
  (void)c;
  bk_logistic_train_options to;
  OK(train_options(&to, maxIter, lambda, l1Ratio, tol, threads, laplace), 0);
  bk_logistic_path_options po;
  OK(bk_logistic_path_options_default(&po), 0);
  po.n_lambdas = (uint32_t)nLambdas;
  po.min_ratio = minRatio;
  po.seed = (uint64_t)seed;
  po.folds = (uint32_t)folds;
  po.choice = (uint32_t)choice;
  po.early_stop = earlyStop ? 1 : 0;
  double *ls = NULL, *w = NULL;
  if (lambdas != NULL && (ls = get_doubles(env, lambdas, nValues)) == NULL) return 0;
  if (classWeights != NULL && (w = get_doubles(env, classWeights, k)) == NULL) { free(ls); return 0; }
  po.lambdas = ls;
  po.n_values = ls ? (size_t)nValues : 0;
  bk_logistic_path *p = NULL;
  bk_status s = w ? bk_logistic_path_fit_weighted(P(bk_logistic_data, data), &to, &po, w, (size_t)k, &p)
                  : bk_logistic_path_fit(P(bk_logistic_data, data), &to, &po, &p);
  free(ls); free(w);
  OK(s, 0);
  return (jlong)(intptr_t)p;
}

FN(void, logPathFree)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; bk_logistic_path_free(P(bk_logistic_path, h)); }

/* ints = len, stopped_early, has_cv; returns lambda_max */
FN(jdouble, logPathInfo)(JNIEnv *env, jclass c, jlong h, jlongArray ints) {
  (void)c;
  const bk_logistic_path *p = P(bk_logistic_path, h);
  size_t len = 0;
  uint8_t stopped = 0, has_cv = 0;
  double lmax = 0;
  OK(bk_logistic_path_len(p, &len), 0);
  OK(bk_logistic_path_stopped_early(p, &stopped), 0);
  OK(bk_logistic_path_has_cv(p, &has_cv), 0);
  OK(bk_logistic_path_lambda_max(p, &lmax), 0);
  jlong in[3] = {(jlong)len, (jlong)stopped, (jlong)has_cv};
  (*env)->SetLongArrayRegion(env, ints, 0, 3, in);
  return lmax;
}

/* Step i: d = lambda, loss, objective, cv_mean, cv_se; l = nnz, iterations, converged. */
FN(void, logPathStep)(JNIEnv *env, jclass c, jlong h, jint i, jdoubleArray d, jlongArray l) {
  (void)c;
  bk_logistic_step st = {.struct_size = sizeof(bk_logistic_step)};
  OK(bk_logistic_path_step(P(bk_logistic_path, h), (size_t)i, &st), );
  double dd[5] = {st.lambda, st.loss, st.objective, st.cv_mean, st.cv_se};
  jlong ll[3] = {(jlong)st.nnz, (jlong)st.iterations, (jlong)st.converged};
  (*env)->SetDoubleArrayRegion(env, d, 0, 5, dd);
  (*env)->SetLongArrayRegion(env, l, 0, 3, ll);
}

/* i ≥ 0: the model of step i; i = -1: the chosen model of a cross-validated path. */
FN(jlong, logPathModel)(JNIEnv *env, jclass c, jlong h, jint i) {
  (void)c;
  bk_logistic_model *m = NULL;
  OK(i < 0 ? bk_logistic_path_chosen_model(P(bk_logistic_path, h), &m)
           : bk_logistic_path_model(P(bk_logistic_path, h), (size_t)i, &m), 0);
  return (jlong)(intptr_t)m;
}

/* ints = folds, seed, best, one_se, chosen, choice */
FN(void, logPathCv)(JNIEnv *env, jclass c, jlong h, jlongArray ints) {
  (void)c;
  bk_logistic_cv_summary cv = {.struct_size = sizeof(bk_logistic_cv_summary)};
  OK(bk_logistic_path_cv(P(bk_logistic_path, h), &cv), );
  jlong in[6] = {(jlong)cv.folds, (jlong)cv.seed, (jlong)cv.best, (jlong)cv.one_se, (jlong)cv.chosen, (jlong)cv.choice};
  (*env)->SetLongArrayRegion(env, ints, 0, 6, in);
}

FN(void, logPathCvFolds)(JNIEnv *env, jclass c, jlong h, jint i, jdoubleArray out, jint folds) {
  (void)c;
  double *buf = malloc((size_t)(folds > 0 ? folds : 1) * sizeof(double));
  if (buf == NULL) { throw_oom(env, "bayeskit: fold buffer"); return; }
  bk_status s = bk_logistic_path_cv_folds(P(bk_logistic_path, h), (size_t)i, buf, (size_t)folds);
  if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, folds, buf);
  free(buf);
  OK(s, );
}
