/*
 * JNI shim of the bayeskit JVM binding: every function here calls only the
 * public C API (include/bayeskit.h) and is linked with the static library into
 * libbayeskit_jni.so, which exports only JNI_OnLoad and the Java_* symbols
 * (exports.map).
 *
 * It mirrors the C API: one native per C function, named after it in camel
 * case without the bk_ (bk_beta_mean is Native.betaMean, bk_logistic_path_step
 * Native.logisticPathStep). A plain value crosses as its Java record (a bk_beta
 * is read from the fields of an org.bayeskit.Beta); a result struct comes back
 * as a Java record built here through its canonical constructor (bk_comparison
 * as Comparison, bk_logistic_step as PathStep, ...), an enumeration as its Java
 * constant (through the enum's static of), a handle as a jlong. Batch calls over
 * primitive arrays (CSR scoring, rows of counts) stay one crossing per batch and
 * write arrays. Every class and member used is looked up once, in JNI_OnLoad.
 *
 * Contract with org.bayeskit.Native (Java): the Java side has already checked
 * every array length, offset, count and non-null reference passed here, every
 * handle is live (the Java handle holds a lock across the call), and strings
 * arrive as NUL-terminated UTF-8 byte arrays. A failing bk_* call becomes a
 * thrown org.bayeskit.BayeskitException(status, message), after the shim has
 * freed what it allocated; it then returns a dummy value that Java never sees.
 */
#include <jni.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bayeskit.h"

/* ---- the Java side, looked up once ---------------------------------------
 * Each entry is a class and the one method of it the shim calls: a constructor
 * ("<init>", the canonical one for a record) or an enum's static of(code). */
enum {
  NEW_EXCEPTION, NEW_OOM, NEW_STRING,
  NEW_INTERVAL, NEW_METHOD_REPORT, NEW_COMPARISON, NEW_COMPARE_SUMMARY, NEW_PROB_BEST,
  NEW_BETA, NEW_GAMMA, NEW_NORMAL_KNOWN_VAR, NEW_NORMAL_GAMMA,
  NEW_READ, NEW_DM_READ_REPORT, NEW_DM_FIT_SUMMARY, NEW_READ_REPORT, NEW_TRAINING_INFO, NEW_FEATURE_SPACE,
  NEW_EVALUATION, NEW_PATH_STEP, NEW_CV_SUMMARY,
  NEW_COMPARE_OPTIONS, NEW_DM_READ_OPTIONS, NEW_DM_FIT_OPTIONS, NEW_READ_OPTIONS, NEW_TRAIN_OPTIONS,
  NEW_MC_OPTIONS, NEW_PATH_OPTIONS, NEW_BANDIT_OPTIONS, NEW_BANDIT_REPORT_OPTIONS, NEW_BANDIT_SUMMARY,
  NEW_PRIOR_FIT_OPTIONS, NEW_BETA_PRIOR_FIT, NEW_GAMMA_PRIOR_FIT, NEW_ALWAYS_VALID_LOOK,
  OF_COMPARISON_METHOD, OF_DM_OUTCOME, OF_ID_BASE, OF_LAPLACE, OF_CV_CHOICE, OF_FEATURE_SPACE_KIND,
  N_METHODS
};
#define BK "org/bayeskit/"
static const struct { const char *cls, *name, *sig; } METHODS[N_METHODS] = {
  [NEW_EXCEPTION] = {BK "BayeskitException", "<init>", "(ILjava/lang/String;)V"},
  [NEW_OOM] = {"java/lang/OutOfMemoryError", "<init>", "(Ljava/lang/String;)V"},
  [NEW_STRING] = {"java/lang/String", "<init>", "([BLjava/lang/String;)V"},
  [NEW_INTERVAL] = {BK "Interval", "<init>", "(DD)V"},
  [NEW_METHOD_REPORT] = {BK "MethodReport", "<init>", "(L" BK "ComparisonMethod;JD)V"},
  [NEW_COMPARISON] = {BK "Comparison", "<init>", "(DDDL" BK "MethodReport;)V"},
  [NEW_COMPARE_SUMMARY] = {BK "CompareSummary", "<init>", "(DDDDL" BK "Interval;L" BK "MethodReport;)V"},
  [NEW_PROB_BEST] = {BK "ProbBest", "<init>", "([DL" BK "MethodReport;)V"},
  [NEW_BETA] = {BK "Beta", "<init>", "(DD)V"},
  [NEW_GAMMA] = {BK "Gamma", "<init>", "(DD)V"},
  [NEW_NORMAL_KNOWN_VAR] = {BK "NormalKnownVar", "<init>", "(DDD)V"},
  [NEW_NORMAL_GAMMA] = {BK "NormalGamma", "<init>", "(DDDD)V"},
  [NEW_READ] = {BK "Native$Read", "<init>", "(JLjava/lang/Object;)V"},
  [NEW_DM_READ_REPORT] = {BK "DmReadReport", "<init>", "(JJJJ)V"},
  [NEW_DM_FIT_SUMMARY] = {BK "DmFitSummary", "<init>", "(L" BK "DmOutcome;JDDDDDDDDJDD)V"},
  [NEW_READ_REPORT] = {BK "ReadReport", "<init>", "(JJJL" BK "IdBase;)V"},
  [NEW_TRAINING_INFO] = {BK "TrainingInfo", "<init>", "(DDDDDJJZ)V"},
  [NEW_FEATURE_SPACE] = {BK "FeatureSpace", "<init>", "(L" BK "FeatureSpace$Kind;JII)V"},
  [NEW_EVALUATION] = {BK "Evaluation", "<init>", "(DDJJ[D[D[D)V"},
  [NEW_PATH_STEP] = {BK "PathStep", "<init>", "(DDDJJZDDD)V"},
  [NEW_CV_SUMMARY] = {BK "CvSummary", "<init>", "(IJIIIL" BK "CvChoice;)V"},
  [NEW_COMPARE_OPTIONS] = {BK "CompareOptions", "<init>", "(D)V"},
  [NEW_DM_READ_OPTIONS] = {BK "DmReadOptions", "<init>", "(BZZJZIDJJ)V"},
  [NEW_DM_FIT_OPTIONS] = {BK "DmFitOptions", "<init>", "(IDDZ)V"},
  [NEW_READ_OPTIONS] = {BK "ReadOptions", "<init>", "(L" BK "IdBase;JJJIIZ)V"},
  [NEW_TRAIN_OPTIONS] = {BK "TrainOptions", "<init>", "(IDDDIL" BK "Laplace;D)V"},
  [NEW_MC_OPTIONS] = {BK "McOptions", "<init>", "(JD)V"},
  [NEW_PATH_OPTIONS] = {BK "PathOptions", "<init>", "(ID[DJIL" BK "CvChoice;Z)V"},
  [NEW_PRIOR_FIT_OPTIONS] = {BK "PriorFitOptions", "<init>", "(ID)V"},
  [NEW_BETA_PRIOR_FIT] = {BK "BetaPriorFit", "<init>", "(L" BK "DmOutcome;DDDDDDDDDDJJ)V"},
  [NEW_GAMMA_PRIOR_FIT] = {BK "GammaPriorFit", "<init>", "(L" BK "DmOutcome;DDDDDDDDDDJJ)V"},
  [NEW_ALWAYS_VALID_LOOK] = {BK "AlwaysValidLook", "<init>", "(ZDDDDDD)V"},
  [NEW_BANDIT_OPTIONS] = {BK "BanditOptions", "<init>", "(D)V"},
  [NEW_BANDIT_REPORT_OPTIONS] = {BK "BanditReportOptions", "<init>", "(JD)V"},
  [NEW_BANDIT_SUMMARY] = {BK "BanditSummary", "<init>", "(JDDJL" BK "MethodReport;)V"},
  [OF_COMPARISON_METHOD] = {BK "ComparisonMethod", "of", "(I)L" BK "ComparisonMethod;"},
  [OF_DM_OUTCOME] = {BK "DmOutcome", "of", "(I)L" BK "DmOutcome;"},
  [OF_ID_BASE] = {BK "IdBase", "of", "(I)L" BK "IdBase;"},
  [OF_LAPLACE] = {BK "Laplace", "of", "(I)L" BK "Laplace;"},
  [OF_CV_CHOICE] = {BK "CvChoice", "of", "(J)L" BK "CvChoice;"},
  [OF_FEATURE_SPACE_KIND] = {BK "FeatureSpace$Kind", "of", "(J)L" BK "FeatureSpace$Kind;"},
};

/* The fields of the plain values, read into the C structs (in the structs' order). */
enum {
  F_BETA_ALPHA, F_BETA_BETA, F_GAMMA_SHAPE, F_GAMMA_RATE, F_NKV_MEAN, F_NKV_SD, F_NKV_NOISE_SD,
  F_NG_M, F_NG_KAPPA, F_NG_ALPHA, F_NG_BETA, N_FIELDS
};
static const struct { const char *cls, *name; } FIELDS[N_FIELDS] = {
  [F_BETA_ALPHA] = {BK "Beta", "alpha"}, [F_BETA_BETA] = {BK "Beta", "beta"},
  [F_GAMMA_SHAPE] = {BK "Gamma", "shape"}, [F_GAMMA_RATE] = {BK "Gamma", "rate"},
  [F_NKV_MEAN] = {BK "NormalKnownVar", "mean"}, [F_NKV_SD] = {BK "NormalKnownVar", "sd"},
  [F_NKV_NOISE_SD] = {BK "NormalKnownVar", "noiseSd"},
  [F_NG_M] = {BK "NormalGamma", "m"}, [F_NG_KAPPA] = {BK "NormalGamma", "kappa"},
  [F_NG_ALPHA] = {BK "NormalGamma", "alpha"}, [F_NG_BETA] = {BK "NormalGamma", "beta"},
};

static jclass g_class[N_METHODS];
static jmethodID g_method[N_METHODS];
static jfieldID g_field[N_FIELDS];
static pthread_key_t g_scratch_key; /* a thread's Monte Carlo scratch (struct scratch) */
static int g_scratch_ok;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  (void)reserved;
  JNIEnv *env;
  if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  for (int i = 0; i < N_METHODS; i++) {
    jclass c = (*env)->FindClass(env, METHODS[i].cls);
    if (c == NULL) return JNI_ERR;
    g_class[i] = (*env)->NewGlobalRef(env, c);
    g_method[i] = METHODS[i].name[0] == '<' ? (*env)->GetMethodID(env, c, METHODS[i].name, METHODS[i].sig)
                                            : (*env)->GetStaticMethodID(env, c, METHODS[i].name, METHODS[i].sig);
    (*env)->DeleteLocalRef(env, c);
    if (g_class[i] == NULL || g_method[i] == NULL) return JNI_ERR;
  }
  for (int i = 0; i < N_FIELDS; i++) {
    jclass c = (*env)->FindClass(env, FIELDS[i].cls);
    if (c == NULL) return JNI_ERR;
    g_field[i] = (*env)->GetFieldID(env, c, FIELDS[i].name, "D");
    (*env)->DeleteLocalRef(env, c);
    if (g_field[i] == NULL) return JNI_ERR;
  }
  /* libc's free as the destructor: valid even if this library were unloaded */
  g_scratch_ok = pthread_key_create(&g_scratch_key, free) == 0;
  return JNI_VERSION_1_8;
}

/* new <class of METHODS[i]>(...): NULL with an exception pending on failure. */
static jobject make(JNIEnv *env, int i, ...) {
  va_list ap;
  va_start(ap, i);
  jobject o = (*env)->NewObjectV(env, g_class[i], g_method[i], ap);
  va_end(ap);
  return o;
}

/* The constant of the enum of METHODS[i] for a C code (its of takes an int or a long, as its
 * signature says); NULL with an exception pending for a code Java does not know. */
static jobject constant(JNIEnv *env, int i, jlong code) {
  jobject o = METHODS[i].sig[1] == 'J' ? (*env)->CallStaticObjectMethod(env, g_class[i], g_method[i], code)
                                       : (*env)->CallStaticObjectMethod(env, g_class[i], g_method[i], (jint)code);
  return (*env)->ExceptionCheck(env) ? NULL : o; /* a Java call: check before the next JNI call */
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
    jstring cs = (*env)->NewStringUTF(env, "UTF-8");
    if (cs != NULL) jmsg = (jstring)make(env, NEW_STRING, bytes, cs);
  }
  free(big);
  if ((*env)->ExceptionCheck(env)) return; /* an OOM while building the message */
  jthrowable ex = (jthrowable)make(env, NEW_EXCEPTION, (jint)status, jmsg);
  if (ex != NULL) (*env)->Throw(env, ex);
}

static void throw_oom(JNIEnv *env, const char *what) { (*env)->ThrowNew(env, g_class[NEW_OOM], what); }

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
#define HANDLE(p) ((jlong)(intptr_t)(p))

/* One-line natives: a handle's free, and a getter writing one value through an out-pointer. */
#define FREE(name, H, f) \
  FN(void, name)(JNIEnv *env, jclass c, jlong h) { (void)env; (void)c; f(P(H, h)); }
#define GETTER(jtype, name, H, C, f)                   \
  FN(jtype, name)(JNIEnv *env, jclass c, jlong h) {    \
    (void)c;                                           \
    C out = 0;                                         \
    OK(f(P(H, h), &out), 0);                           \
    return (jtype)out;                                 \
  }

/* A new Java array holding v[0..n): NULL with an exception pending on failure. */
static jdoubleArray doubles(JNIEnv *env, const double *v, jsize n) {
  jdoubleArray a = (*env)->NewDoubleArray(env, n);
  if (a != NULL) (*env)->SetDoubleArrayRegion(env, a, 0, n, v);
  return a;
}

static jbyteArray bytes_of(JNIEnv *env, const uint8_t *v, size_t n) {
  jbyteArray a = (*env)->NewByteArray(env, (jsize)n);
  if (a != NULL) (*env)->SetByteArrayRegion(env, a, 0, (jsize)n, (const jbyte *)v);
  return a;
}

/* Input arrays: copied into C memory (small, or read once). NULL with an exception pending
 * on failure. */
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

/* The buffer protocol (docs/c-api.md) for any call that fills caller memory: a size query,
 * then the call into a buffer of that size. Each fill_fn adapts one C function (index: the
 * label's; unused elsewhere); `text` drops the NUL the size counts. */
typedef bk_status (*fill_fn)(const void *h, size_t index, uint8_t *buf, size_t cap, size_t *len);
static jbyteArray filled(JNIEnv *env, fill_fn f, const void *h, size_t index, int text) {
  size_t len = 0;
  OK(f(h, index, NULL, 0, &len), NULL);
  uint8_t *buf = malloc(len ? len : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: output buffer"); return NULL; }
  bk_status s = f(h, index, buf, len, &len);
  jbyteArray r = s == BK_OK ? bytes_of(env, buf, text && len > 0 ? len - 1 : len) : NULL;
  free(buf);
  OK(s, NULL);
  return r;
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
  return HANDLE(r);
}

FN(jlong, rngNewStream)(JNIEnv *env, jclass c, jlong seed, jlong stream) {
  (void)c;
  bk_rng *r = NULL;
  OK(bk_rng_new_stream((uint64_t)seed, (uint64_t)stream, &r), 0);
  return HANDLE(r);
}

FREE(rngFree, bk_rng, bk_rng_free)

/* ---- option defaults ------------------------------------------------------
 * Each *OptionsDefault native fills the C struct with its bk_*_options_default
 * (which derives it from the core's Default) and returns the Java options
 * record, built here with its canonical constructor: Java states no default.
 * On a failure a Java exception is pending and NULL is returned. */

FN(jobject, compareOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_compare_options o;
  OK(bk_compare_options_default(&o), NULL);
  return make(env, NEW_COMPARE_OPTIONS, o.level);
}

FN(jobject, dmReadOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_dm_read_options o;
  OK(bk_dm_read_options_default(&o), NULL);
  return make(env, NEW_DM_READ_OPTIONS, (jbyte)o.delimiter, (jboolean)(o.header != 0), (jboolean)(o.id_column != 0),
              (jlong)o.weight_column, (jboolean)(o.skip_bad != 0), (jint)o.threads, o.sample_rate,
              (jlong)o.max_total, (jlong)o.seed);
}

FN(jobject, dmFitOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_dm_fit_options o;
  OK(bk_dm_fit_options_default(&o), NULL);
  return make(env, NEW_DM_FIT_OPTIONS, (jint)o.max_iter, o.tol, o.hyperprior, (jboolean)(o.drop_empty != 0));
}

FN(jobject, logisticReadOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_read_options o;
  OK(bk_logistic_read_options_default(&o), NULL);
  jobject id_base = constant(env, OF_ID_BASE, (jlong)o.id_base);
  if (id_base == NULL) return NULL;
  return make(env, NEW_READ_OPTIONS, id_base, (jlong)o.n_features, (jlong)o.max_features, (jlong)o.min_count,
              (jint)o.hash_bits, (jint)o.hash_seed, (jboolean)(o.skip_bad != 0));
}

FN(jobject, logisticTrainOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_train_options o;
  OK(bk_logistic_train_options_default(&o), NULL);
  jobject laplace = constant(env, OF_LAPLACE, (jlong)o.laplace);
  if (laplace == NULL) return NULL;
  return make(env, NEW_TRAIN_OPTIONS, (jint)o.max_iter, o.lambda, o.l1_ratio, o.tol, (jint)o.threads, laplace,
              o.max_gap);
}

FN(jobject, logisticMcOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_mc_options o;
  OK(bk_logistic_mc_options_default(&o), NULL);
  return make(env, NEW_MC_OPTIONS, (jlong)o.draws, o.level);
}

FN(jobject, logisticPathOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_logistic_path_options o;
  OK(bk_logistic_path_options_default(&o), NULL);
  jdoubleArray lambdas = NULL;
  if (o.lambdas != NULL && (lambdas = doubles(env, o.lambdas, (jsize)o.n_values)) == NULL) return NULL;
  jobject choice = constant(env, OF_CV_CHOICE, (jlong)o.choice);
  if (choice == NULL) return NULL;
  return make(env, NEW_PATH_OPTIONS, (jint)o.n_lambdas, o.min_ratio, lambdas, (jlong)o.seed, (jint)o.folds, choice,
              (jboolean)(o.early_stop != 0));
}

/* ---- results of the comparisons --------------------------------------------- */

static jobject interval(JNIEnv *env, double lo, double hi) { return make(env, NEW_INTERVAL, lo, hi); }

static jobject method_report(JNIEnv *env, const bk_method_report *m) {
  jobject how = constant(env, OF_COMPARISON_METHOD, (jlong)m->method);
  return how ? make(env, NEW_METHOD_REPORT, how, (jlong)m->work, m->error_estimate) : NULL;
}

static jobject comparison(JNIEnv *env, const bk_comparison *c) {
  jobject how = method_report(env, &c->method);
  return how ? make(env, NEW_COMPARISON, c->prob_b_greater, c->expected_loss_a, c->expected_loss_b, how) : NULL;
}

static jobject summary(JNIEnv *env, const bk_compare_summary *c) {
  jobject how = method_report(env, &c->method);
  jobject lift = how ? interval(env, c->lift_lo, c->lift_hi) : NULL;
  return lift ? make(env, NEW_COMPARE_SUMMARY, c->prob_b_greater, c->expected_loss_a, c->expected_loss_b,
                     c->lift_median, lift, how)
              : NULL;
}

static jobject prob_best(JNIEnv *env, const double *p, jsize k, const bk_method_report *m) {
  jobject how = method_report(env, m);
  jdoubleArray ps = how ? doubles(env, p, k) : NULL;
  return ps ? make(env, NEW_PROB_BEST, ps, how) : NULL;
}

/* ---- the conjugate families -------------------------------------------------
 * A plain value crosses as its Java record: VALUE_<type>(o) reads the record's
 * fields into the C struct and RECORD_<type>(x) builds the record back (its
 * canonical constructor validates it again, through <family>Init). Each generator
 * below makes one native of one shape, named by its first argument after the C
 * function of its third; RATE_FAMILY makes every native Beta and Gamma share (in
 * Java, RatePosterior over the tables in Families.java) and NORMAL_FAMILY those
 * NormalKnownVar and NormalGamma share (NormalPosterior). What differs follows
 * each family's line. */

#define FIELD(o, f) (*env)->GetDoubleField(env, (o), g_field[f])
#define VALUE_bk_beta(o) {FIELD(o, F_BETA_ALPHA), FIELD(o, F_BETA_BETA)}
#define VALUE_bk_gamma(o) {FIELD(o, F_GAMMA_SHAPE), FIELD(o, F_GAMMA_RATE)}
#define VALUE_bk_normal_known_var(o) {FIELD(o, F_NKV_MEAN), FIELD(o, F_NKV_SD), FIELD(o, F_NKV_NOISE_SD)}
#define VALUE_bk_normal_gamma(o) {FIELD(o, F_NG_M), FIELD(o, F_NG_KAPPA), FIELD(o, F_NG_ALPHA), FIELD(o, F_NG_BETA)}
#define RECORD_bk_beta(x) make(env, NEW_BETA, (x).alpha, (x).beta)
#define RECORD_bk_gamma(x) make(env, NEW_GAMMA, (x).shape, (x).rate)
#define RECORD_bk_normal_known_var(x) make(env, NEW_NORMAL_KNOWN_VAR, (x).mean, (x).sd, (x).noise_sd)
#define RECORD_bk_normal_gamma(x) make(env, NEW_NORMAL_GAMMA, (x).m, (x).kappa, (x).alpha, (x).beta)

/* double name(T v): f(&v, &out) */
#define STAT(name, T, f)                                \
  FN(jdouble, name)(JNIEnv *env, jclass c, jobject v) { \
    (void)c;                                            \
    T x = VALUE_##T(v);                                 \
    double out = 0;                                     \
    OK(f(&x, &out), 0);                                 \
    return out;                                         \
  }

/* double name(T v, double p): f(&v, p, &out) */
#define AT(name, T, f)                                             \
  FN(jdouble, name)(JNIEnv *env, jclass c, jobject v, jdouble p) { \
    (void)c;                                                       \
    T x = VALUE_##T(v);                                            \
    double out = 0;                                                \
    OK(f(&x, p, &out), 0);                                         \
    return out;                                                    \
  }

/* Interval name(T v, double level): f(&v, level, &lo, &hi) */
#define INTERVAL(name, T, f)                                           \
  FN(jobject, name)(JNIEnv *env, jclass c, jobject v, jdouble level) { \
    (void)c;                                                           \
    T x = VALUE_##T(v);                                                \
    double lo = 0, hi = 0;                                             \
    OK(f(&x, level, &lo, &hi), NULL);                                  \
    return interval(env, lo, hi);                                      \
  }

/* void name(T v, long rng, double[] out, int n): f(&v, rng, buf, n), copied to out on success */
#define SAMPLE(name, T, f)                                                                \
  FN(void, name)(JNIEnv *env, jclass c, jobject v, jlong rng, jdoubleArray out, jint n) { \
    (void)c;                                                                              \
    T x = VALUE_##T(v);                                                                   \
    double *buf = malloc(n > 0 ? (size_t)n * sizeof(double) : 1);                         \
    if (buf == NULL) { throw_oom(env, "bayeskit: sample buffer"); return; }               \
    bk_status s = f(&x, P(bk_rng, rng), buf, (size_t)n);                                  \
    if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, n, buf);                    \
    free(buf);                                                                            \
    OK(s, );                                                                              \
  }

/* T name(T v, double a, double b): f(&v, a, b) on a copy; returns the updated record */
#define UPDATE(name, T, f)                                                    \
  FN(jobject, name)(JNIEnv *env, jclass c, jobject v, jdouble a, jdouble b) { \
    (void)c;                                                                  \
    T x = VALUE_##T(v);                                                       \
    OK(f(&x, a, b), NULL);                                                    \
    return RECORD_##T(x);                                                     \
  }

/* T name(T v, double[] xs, int n): f(&v, xs, n) on a copy; returns the updated record */
#define UPDATE_XS(name, T, f)                                                    \
  FN(jobject, name)(JNIEnv *env, jclass c, jobject v, jdoubleArray xs, jint n) { \
    (void)c;                                                                     \
    T x = VALUE_##T(v);                                                          \
    double *p = get_doubles(env, xs, n);                                         \
    if (p == NULL) return NULL;                                                  \
    bk_status s = f(&x, p, (size_t)n);                                           \
    free(p);                                                                     \
    OK(s, NULL);                                                                 \
    return RECORD_##T(x);                                                        \
  }

/* double name(T v, double[] xs, int n): f(&v, xs, n, &out) */
#define OF_XS(name, T, f)                                                        \
  FN(jdouble, name)(JNIEnv *env, jclass c, jobject v, jdoubleArray xs, jint n) { \
    (void)c;                                                                     \
    T x = VALUE_##T(v);                                                          \
    double out = 0;                                                              \
    double *p = get_doubles(env, xs, n);                                         \
    if (p == NULL) return 0;                                                     \
    bk_status s = f(&x, p, (size_t)n, &out);                                     \
    free(p);                                                                     \
    OK(s, 0);                                                                    \
    return out;                                                                  \
  }

/* Comparison name(T a, T b): f(&a, &b, &out) */
#define COMPARE(name, T, f)                                        \
  FN(jobject, name)(JNIEnv *env, jclass c, jobject a, jobject b) { \
    (void)c;                                                       \
    T x = VALUE_##T(a), y = VALUE_##T(b);                          \
    bk_comparison out = {.struct_size = sizeof out};               \
    OK(f(&x, &y, &out), NULL);                                     \
    return comparison(env, &out);                                  \
  }

/* Comparison name(T a, T b, long draws, long rng): f(&a, &b, draws, rng, &out) */
#define COMPARE_MC(name, T, f)                                                                \
  FN(jobject, name)(JNIEnv *env, jclass c, jobject a, jobject b, jlong draws, jlong rng) {    \
    (void)c;                                                                                  \
    T x = VALUE_##T(a), y = VALUE_##T(b);                                                     \
    bk_comparison out = {.struct_size = sizeof out};                                          \
    OK(f(&x, &y, (uint64_t)draws, P(bk_rng, rng), &out), NULL);                               \
    return comparison(env, &out);                                                             \
  }

/* double name(T a, T b, double p): f(&a, &b, p, &out) */
#define LIFT(name, T, f)                                                      \
  FN(jdouble, name)(JNIEnv *env, jclass c, jobject a, jobject b, jdouble p) { \
    (void)c;                                                                  \
    T x = VALUE_##T(a), y = VALUE_##T(b);                                     \
    double out = 0;                                                           \
    OK(f(&x, &y, p, &out), 0);                                                \
    return out;                                                               \
  }

/* CompareSummary name(T a, T b, double level): f(&a, &b, &opts, &out), opts the defaults but level */
#define SUMMARY(name, T, f)                                                           \
  FN(jobject, name)(JNIEnv *env, jclass c, jobject a, jobject b, jdouble level) {     \
    (void)c;                                                                          \
    T x = VALUE_##T(a), y = VALUE_##T(b);                                             \
    bk_compare_options o;                                                             \
    OK(bk_compare_options_default(&o), NULL);                                         \
    o.level = level;                                                                  \
    bk_compare_summary out = {.struct_size = sizeof out};                             \
    OK(f(&x, &y, &o, &out), NULL);                                                    \
    return summary(env, &out);                                                        \
  }

/* ProbBest name(T[] arms): f(arms, k, p, k, &report). Java checks the arms are not null but
 * not their number, so that the C API's check is reachable (tested). */
#define PROB_BEST(name, T, f)                                                              \
  FN(jobject, name)(JNIEnv *env, jclass c, jobjectArray arms) {                            \
    (void)c;                                                                               \
    jsize k = (*env)->GetArrayLength(env, arms);                                           \
    T *xs = malloc((size_t)(k > 0 ? k : 1) * sizeof(T));                                   \
    double *p = malloc((size_t)(k > 0 ? k : 1) * sizeof(double));                          \
    if (xs == NULL || p == NULL) {                                                         \
      free(xs); free(p);                                                                   \
      throw_oom(env, "bayeskit: P(best) buffers");                                         \
      return NULL;                                                                         \
    }                                                                                      \
    for (jsize i = 0; i < k; i++) {                                                        \
      jobject arm = (*env)->GetObjectArrayElement(env, arms, i);                           \
      xs[i] = (T)VALUE_##T(arm);                                                           \
      (*env)->DeleteLocalRef(env, arm);                                                    \
    }                                                                                      \
    bk_method_report m;                                                                    \
    bk_status s = f(xs, (size_t)k, p, (size_t)k, &m);                                      \
    jobject r = s == BK_OK ? prob_best(env, p, k, &m) : NULL;                              \
    free(xs); free(p);                                                                     \
    OK(s, NULL);                                                                           \
    return r;                                                                              \
  }

/* Beta and Gamma: bk_<family>_mean, _variance, _mode, _cdf, _quantile, _interval, _sample,
 * _compare, _compare_mc, _lift_quantile, _compare_summary and _prob_best. */
#define RATE_FAMILY(fam, T)                            \
  STAT(fam##Mean, T, T##_mean)                         \
  STAT(fam##Variance, T, T##_variance)                 \
  STAT(fam##Mode, T, T##_mode)                         \
  AT(fam##Cdf, T, T##_cdf)                             \
  AT(fam##Quantile, T, T##_quantile)                   \
  INTERVAL(fam##Interval, T, T##_interval)             \
  SAMPLE(fam##Sample, T, T##_sample)                   \
  COMPARE(fam##Compare, T, T##_compare)                \
  COMPARE_MC(fam##CompareMc, T, T##_compare_mc)        \
  LIFT(fam##LiftQuantile, T, T##_lift_quantile)        \
  SUMMARY(fam##CompareSummary, T, T##_compare_summary) \
  PROB_BEST(fam##ProbBest, T, T##_prob_best)

/* NormalKnownVar and NormalGamma: bk_<family>_update_batch, _ln_predictive and _ln_marginal. */
#define NORMAL_FAMILY(fam, T)                      \
  UPDATE_XS(fam##UpdateBatch, T, T##_update_batch) \
  AT(fam##LnPredictive, T, T##_ln_predictive)      \
  OF_XS(fam##LnMarginal, T, T##_ln_marginal)

/* ---- Beta ---- */
RATE_FAMILY(beta, bk_beta)

FN(void, betaInit)(JNIEnv *env, jclass c, jdouble alpha, jdouble beta) {
  (void)c;
  bk_beta out;
  OK(bk_beta_init(alpha, beta, &out), );
}

UPDATE(betaUpdate, bk_beta, bk_beta_update)

FN(jobject, betaObserveBatch)(JNIEnv *env, jclass c, jobject v, jbyteArray outcomes, jint n) {
  (void)c;
  bk_beta x = VALUE_bk_beta(v);
  uint8_t *o = malloc(n > 0 ? (size_t)n : 1);
  if (o == NULL) { throw_oom(env, "bayeskit: copying outcomes"); return NULL; }
  (*env)->GetByteArrayRegion(env, outcomes, 0, n, (jbyte *)o);
  bk_status s = bk_beta_observe_batch(&x, o, (size_t)n);
  free(o);
  OK(s, NULL);
  return RECORD_bk_beta(x);
}

FN(jdouble, betaLnPredictive)(JNIEnv *env, jclass c, jobject v, jlong k, jlong n) {
  (void)c;
  bk_beta x = VALUE_bk_beta(v);
  double out = 0;
  OK(bk_beta_ln_predictive(&x, (uint64_t)k, (uint64_t)n, &out), 0);
  return out;
}

FN(jdouble, betaLnMarginal)(JNIEnv *env, jclass c, jobject v, jdouble successes, jdouble failures) {
  (void)c;
  bk_beta x = VALUE_bk_beta(v);
  double out = 0;
  OK(bk_beta_ln_marginal(&x, successes, failures, &out), 0);
  return out;
}

/* ---- Gamma ---- */
RATE_FAMILY(gamma, bk_gamma)

FN(void, gammaInit)(JNIEnv *env, jclass c, jdouble shape, jdouble rate) {
  (void)c;
  bk_gamma out;
  OK(bk_gamma_init(shape, rate, &out), );
}

UPDATE(gammaUpdate, bk_gamma, bk_gamma_update)

/* counts and exposures: n values each, copied; NULL (an exception pending) on failure */
static double *get_pairs(JNIEnv *env, jdoubleArray counts, jdoubleArray exposures, jint n) {
  double *p = malloc(n > 0 ? 2 * (size_t)n * sizeof(double) : 1);
  if (p == NULL) { throw_oom(env, "bayeskit: copying counts and exposures"); return NULL; }
  if (n > 0) {
    (*env)->GetDoubleArrayRegion(env, counts, 0, n, p);
    (*env)->GetDoubleArrayRegion(env, exposures, 0, n, p + n);
  }
  return p;
}

FN(jobject, gammaUpdateBatch)(JNIEnv *env, jclass c, jobject v, jdoubleArray counts, jdoubleArray exposures, jint n) {
  (void)c;
  bk_gamma x = VALUE_bk_gamma(v);
  double *p = get_pairs(env, counts, exposures, n);
  if (p == NULL) return NULL;
  bk_status s = bk_gamma_update_batch(&x, p, p + n, (size_t)n);
  free(p);
  OK(s, NULL);
  return RECORD_bk_gamma(x);
}

FN(jdouble, gammaLnPredictive)(JNIEnv *env, jclass c, jobject v, jlong k, jdouble exposure) {
  (void)c;
  bk_gamma x = VALUE_bk_gamma(v);
  double out = 0;
  OK(bk_gamma_ln_predictive(&x, (uint64_t)k, exposure, &out), 0);
  return out;
}

FN(jdouble, gammaLnMarginal)(JNIEnv *env, jclass c, jobject v, jdoubleArray counts, jdoubleArray exposures, jint n) {
  (void)c;
  bk_gamma x = VALUE_bk_gamma(v);
  double out = 0;
  double *p = get_pairs(env, counts, exposures, n);
  if (p == NULL) return 0;
  bk_status s = bk_gamma_ln_marginal(&x, p, p + n, (size_t)n, &out);
  free(p);
  OK(s, 0);
  return out;
}

/* ---- Normal, known variance ---- */
NORMAL_FAMILY(normalKnownVar, bk_normal_known_var)

FN(void, normalKnownVarInit)(JNIEnv *env, jclass c, jdouble mean, jdouble sd, jdouble noiseSd) {
  (void)c;
  bk_normal_known_var out;
  OK(bk_normal_known_var_init(mean, sd, noiseSd, &out), );
}

UPDATE(normalKnownVarUpdateStats, bk_normal_known_var, bk_normal_known_var_update_stats)
AT(normalKnownVarQuantile, bk_normal_known_var, bk_normal_known_var_quantile)
INTERVAL(normalKnownVarInterval, bk_normal_known_var, bk_normal_known_var_interval)
SAMPLE(normalKnownVarSample, bk_normal_known_var, bk_normal_known_var_sample)

/* ---- Normal-Gamma ---- */
NORMAL_FAMILY(normalGamma, bk_normal_gamma)

FN(void, normalGammaInit)(JNIEnv *env, jclass c, jdouble m, jdouble kappa, jdouble alpha, jdouble beta) {
  (void)c;
  bk_normal_gamma out;
  OK(bk_normal_gamma_init(m, kappa, alpha, beta, &out), );
}

FN(jobject, normalGammaUpdateStats)(JNIEnv *env, jclass c, jobject v, jdouble count, jdouble mean, jdouble ss) {
  (void)c;
  bk_normal_gamma x = VALUE_bk_normal_gamma(v);
  OK(bk_normal_gamma_update_stats(&x, count, mean, ss), NULL);
  return RECORD_bk_normal_gamma(x);
}

AT(normalGammaMeanQuantile, bk_normal_gamma, bk_normal_gamma_mean_quantile)
INTERVAL(normalGammaMeanInterval, bk_normal_gamma, bk_normal_gamma_mean_interval)
STAT(normalGammaMeanVariance, bk_normal_gamma, bk_normal_gamma_mean_variance)

/* n joint draws: means to mu, variances to var, on success */
FN(void, normalGammaSample)(JNIEnv *env, jclass c, jobject v, jlong rng, jdoubleArray mu, jdoubleArray var, jint n) {
  (void)c;
  bk_normal_gamma x = VALUE_bk_normal_gamma(v);
  double *buf = malloc(n > 0 ? 2 * (size_t)n * sizeof(double) : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: sample buffer"); return; }
  bk_status s = bk_normal_gamma_sample(&x, P(bk_rng, rng), buf, buf + n, (size_t)n);
  if (s == BK_OK) {
    (*env)->SetDoubleArrayRegion(env, mu, 0, n, buf);
    (*env)->SetDoubleArrayRegion(env, var, 0, n, buf + n);
  }
  free(buf);
  OK(s, );
}

/* ---- Dirichlet: a value in Java, which makes a short-lived handle per call ---- */

FN(jlong, dirichletNew)(JNIEnv *env, jclass c, jdoubleArray alpha, jint k) {
  (void)c;
  double *a = get_doubles(env, alpha, k);
  if (a == NULL) return 0;
  bk_dirichlet *d = NULL;
  bk_status s = bk_dirichlet_new(a, (size_t)k, &d);
  free(a);
  OK(s, 0);
  return HANDLE(d);
}

FREE(dirichletFree, bk_dirichlet, bk_dirichlet_free)

FN(void, dirichletUpdate)(JNIEnv *env, jclass c, jlong h, jdoubleArray counts, jint k) {
  (void)c;
  double *cs = get_doubles(env, counts, k);
  if (cs == NULL) return;
  bk_status s = bk_dirichlet_update(P(bk_dirichlet, h), cs, (size_t)k);
  free(cs);
  OK(s, );
}

/* double[] name(long h, int k): f(h, out, k), one value per category. Also for bk_dm_result. */
#define VECTOR(name, H, f)                                        \
  FN(jdoubleArray, name)(JNIEnv *env, jclass c, jlong h, jint k) { \
    (void)c;                                                      \
    double *buf = malloc(k > 0 ? (size_t)k * sizeof(double) : 1); \
    if (buf == NULL) { throw_oom(env, "bayeskit: output buffer"); return NULL; } \
    bk_status s = f(P(H, h), buf, (size_t)k);                     \
    jdoubleArray r = s == BK_OK ? doubles(env, buf, k) : NULL;    \
    free(buf);                                                    \
    OK(s, NULL);                                                  \
    return r;                                                     \
  }

VECTOR(dirichletAlpha, bk_dirichlet, bk_dirichlet_alpha)
VECTOR(dirichletMean, bk_dirichlet, bk_dirichlet_mean)
VECTOR(dirichletMode, bk_dirichlet, bk_dirichlet_mode)

FN(jdouble, dirichletVariance)(JNIEnv *env, jclass c, jlong h, jint category) {
  (void)c;
  double out = 0;
  OK(bk_dirichlet_variance(P(bk_dirichlet, h), (size_t)category, &out), 0);
  return out;
}

FN(jdouble, dirichletQuantile)(JNIEnv *env, jclass c, jlong h, jint category, jdouble p) {
  (void)c;
  double out = 0;
  OK(bk_dirichlet_quantile(P(bk_dirichlet, h), (size_t)category, p, &out), 0);
  return out;
}

FN(jobject, dirichletInterval)(JNIEnv *env, jclass c, jlong h, jint category, jdouble level) {
  (void)c;
  double lo = 0, hi = 0;
  OK(bk_dirichlet_interval(P(bk_dirichlet, h), (size_t)category, level, &lo, &hi), NULL);
  return interval(env, lo, hi);
}

/* double name(long h, double[] counts, int k): f(h, counts, k, &out) */
#define OF_COUNTS(name, f)                                                          \
  FN(jdouble, name)(JNIEnv *env, jclass c, jlong h, jdoubleArray counts, jint k) {  \
    (void)c;                                                                        \
    double out = 0;                                                                 \
    double *cs = get_doubles(env, counts, k);                                       \
    if (cs == NULL) return 0;                                                       \
    bk_status s = f(P(bk_dirichlet, h), cs, (size_t)k, &out);                       \
    free(cs);                                                                       \
    OK(s, 0);                                                                       \
    return out;                                                                     \
  }

OF_COUNTS(dirichletLnPredictive, bk_dirichlet_ln_predictive)
OF_COUNTS(dirichletLnMarginal, bk_dirichlet_ln_marginal)

FN(jdoubleArray, dirichletSample)(JNIEnv *env, jclass c, jlong h, jlong rng, jint k) {
  (void)c;
  double *buf = malloc((size_t)k * sizeof(double));
  if (buf == NULL) { throw_oom(env, "bayeskit: sample buffer"); return NULL; }
  bk_status s = bk_dirichlet_sample(P(bk_dirichlet, h), P(bk_rng, rng), buf, (size_t)k);
  jdoubleArray r = s == BK_OK ? doubles(env, buf, k) : NULL;
  free(buf);
  OK(s, NULL);
  return r;
}

/* ---- Hypotheses ------------------------------------------------------------ */

/* long name(double[] weights, int n): f(weights, n, &h) */
#define HYPOTHESES_NEW(name, f)                                                 \
  FN(jlong, name)(JNIEnv *env, jclass c, jdoubleArray weights, jint n) {        \
    (void)c;                                                                    \
    double *p = get_doubles(env, weights, n);                                   \
    if (p == NULL) return 0;                                                    \
    bk_hypotheses *h = NULL;                                                    \
    bk_status s = f(p, (size_t)n, &h);                                          \
    free(p);                                                                    \
    OK(s, 0);                                                                   \
    return HANDLE(h);                                                           \
  }

/* void name(long h, double[] likelihood, int n): f(h, likelihood, n) */
#define HYPOTHESES_UPDATE(name, f)                                                \
  FN(void, name)(JNIEnv *env, jclass c, jlong h, jdoubleArray likelihood, jint n) { \
    (void)c;                                                                      \
    double *p = get_doubles(env, likelihood, n);                                  \
    if (p == NULL) return;                                                        \
    bk_status s = f(P(bk_hypotheses, h), p, (size_t)n);                           \
    free(p);                                                                      \
    OK(s, );                                                                      \
  }

HYPOTHESES_NEW(hypothesesNew, bk_hypotheses_new)
HYPOTHESES_NEW(hypothesesNewLog, bk_hypotheses_new_log)
FREE(hypothesesFree, bk_hypotheses, bk_hypotheses_free)
HYPOTHESES_UPDATE(hypothesesUpdate, bk_hypotheses_update)
HYPOTHESES_UPDATE(hypothesesUpdateLog, bk_hypotheses_update_log)
VECTOR(hypothesesPosterior, bk_hypotheses, bk_hypotheses_posterior)
GETTER(jlong, hypothesesLen, bk_hypotheses, size_t, bk_hypotheses_len)
GETTER(jlong, hypothesesMap, bk_hypotheses, size_t, bk_hypotheses_map)
GETTER(jdouble, hypothesesLnEvidence, bk_hypotheses, double, bk_hypotheses_ln_evidence)

/* ---- Dirichlet-multinomial prior fitting ----------------------------------- */

FN(jlong, dmStatsNew)(JNIEnv *env, jclass c, jint k) {
  (void)c;
  bk_dm_stats *s = NULL;
  OK(bk_dm_stats_new((size_t)k, &s), 0);
  return HANDLE(s);
}

FREE(dmStatsFree, bk_dm_stats, bk_dm_stats_free)

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

FN(void, dmStatsMerge)(JNIEnv *env, jclass c, jlong dst, jlong src) {
  (void)c;
  OK(bk_dm_stats_merge(P(bk_dm_stats, dst), P(bk_dm_stats, src)), );
}

GETTER(jlong, dmStatsCategories, bk_dm_stats, size_t, bk_dm_stats_categories)
GETTER(jlong, dmStatsRows, bk_dm_stats, uint64_t, bk_dm_stats_rows)
GETTER(jdouble, dmStatsTotalWeight, bk_dm_stats, double, bk_dm_stats_total_weight)

static bk_status stats_bytes(const void *h, size_t i, uint8_t *buf, size_t cap, size_t *len) {
  (void)i;
  return bk_dm_stats_serialize(h, buf, cap, len);
}

FN(jbyteArray, dmStatsSerialize)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  return filled(env, stats_bytes, P(bk_dm_stats, h), 0, 0);
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
  return HANDLE(out);
}

/* The statistics and the read's report, as a Native.Read(handle, DmReadReport). */
FN(jobject, dmStatsReadFile)(JNIEnv *env, jclass c, jbyteArray path, jbyte delimiter, jboolean header,
                             jboolean idColumn, jlong weightColumn, jboolean skipBad, jint threads,
                             jdouble sampleRate, jlong maxTotal, jlong seed) {
  (void)c;
  bk_dm_read_options o;
  OK(bk_dm_read_options_default(&o), NULL);
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
  if (p == NULL) return NULL;
  bk_dm_stats *out = NULL;
  bk_dm_read_report r = {.struct_size = sizeof r};
  bk_status s = bk_dm_stats_read_file(p, &o, &out, &r);
  free(p);
  OK(s, NULL);
  jobject report = make(env, NEW_DM_READ_REPORT, (jlong)r.rows, (jlong)r.skipped, (jlong)r.sampled_out,
                        (jlong)r.thinned);
  jobject read = report ? make(env, NEW_READ, HANDLE(out), report) : NULL;
  if (read == NULL) bk_dm_stats_free(out); /* no Java object owns it */
  return read;
}

/* The fit's result handle; Java reads it (dmResult*) and frees it. */
FN(jlong, dmFit)(JNIEnv *env, jclass c, jlong h, jint maxIter, jdouble tol, jdouble hyperprior, jboolean dropEmpty) {
  (void)c;
  bk_dm_fit_options o;
  OK(bk_dm_fit_options_default(&o), 0);
  o.max_iter = (uint32_t)maxIter;
  o.tol = tol;
  o.hyperprior = hyperprior;
  o.drop_empty = dropEmpty;
  bk_dm_result *r = NULL;
  OK(bk_dm_fit(P(bk_dm_stats, h), &o, &r), 0);
  return HANDLE(r);
}

FREE(dmResultFree, bk_dm_result, bk_dm_result_free)

FN(jobject, dmResultSummary)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  bk_dm_fit_summary sm = {.struct_size = sizeof sm};
  OK(bk_dm_result_summary(P(bk_dm_result, h), &sm), NULL);
  jobject outcome = constant(env, OF_DM_OUTCOME, (jlong)sm.outcome);
  return outcome ? make(env, NEW_DM_FIT_SUMMARY, outcome, (jlong)sm.categories, sm.alpha_sum, sm.theta, sm.loglik,
                        sm.loglik_multinomial, sm.lr_stat, sm.lr_pvalue, sm.aic, sm.bic, (jlong)sm.iterations,
                        sm.grad_norm, sm.weight)
                 : NULL;
}

VECTOR(dmResultAlpha, bk_dm_result, bk_dm_result_alpha)
VECTOR(dmResultMean, bk_dm_result, bk_dm_result_mean)
VECTOR(dmResultStdErrors, bk_dm_result, bk_dm_result_std_errors)

FN(jbooleanArray, dmResultDropped)(JNIEnv *env, jclass c, jlong h, jint k) {
  (void)c;
  uint8_t *buf = malloc(k > 0 ? (size_t)k : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: output buffer"); return NULL; }
  bk_status s = bk_dm_result_dropped(P(bk_dm_result, h), buf, (size_t)k);
  jbooleanArray r = s == BK_OK ? (*env)->NewBooleanArray(env, k) : NULL;
  if (r != NULL) (*env)->SetBooleanArrayRegion(env, r, 0, k, (const jboolean *)buf); /* 0 or 1 each */
  free(buf);
  OK(s, NULL);
  return r;
}

FN(jlong, dmPriorNew)(JNIEnv *env, jclass c, jdoubleArray alpha, jint k) {
  (void)c;
  double *a = get_doubles(env, alpha, k);
  if (a == NULL) return 0;
  bk_dm_prior *p = NULL;
  bk_status s = bk_dm_prior_new(a, (size_t)k, &p);
  free(a);
  OK(s, 0);
  return HANDLE(p);
}

FREE(dmPriorFree, bk_dm_prior, bk_dm_prior_free)

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

FN(jobject, dmPriorInterval)(JNIEnv *env, jclass c, jlong h, jlongArray counts, jint k, jint category, jdouble level) {
  (void)c;
  uint64_t *cs = get_counts(env, counts, k);
  if (cs == NULL) return NULL;
  double lo = 0, hi = 0;
  bk_status s = bk_dm_prior_interval(P(bk_dm_prior, h), cs, (size_t)k, (size_t)category, level, &lo, &hi);
  free(cs);
  OK(s, NULL);
  return interval(env, lo, hi);
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

/* A batch's posteriors in one crossing: bk_dm_prior_intervals over counts (rows·k), then, unless
 * mean is NULL, bk_dm_prior_posterior_mean of each row; mean, lower, upper: rows·k each,
 * distinct (checked by Java), pinned for the call. The intervals come first: all or nothing;
 * the means then cannot fail (the same prior and k). */
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

FN(jlong, logisticDataFromCsr)(JNIEnv *env, jclass c, jintArray indptr, jint rows, jintArray indices,
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
  return HANDLE(d);
}

/* The readers: their options from the Java arguments, their data and report as a
 * Native.Read(handle, ReadReport). */
#define READ_ARGS                                                                                     \
  jbyteArray path, jint idBase, jlong nFeatures, jlong maxFeatures, jlong minCount, jint hashBits, \
      jint hashSeed, jboolean skipBad
#define READ_OPTIONS(o)                                                                             \
  bk_logistic_read_options o;                                                                       \
  OK(bk_logistic_read_options_default(&o), NULL);                                                   \
  o.id_base = (bk_logistic_id_base)idBase;                                                          \
  o.n_features = (uint64_t)nFeatures;                                                               \
  o.max_features = (uint64_t)maxFeatures;                                                           \
  o.min_count = (uint64_t)minCount;                                                                 \
  o.hash_bits = (uint32_t)hashBits;                                                                 \
  o.hash_seed = (uint32_t)hashSeed;                                                                 \
  o.skip_bad = skipBad

/* A reader of a data file: svmlight, phrases, or phrases in a model's feature space (m). */
typedef bk_status (*reader_fn)(const bk_logistic_model *m, const char *path, const bk_logistic_read_options *o,
                               bk_logistic_data **d, bk_logistic_read_report *r);
static bk_status svmlight(const bk_logistic_model *m, const char *path, const bk_logistic_read_options *o,
                          bk_logistic_data **d, bk_logistic_read_report *r) {
  (void)m;
  return bk_logistic_data_read_svmlight(path, o, d, r);
}
static bk_status phrases(const bk_logistic_model *m, const char *path, const bk_logistic_read_options *o,
                         bk_logistic_data **d, bk_logistic_read_report *r) {
  (void)m;
  return bk_logistic_data_read_phrases(path, o, d, r);
}

/* Reads the file at path with f, as a Native.Read(handle, ReadReport). */
static jobject read_data(JNIEnv *env, reader_fn f, const bk_logistic_model *m, jbyteArray path,
                         const bk_logistic_read_options *o) {
  char *p = get_cstr(env, path);
  if (p == NULL) return NULL;
  bk_logistic_data *d = NULL;
  bk_logistic_read_report r = {.struct_size = sizeof r};
  bk_status s = f(m, p, o, &d, &r);
  free(p);
  OK(s, NULL);
  jobject id_base = constant(env, OF_ID_BASE, (jlong)r.id_base);
  jobject report = id_base ? make(env, NEW_READ_REPORT, (jlong)r.rows, (jlong)r.skipped,
                                  (jlong)r.out_of_vocabulary, id_base)
                           : NULL;
  jobject read = report ? make(env, NEW_READ, HANDLE(d), report) : NULL;
  if (read == NULL) bk_logistic_data_free(d); /* no Java object owns it */
  return read;
}

FN(jobject, logisticDataReadSvmlight)(JNIEnv *env, jclass c, READ_ARGS) {
  (void)c;
  READ_OPTIONS(o);
  return read_data(env, svmlight, NULL, path, &o);
}

FN(jobject, logisticDataReadPhrases)(JNIEnv *env, jclass c, READ_ARGS) {
  (void)c;
  READ_OPTIONS(o);
  return read_data(env, phrases, NULL, path, &o);
}

FN(jobject, logisticDataReadPhrasesFor)(JNIEnv *env, jclass c, jlong model, READ_ARGS) {
  (void)c;
  READ_OPTIONS(o);
  return read_data(env, bk_logistic_data_read_phrases_for, P(bk_logistic_model, model), path, &o);
}

FREE(logisticDataFree, bk_logistic_data, bk_logistic_data_free)
GETTER(jlong, logisticDataRows, bk_logistic_data, size_t, bk_logistic_data_rows)
GETTER(jlong, logisticDataClasses, bk_logistic_data, size_t, bk_logistic_data_classes)
GETTER(jlong, logisticDataFeatures, bk_logistic_data, size_t, bk_logistic_data_features)

#define TRAIN_ARGS \
  jint maxIter, jdouble lambda, jdouble l1Ratio, jdouble tol, jdouble maxGap, jint threads, jint laplace
static bk_status train_options(bk_logistic_train_options *o, jint maxIter, jdouble lambda, jdouble l1Ratio,
                               jdouble tol, jdouble maxGap, jint threads, jint laplace) {
  bk_status s = bk_logistic_train_options_default(o);
  o->max_iter = (uint32_t)maxIter;
  o->lambda = lambda;
  o->l1_ratio = l1Ratio;
  o->tol = tol;
  o->max_gap = maxGap;
  o->threads = (uint32_t)threads;
  o->laplace = (uint32_t)laplace;
  return s;
}

FN(jlong, logisticTrain)(JNIEnv *env, jclass c, jlong data, TRAIN_ARGS) {
  (void)c;
  bk_logistic_train_options o;
  OK(train_options(&o, maxIter, lambda, l1Ratio, tol, maxGap, threads, laplace), 0);
  bk_logistic_model *m = NULL;
  OK(bk_logistic_train(P(bk_logistic_data, data), &o, &m), 0);
  return HANDLE(m);
}

FN(jlong, logisticTrainWeighted)(JNIEnv *env, jclass c, jlong data, TRAIN_ARGS, jdoubleArray classWeights, jint k) {
  (void)c;
  bk_logistic_train_options o;
  OK(train_options(&o, maxIter, lambda, l1Ratio, tol, maxGap, threads, laplace), 0);
  double *w = get_doubles(env, classWeights, k);
  if (w == NULL) return 0;
  bk_logistic_model *m = NULL;
  bk_status s = bk_logistic_train_weighted(P(bk_logistic_data, data), &o, w, (size_t)k, &m);
  free(w);
  OK(s, 0);
  return HANDLE(m);
}

FREE(logisticModelFree, bk_logistic_model, bk_logistic_model_free)

FN(void, logisticModelSave)(JNIEnv *env, jclass c, jlong h, jbyteArray path) {
  (void)c;
  char *p = get_cstr(env, path);
  if (p == NULL) return;
  bk_status s = bk_logistic_model_save(P(bk_logistic_model, h), p);
  free(p);
  OK(s, );
}

FN(jlong, logisticModelLoad)(JNIEnv *env, jclass c, jbyteArray path) {
  (void)c;
  char *p = get_cstr(env, path);
  if (p == NULL) return 0;
  bk_logistic_model *m = NULL;
  bk_status s = bk_logistic_model_load(p, &m);
  free(p);
  OK(s, 0);
  return HANDLE(m);
}

static bk_status model_bytes(const void *h, size_t i, uint8_t *buf, size_t cap, size_t *len) {
  (void)i;
  return bk_logistic_model_to_bytes(h, buf, cap, len);
}
static bk_status model_json(const void *h, size_t i, uint8_t *buf, size_t cap, size_t *len) {
  (void)i;
  return bk_logistic_model_to_json(h, (char *)buf, cap, len);
}
static bk_status model_label(const void *h, size_t i, uint8_t *buf, size_t cap, size_t *len) {
  return bk_logistic_model_label(h, i, (char *)buf, cap, len);
}

FN(jbyteArray, logisticModelToBytes)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  return filled(env, model_bytes, P(bk_logistic_model, h), 0, 0);
}

/* The JSON text's UTF-8 bytes, without the NUL. */
FN(jbyteArray, logisticModelToJson)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  return filled(env, model_json, P(bk_logistic_model, h), 0, 1);
}

FN(jlong, logisticModelFromBytes)(JNIEnv *env, jclass c, jbyteArray bytes, jint n) {
  (void)c;
  uint8_t *buf = malloc(n ? (size_t)n : 1);
  if (buf == NULL) { throw_oom(env, "bayeskit: copying bytes"); return 0; }
  (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *)buf);
  bk_logistic_model *m = NULL;
  bk_status s = bk_logistic_model_from_bytes(buf, (size_t)n, &m);
  free(buf);
  OK(s, 0);
  return HANDLE(m);
}

GETTER(jlong, logisticModelClasses, bk_logistic_model, size_t, bk_logistic_model_classes)
GETTER(jlong, logisticModelFeatures, bk_logistic_model, size_t, bk_logistic_model_features)
GETTER(jlong, logisticModelNnz, bk_logistic_model, size_t, bk_logistic_model_nnz)

/* Label i's UTF-8 bytes, without the NUL. */
FN(jbyteArray, logisticModelLabel)(JNIEnv *env, jclass c, jlong h, jint i) {
  (void)c;
  return filled(env, model_label, P(bk_logistic_model, h), (size_t)i, 1);
}

FN(jobject, logisticModelInfo)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  bk_logistic_info i = {.struct_size = sizeof i};
  OK(bk_logistic_model_info(P(bk_logistic_model, h), &i), NULL);
  return make(env, NEW_TRAINING_INFO, i.lambda, i.l1_ratio, i.objective, i.grad_norm, i.tol, (jlong)i.rows,
              (jlong)i.iterations, (jboolean)(i.converged != 0));
}

FN(jint, logisticModelFeatureId)(JNIEnv *env, jclass c, jlong h, jbyteArray phrase) {
  (void)c;
  char *p = get_cstr(env, phrase);
  if (p == NULL) return 0;
  uint32_t id = 0;
  bk_status s = bk_logistic_model_feature_id(P(bk_logistic_model, h), p, &id);
  free(p);
  OK(s, 0);
  return (jint)id;
}

FN(jobject, logisticModelFeatureSpace)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  bk_feature_space fs = {.struct_size = sizeof fs};
  OK(bk_logistic_model_feature_space(P(bk_logistic_model, h), &fs), NULL);
  jobject kind = constant(env, OF_FEATURE_SPACE_KIND, (jlong)fs.kind);
  return kind ? make(env, NEW_FEATURE_SPACE, kind, (jlong)fs.features, (jint)fs.hash_bits, (jint)fs.hash_seed)
              : NULL;
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

/* One row's k outputs through f (bk_logistic_model_predict_proba or _log_proba), copied to out
 * on success; stack buffers for small rows and k. */
typedef bk_status (*row_fn)(const bk_logistic_model *, const uint32_t *, const double *, size_t, double *, size_t);
static void predict_row(JNIEnv *env, row_fn f, jlong h, jintArray ids, jdoubleArray values, jint nnz,
                        jdoubleArray out, jint k) {
  uint32_t ids_s[ROW_SMALL];
  double vals_s[ROW_SMALL], out_s[K_SMALL];
  uint32_t *ix;
  double *vs;
  if (!row_in(env, ids, values, nnz, ids_s, vals_s, &ix, &vs)) return;
  double *o = k <= K_SMALL ? out_s : malloc((size_t)k * sizeof(double));
  bk_status s = BK_ERR_OUT_OF_MEMORY;
  if (o != NULL) {
    s = f(P(bk_logistic_model, h), ix, vs, (size_t)nnz, o, (size_t)k);
    if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, k, o);
  }
  row_free(ix, vs, ids_s);
  if (o != out_s) free(o);
  if (o == NULL) { throw_oom(env, "bayeskit: output buffer"); return; }
  OK(s, );
}

FN(void, logisticModelPredictProba)(JNIEnv *env, jclass c, jlong h, jintArray ids, jdoubleArray values, jint nnz,
                                    jdoubleArray out, jint k) {
  (void)c;
  predict_row(env, bk_logistic_model_predict_proba, h, ids, values, nnz, out, k);
}

FN(void, logisticModelPredictLogProba)(JNIEnv *env, jclass c, jlong h, jintArray ids, jdoubleArray values, jint nnz,
                                       jdoubleArray out, jint k) {
  (void)c;
  predict_row(env, bk_logistic_model_predict_log_proba, h, ids, values, nnz, out, k);
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
 * moderated: bk_logistic_model_predict_moderated_batch (varOut may be NULL), else
 * bk_logistic_model_predict_proba_batch.
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

FN(void, logisticModelPredictProbaBatch)(JNIEnv *env, jclass c, jlong h, jintArray indptr, jint rows,
                                         jintArray indices, jdoubleArray values, jdoubleArray out, jint k) {
  (void)c;
  score_batch(env, h, indptr, rows, indices, values, out, JNI_FALSE, NULL, k);
}

/* The metrics, with the k·k confusion matrix and the per-class precision and recall, as an Evaluation. */
FN(jobject, logisticEvaluate)(JNIEnv *env, jclass c, jlong model, jlong data, jdouble clip, jint k) {
  (void)c;
  bk_logistic_eval_options o;
  OK(bk_logistic_eval_options_default(&o), NULL);
  o.clip = clip;
  size_t kk = (size_t)k * (size_t)k;
  double *buf = malloc((kk + 2 * (size_t)k) * sizeof(double));
  if (buf == NULL) { throw_oom(env, "bayeskit: evaluation buffers"); return NULL; }
  bk_logistic_eval e = {.struct_size = sizeof e};
  bk_status s = bk_logistic_evaluate(P(bk_logistic_model, model), P(bk_logistic_data, data), &o, &e, buf, buf + kk,
                                     buf + kk + k, (size_t)k);
  jdoubleArray confusion = s == BK_OK ? doubles(env, buf, (jsize)kk) : NULL;
  jdoubleArray precision = confusion ? doubles(env, buf + kk, k) : NULL;
  jdoubleArray recall = precision ? doubles(env, buf + kk + k, k) : NULL;
  free(buf);
  OK(s, NULL);
  return recall ? make(env, NEW_EVALUATION, e.log_loss, e.accuracy, (jlong)e.clipped, (jlong)e.rows, confusion,
                       precision, recall)
                : NULL;
}

/* ---- Logistic uncertainty: Laplace covariances, predictive, the path ------ */

/* A new model with covariances; classWeights NULL for none. */
FN(jlong, logisticLaplace)(JNIEnv *env, jclass c, jlong model, jlong data, jint method, jdoubleArray classWeights,
                           jint k) {
  (void)c;
  double *w = NULL;
  if (classWeights != NULL && (w = get_doubles(env, classWeights, k)) == NULL) return 0;
  bk_logistic_model *m = NULL;
  bk_status s = bk_logistic_laplace(P(bk_logistic_model, model), P(bk_logistic_data, data), (uint32_t)method, w,
                                    w ? (size_t)k : 0, &m);
  free(w);
  OK(s, 0);
  return HANDLE(m);
}

FN(jobject, logisticModelLaplace)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  uint32_t method = 0;
  OK(bk_logistic_model_laplace(P(bk_logistic_model, h), &method), NULL);
  return constant(env, OF_LAPLACE, (jlong)method);
}

/* A packed covariance block of len = K(K+1)/2 values (checked by Java), copied to out on success. */
enum { COV_SMALL = 528 }; /* K ≤ 32 on the stack */
#define COVARIANCE(call)                                                                         \
  do {                                                                                           \
    double small[COV_SMALL];                                                                     \
    double *buf = len <= COV_SMALL ? small : malloc((size_t)len * sizeof(double));               \
    if (buf == NULL) { throw_oom(env, "bayeskit: covariance buffer"); return; }                  \
    bk_status s = (call);                                                                        \
    if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, len, buf);                         \
    if (buf != small) free(buf);                                                                 \
    OK(s, );                                                                                     \
  } while (0)

FN(void, logisticModelCovariance)(JNIEnv *env, jclass c, jlong h, jint featureId, jdoubleArray out, jint len) {
  (void)c;
  COVARIANCE(bk_logistic_model_covariance(P(bk_logistic_model, h), (uint32_t)featureId, buf, (size_t)len));
}

FN(void, logisticModelInterceptCovariance)(JNIEnv *env, jclass c, jlong h, jdoubleArray out, jint len) {
  (void)c;
  COVARIANCE(bk_logistic_model_intercept_covariance(P(bk_logistic_model, h), buf, (size_t)len));
}

/* proba and logitVar: k values each (checked by Java); stack for k ≤ K_SMALL. */
FN(void, logisticModelPredictModerated)(JNIEnv *env, jclass c, jlong h, jintArray ids, jdoubleArray values, jint nnz,
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

FN(void, logisticModelPredictModeratedBatch)(JNIEnv *env, jclass c, jlong h, jintArray indptr, jint rows,
                                             jintArray indices, jdoubleArray values, jdoubleArray proba,
                                             jdoubleArray logitVar, jint k) {
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

/* Monte Carlo predictive of one row, its scratch sized by bk_logistic_mc_scratch_size; mean, lower,
 * upper: k values each (checked by Java). */
FN(void, logisticModelPredictMc)(JNIEnv *env, jclass c, jlong h, jintArray ids, jdoubleArray values, jint nnz,
                                 jlong rng, jlong draws, jdouble level, jdoubleArray mean, jdoubleArray lower,
                                 jdoubleArray upper, jint k) {
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

#define PATH_ARGS                                                                                     \
  TRAIN_ARGS, jint nLambdas, jdouble minRatio, jdoubleArray lambdas, jint nValues, jlong seed, jint folds, \
      jint choice, jboolean earlyStop
/* Both path fits: the options from the Java arguments, lambdas (or NULL) copied; w NULL for
 * bk_logistic_path_fit, else the class weights of bk_logistic_path_fit_weighted. */
static jlong path_fit(JNIEnv *env, jlong data, jint maxIter, jdouble lambda, jdouble l1Ratio, jdouble tol,
                      jdouble maxGap, jint threads, jint laplace, jint nLambdas, jdouble minRatio, jdoubleArray lambdas, jint nValues,
                      jlong seed, jint folds, jint choice, jboolean earlyStop, jdoubleArray classWeights, jint k) {
  bk_logistic_train_options to;
  OK(train_options(&to, maxIter, lambda, l1Ratio, tol, maxGap, threads, laplace), 0);
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
  return HANDLE(p);
}

FN(jlong, logisticPathFit)(JNIEnv *env, jclass c, jlong data, PATH_ARGS) {
  (void)c;
  return path_fit(env, data, maxIter, lambda, l1Ratio, tol, maxGap, threads, laplace, nLambdas, minRatio, lambdas,
                  nValues, seed, folds, choice, earlyStop, NULL, 0);
}

FN(jlong, logisticPathFitWeighted)(JNIEnv *env, jclass c, jlong data, PATH_ARGS, jdoubleArray classWeights,
                                   jint k) {
  (void)c;
  return path_fit(env, data, maxIter, lambda, l1Ratio, tol, maxGap, threads, laplace, nLambdas, minRatio, lambdas,
                  nValues, seed, folds, choice, earlyStop, classWeights, k);
}

FREE(logisticPathFree, bk_logistic_path, bk_logistic_path_free)
GETTER(jlong, logisticPathLen, bk_logistic_path, size_t, bk_logistic_path_len)
GETTER(jdouble, logisticPathLambdaMax, bk_logistic_path, double, bk_logistic_path_lambda_max)
GETTER(jboolean, logisticPathStoppedEarly, bk_logistic_path, uint8_t, bk_logistic_path_stopped_early)
GETTER(jboolean, logisticPathHasCv, bk_logistic_path, uint8_t, bk_logistic_path_has_cv)

FN(jobject, logisticPathStep)(JNIEnv *env, jclass c, jlong h, jint i) {
  (void)c;
  bk_logistic_step st = {.struct_size = sizeof st};
  OK(bk_logistic_path_step(P(bk_logistic_path, h), (size_t)i, &st), NULL);
  return make(env, NEW_PATH_STEP, st.lambda, st.loss, st.objective, (jlong)st.nnz, (jlong)st.iterations,
              (jboolean)(st.converged != 0), st.cv_mean, st.cv_se, st.gap);
}

FN(jlong, logisticPathModel)(JNIEnv *env, jclass c, jlong h, jint i) {
  (void)c;
  bk_logistic_model *m = NULL;
  OK(bk_logistic_path_model(P(bk_logistic_path, h), (size_t)i, &m), 0);
  return HANDLE(m);
}

FN(jlong, logisticPathChosenModel)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  bk_logistic_model *m = NULL;
  OK(bk_logistic_path_chosen_model(P(bk_logistic_path, h), &m), 0);
  return HANDLE(m);
}

FN(jobject, logisticPathCv)(JNIEnv *env, jclass c, jlong h) {
  (void)c;
  bk_logistic_cv_summary cv = {.struct_size = sizeof cv};
  OK(bk_logistic_path_cv(P(bk_logistic_path, h), &cv), NULL);
  jobject choice = constant(env, OF_CV_CHOICE, (jlong)cv.choice);
  return choice ? make(env, NEW_CV_SUMMARY, (jint)cv.folds, (jlong)cv.seed, (jint)cv.best, (jint)cv.one_se,
                       (jint)cv.chosen, choice)
                : NULL;
}

FN(void, logisticPathCvFolds)(JNIEnv *env, jclass c, jlong h, jint i, jdoubleArray out, jint folds) {
  (void)c;
  double *buf = malloc((size_t)(folds > 0 ? folds : 1) * sizeof(double));
  if (buf == NULL) { throw_oom(env, "bayeskit: fold buffer"); return; }
  bk_status s = bk_logistic_path_cv_folds(P(bk_logistic_path, h), (size_t)i, buf, (size_t)folds);
  if (s == BK_OK) (*env)->SetDoubleArrayRegion(env, out, 0, folds, buf);
  free(buf);
  OK(s, );
}

/* ---- decisions: priors fitted from past experiments, peek-safe A/B rules ---- */

FN(jobject, priorFitOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_prior_fit_options o;
  OK(bk_prior_fit_options_default(&o), NULL);
  return make(env, NEW_PRIOR_FIT_OPTIONS, (jint)o.max_iter, o.tol);
}

static bk_prior_fit_options prior_fit_options(jint max_iter, jdouble tol) {
  bk_prior_fit_options o;
  bk_prior_fit_options_default(&o);
  o.max_iter = (uint32_t)max_iter;
  o.tol = tol;
  return o;
}

FN(jobject, betaPriorFit)(JNIEnv *env, jclass c, jlongArray successes, jlongArray trials, jint n, jint max_iter,
                          jdouble tol) {
  (void)c;
  uint64_t *s = get_counts(env, successes, n);
  if (s == NULL) return NULL;
  uint64_t *t = get_counts(env, trials, n);
  if (t == NULL) { free(s); return NULL; }
  bk_prior_fit_options o = prior_fit_options(max_iter, tol);
  bk_beta_prior_fit_result r;
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  bk_status st = bk_beta_prior_fit(s, t, (size_t)n, &o, &r);
  free(s);
  free(t);
  OK(st, NULL);
  jobject outcome = constant(env, OF_DM_OUTCOME, (jlong)r.outcome);
  if (outcome == NULL) return NULL;
  return make(env, NEW_BETA_PRIOR_FIT, outcome, r.alpha, r.beta, r.alpha_std_error, r.beta_std_error, r.loglik,
              r.loglik_limit, r.lr_stat, r.lr_pvalue, r.aic, r.bic, (jlong)r.iterations, (jlong)r.rows);
}

FN(jobject, gammaPriorFit)(JNIEnv *env, jclass c, jlongArray counts, jdoubleArray exposures, jint n, jint max_iter,
                           jdouble tol) {
  (void)c;
  uint64_t *y = get_counts(env, counts, n);
  if (y == NULL) return NULL;
  double *t = get_doubles(env, exposures, n);
  if (t == NULL) { free(y); return NULL; }
  bk_prior_fit_options o = prior_fit_options(max_iter, tol);
  bk_gamma_prior_fit_result r;
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  bk_status st = bk_gamma_prior_fit(y, t, (size_t)n, &o, &r);
  free(y);
  free(t);
  OK(st, NULL);
  jobject outcome = constant(env, OF_DM_OUTCOME, (jlong)r.outcome);
  if (outcome == NULL) return NULL;
  return make(env, NEW_GAMMA_PRIOR_FIT, outcome, r.shape, r.rate, r.shape_std_error, r.rate_std_error, r.loglik,
              r.loglik_limit, r.lr_stat, r.lr_pvalue, r.aic, r.bic, (jlong)r.iterations, (jlong)r.rows);
}

FN(jdouble, betaBayesFactor)(JNIEnv *env, jclass c, jobject prior, jlong sa, jlong na, jlong sb, jlong nb) {
  (void)c;
  bk_beta p = VALUE_bk_beta(prior);
  double out = 0;
  OK(bk_beta_bayes_factor(&p, (uint64_t)sa, (uint64_t)na, (uint64_t)sb, (uint64_t)nb, &out), 0);
  return out;
}

FN(jdouble, gammaBayesFactor)(JNIEnv *env, jclass c, jobject prior, jlong ya, jdouble ta, jlong yb, jdouble tb) {
  (void)c;
  bk_gamma p = VALUE_bk_gamma(prior);
  double out = 0;
  OK(bk_gamma_bayes_factor(&p, (uint64_t)ya, ta, (uint64_t)yb, tb, &out), 0);
  return out;
}

/* The default-argument forms take the header's constants: Java states no default. */
FN(jlong, alwaysValidProportions)(JNIEnv *env, jclass c, jdouble alpha, jdouble tau, jboolean defaults) {
  (void)c;
  bk_always_valid *t = NULL;
  OK(bk_always_valid_proportions(defaults ? BK_DEFAULT_ALPHA : alpha, defaults ? BK_DEFAULT_PROPORTION_MIXING_SD : tau,
                                 &t),
     0);
  return HANDLE(t);
}

FN(jlong, alwaysValidRates)(JNIEnv *env, jclass c, jdouble alpha, jdouble tau, jboolean defaults) {
  (void)c;
  bk_always_valid *t = NULL;
  OK(bk_always_valid_rates(defaults ? BK_DEFAULT_ALPHA : alpha, defaults ? BK_DEFAULT_RATE_MIXING_SD : tau, &t), 0);
  return HANDLE(t);
}

FN(jobject, alwaysValidLook)(JNIEnv *env, jclass c, jlong h, jdouble xa, jdouble na, jdouble xb, jdouble nb) {
  (void)c;
  bk_always_valid_result r;
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  OK(bk_always_valid_look(P(bk_always_valid, h), xa, na, xb, nb, &r), NULL);
  return make(env, NEW_ALWAYS_VALID_LOOK, (jboolean)(r.reject != 0), r.estimate, r.std_error, r.likelihood_ratio,
              r.p_value, r.lower, r.upper);
}

FREE(alwaysValidFree, bk_always_valid, bk_always_valid_free)
/* ---- bandits (bk_bandit) -----------------------------------------------------
 * The handle is internally synchronised, so Java takes its shared lock for
 * every call; each thread passes its own Rng. Priors cross as a flat array of
 * their parameters (2 per Beta or Gamma, 4 per NormalGamma), read by region. */

FN(jobject, banditOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_bandit_options o;
  OK(bk_bandit_options_default(&o), NULL);
  return make(env, NEW_BANDIT_OPTIONS, o.top_two_beta);
}

FN(jobject, banditReportOptionsDefault)(JNIEnv *env, jclass c) {
  (void)c;
  bk_bandit_report_options o;
  OK(bk_bandit_report_options_default(&o), NULL);
  return make(env, NEW_BANDIT_REPORT_OPTIONS, (jlong)o.draws, o.level);
}

/* long name(double[] params, int nPriors, int k, double topTwoBeta): f(priors, nPriors, k, &opts, &out) */
#define BANDIT_NEW(name, T, f, width)                                                                  \
  FN(jlong, name)(JNIEnv *env, jclass c, jdoubleArray params, jint n, jint k, jdouble top_two_beta) { \
    (void)c;                                                                                         \
    T priors[BK_MAX_BANDIT_ARMS];                                                                    \
    if (n < 0 || n > BK_MAX_BANDIT_ARMS) n = BK_MAX_BANDIT_ARMS + 1; /* refused by C below */        \
    else (*env)->GetDoubleArrayRegion(env, params, 0, n * (width), (jdouble *)priors);               \
    bk_bandit_options o;                                                                             \
    OK(bk_bandit_options_default(&o), 0);                                                            \
    o.top_two_beta = top_two_beta;                                                                   \
    bk_bandit *out = NULL;                                                                           \
    OK(f(priors, (size_t)n, (size_t)k, &o, &out), 0);                                                \
    return HANDLE(out);                                                                              \
  }
BANDIT_NEW(banditNewBeta, bk_beta, bk_bandit_new_beta, 2)
BANDIT_NEW(banditNewGamma, bk_gamma, bk_bandit_new_gamma, 2)
BANDIT_NEW(banditNewNormalGamma, bk_normal_gamma, bk_bandit_new_normal_gamma, 4)

FREE(banditFree, bk_bandit, bk_bandit_free)
GETTER(jlong, banditArms, bk_bandit, size_t, bk_bandit_arms)
GETTER(jint, banditFamilyOf, bk_bandit, bk_bandit_family, bk_bandit_family_of)

FN(jlong, banditChoose)(JNIEnv *env, jclass c, jlong h, jlong rng) {
  (void)c;
  size_t arm = 0;
  OK(bk_bandit_choose(P(bk_bandit, h), P(bk_rng, rng), &arm), 0);
  return (jlong)arm;
}

FN(jlong, banditChooseTopTwo)(JNIEnv *env, jclass c, jlong h, jlong rng) {
  (void)c;
  size_t arm = 0;
  OK(bk_bandit_choose_top_two(P(bk_bandit, h), P(bk_rng, rng), &arm), 0);
  return (jlong)arm;
}

FN(void, banditUpdate)(JNIEnv *env, jclass c, jlong h, jlong arm, jdouble value, jdouble size, jdouble weight) {
  (void)c;
  OK(bk_bandit_update(P(bk_bandit, h), (size_t)arm, value, size, weight), );
}

/* sizes and weights may be null (all 1). */
FN(void, banditUpdateBatch)(JNIEnv *env, jclass c, jlong h, jlongArray arms, jdoubleArray values,
                            jdoubleArray sizes, jdoubleArray weights, jint n) {
  (void)c;
  uint64_t *a = get_counts(env, arms, n);
  double *v = a ? get_doubles(env, values, n) : NULL;
  double *s = v && sizes ? get_doubles(env, sizes, n) : NULL;
  double *w = v && (!sizes || s) && weights ? get_doubles(env, weights, n) : NULL;
  if (a == NULL || v == NULL || (sizes && s == NULL) || (weights && w == NULL)) {
    free(a); free(v); free(s); free(w);
    return;
  }
  size_t *ix = malloc(n > 0 ? (size_t)n * sizeof(size_t) : 1);
  if (ix == NULL) {
    free(a); free(v); free(s); free(w);
    throw_oom(env, "bayeskit: bandit arms");
    return;
  }
  for (jint i = 0; i < n; i++) ix[i] = (size_t)a[i];
  bk_status st = bk_bandit_update_batch(P(bk_bandit, h), ix, v, s, w, (size_t)n);
  free(ix); free(a); free(v); free(s); free(w);
  OK(st, );
}

FN(void, banditDiscount)(JNIEnv *env, jclass c, jlong h, jdouble gamma) {
  (void)c;
  OK(bk_bandit_discount(P(bk_bandit, h), gamma), );
}

#define BANDIT_POSTERIOR(name, T, f)                                     \
  FN(jobject, name)(JNIEnv *env, jclass c, jlong h, jlong arm) {         \
    (void)c;                                                             \
    T out;                                                               \
    OK(f(P(bk_bandit, h), (size_t)arm, &out), NULL);                     \
    return RECORD_##T(out);                                              \
  }
BANDIT_POSTERIOR(banditPosteriorBeta, bk_beta, bk_bandit_posterior_beta)
BANDIT_POSTERIOR(banditPosteriorGamma, bk_gamma, bk_bandit_posterior_gamma)
BANDIT_POSTERIOR(banditPosteriorNormalGamma, bk_normal_gamma, bk_bandit_posterior_normal_gamma)

/* BanditSummary name(long h, long rng, long draws, double level, double[] probBest, double[] loss, int k) */
FN(jobject, banditReport)(JNIEnv *env, jclass c, jlong h, jlong rng, jlong draws, jdouble level,
                          jdoubleArray prob_best, jdoubleArray loss, jint k) {
  (void)c;
  double p[BK_MAX_BANDIT_ARMS], l[BK_MAX_BANDIT_ARMS];
  bk_bandit_report_options o;
  OK(bk_bandit_report_options_default(&o), NULL);
  o.draws = (uint64_t)draws;
  o.level = level;
  bk_bandit_summary s;
  s.struct_size = sizeof s;
  size_t kk = k >= 0 && k <= BK_MAX_BANDIT_ARMS ? (size_t)k : 0; /* Java checked k = arms() */
  OK(bk_bandit_report(P(bk_bandit, h), P(bk_rng, rng), &o, p, l, kk, &s), NULL);
  (*env)->SetDoubleArrayRegion(env, prob_best, 0, k, p);
  (*env)->SetDoubleArrayRegion(env, loss, 0, k, l);
  jobject how = method_report(env, &s.prob_best_method);
  return how ? make(env, NEW_BANDIT_SUMMARY, (jlong)s.best, s.value_remaining, s.value_remaining_relative,
                    (jlong)s.draws, how)
             : NULL;
}
