/*
 * Runs a platform's JNI library without a JVM, for the platforms whose JVM this
 * machine cannot run (packaging/platforms.sh test): loads the library the jar
 * carries, calls its natives through a minimal JNIEnv that implements only the
 * array functions those natives use, and checks what they return against the C
 * API of the same platform's libbayeskit, bit for bit:
 *   - Native.version equals bk_version();
 *   - Native.logisticModelFromBytes loads tests/data/model_v1_dense_k3.bkm,
 *     Native.logisticModelClasses gives its classes, and
 *     Native.logisticModelPredictProba scores rows exactly as
 *     bk_logistic_model_predict_proba does;
 *   - a corrupt model fails through the shim's error path (it throws).
 * usage: jni_smoke PATH_TO_JNI_LIBRARY PATH_TO_MODEL.bkm
 * Prints "jni_smoke: N passed, M failed" and exits non-zero on a failure.
 */
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bayeskit.h"

#ifdef _WIN32
#include <windows.h>
static void *open_library(const char *path) { return (void *)LoadLibraryA(path); }
static void *symbol(void *lib, const char *name) { return (void *)GetProcAddress((HMODULE)lib, name); }
#else
#include <dlfcn.h>
static void *open_library(const char *path) { return dlopen(path, RTLD_NOW | RTLD_LOCAL); }
static void *symbol(void *lib, const char *name) { return dlsym(lib, name); }
#endif

static int passed, failed;
#define CHECK(cond)                                              \
  do {                                                           \
    if (cond) {                                                  \
      passed++;                                                  \
    } else {                                                     \
      failed++;                                                  \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                            \
  } while (0)

/* ---- a JNIEnv with arrays only: an array is a struct arr, an exception a flag ---- */
struct arr {
  jsize len;
  size_t elem;
  unsigned char data[];
};
static int thrown;

static struct arr *arr_new(jsize len, size_t elem) {
  struct arr *a = calloc(1, sizeof *a + (size_t)len * elem + 1);
  if (a == NULL) { fprintf(stderr, "jni_smoke: out of memory\n"); exit(2); }
  a->len = len;
  a->elem = elem;
  return a;
}
static void region(jarray array, jsize start, jsize len, void *buf, int set) {
  struct arr *a = (struct arr *)array;
  if (start < 0 || len < 0 || start + len > a->len) { thrown = 1; return; } /* ArrayIndexOutOfBounds */
  if (set) memcpy(a->data + (size_t)start * a->elem, buf, (size_t)len * a->elem);
  else memcpy(buf, a->data + (size_t)start * a->elem, (size_t)len * a->elem);
}
static jsize JNICALL get_length(JNIEnv *e, jarray a) { (void)e; return ((struct arr *)a)->len; }
static jbyteArray JNICALL new_bytes(JNIEnv *e, jsize n) { (void)e; return (jbyteArray)arr_new(n, 1); }
static void JNICALL get_bytes(JNIEnv *e, jbyteArray a, jsize s, jsize n, jbyte *b) { (void)e; region(a, s, n, b, 0); }
static void JNICALL set_bytes(JNIEnv *e, jbyteArray a, jsize s, jsize n, const jbyte *b) { (void)e; region(a, s, n, (void *)b, 1); }
static void JNICALL get_ints(JNIEnv *e, jintArray a, jsize s, jsize n, jint *b) { (void)e; region(a, s, n, b, 0); }
static void JNICALL get_doubles(JNIEnv *e, jdoubleArray a, jsize s, jsize n, jdouble *b) { (void)e; region(a, s, n, b, 0); }
static void JNICALL set_doubles(JNIEnv *e, jdoubleArray a, jsize s, jsize n, const jdouble *b) { (void)e; region(a, s, n, (void *)b, 1); }
static jboolean JNICALL exception_check(JNIEnv *e) { (void)e; return thrown ? JNI_TRUE : JNI_FALSE; }
/* The shim's error path builds a BayeskitException through classes it looked up in JNI_OnLoad,
 * which needs a JVM; here every object construction "fails" with an exception pending, which is
 * what the shim must cope with anyway. */
static jobject JNICALL new_object_v(JNIEnv *e, jclass c, jmethodID m, va_list ap) { (void)e; (void)c; (void)m; (void)ap; thrown = 1; return NULL; }
static jstring JNICALL new_string_utf(JNIEnv *e, const char *s) { (void)e; (void)s; thrown = 1; return NULL; }
static jint JNICALL throw_new(JNIEnv *e, jclass c, const char *m) { (void)e; (void)c; (void)m; thrown = 1; return 0; }
static jint JNICALL throw_(JNIEnv *e, jthrowable t) { (void)e; (void)t; thrown = 1; return 0; }

static struct JNINativeInterface_ fns;
static JNIEnv env = &fns;

static struct arr *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) { fprintf(stderr, "jni_smoke: cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  struct arr *a = arr_new((jsize)n, 1);
  if (fread(a->data, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "jni_smoke: cannot read %s\n", path); exit(2); }
  fclose(f);
  return a;
}

typedef jbyteArray(JNICALL *version_fn)(JNIEnv *, jclass);
typedef jlong(JNICALL *from_bytes_fn)(JNIEnv *, jclass, jbyteArray, jint);
typedef jlong(JNICALL *classes_fn)(JNIEnv *, jclass, jlong);
typedef void(JNICALL *predict_fn)(JNIEnv *, jclass, jlong, jintArray, jdoubleArray, jint, jdoubleArray, jint);
typedef void(JNICALL *free_fn)(JNIEnv *, jclass, jlong);

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: jni_smoke JNI_LIBRARY MODEL.bkm\n"); return 2; }
  fns.GetArrayLength = get_length;
  fns.NewByteArray = new_bytes;
  fns.GetByteArrayRegion = get_bytes;
  fns.SetByteArrayRegion = set_bytes;
  fns.GetIntArrayRegion = get_ints;
  fns.GetDoubleArrayRegion = get_doubles;
  fns.SetDoubleArrayRegion = set_doubles;
  fns.ExceptionCheck = exception_check;
  fns.NewObjectV = new_object_v;
  fns.NewStringUTF = new_string_utf;
  fns.ThrowNew = throw_new;
  fns.Throw = throw_;

  void *lib = open_library(argv[1]);
  if (lib == NULL) { fprintf(stderr, "jni_smoke: cannot load %s\n", argv[1]); return 1; }
  version_fn version = (version_fn)symbol(lib, "Java_org_bayeskit_Native_version");
  from_bytes_fn from_bytes = (from_bytes_fn)symbol(lib, "Java_org_bayeskit_Native_logisticModelFromBytes");
  classes_fn classes = (classes_fn)symbol(lib, "Java_org_bayeskit_Native_logisticModelClasses");
  predict_fn predict = (predict_fn)symbol(lib, "Java_org_bayeskit_Native_logisticModelPredictProba");
  free_fn model_free = (free_fn)symbol(lib, "Java_org_bayeskit_Native_logisticModelFree");
  CHECK(symbol(lib, "JNI_OnLoad") != NULL);
  CHECK(symbol(lib, "bk_version") == NULL); /* the JNI library exports only JNI symbols */
  if (!version || !from_bytes || !classes || !predict || !model_free) {
    fprintf(stderr, "jni_smoke: a native is missing from %s\n", argv[1]);
    return 1;
  }

  struct arr *v = (struct arr *)version(&env, NULL);
  CHECK(v != NULL && !thrown && (size_t)v->len == strlen(bk_version()) && memcmp(v->data, bk_version(), (size_t)v->len) == 0);
  free(v);

  struct arr *bytes = read_file(argv[2]);
  jlong h = from_bytes(&env, NULL, (jbyteArray)bytes, bytes->len);
  CHECK(h != 0 && !thrown);
  bk_logistic_model *m = NULL;
  CHECK(bk_logistic_model_from_bytes(bytes->data, (size_t)bytes->len, &m) == BK_OK);
  size_t k = 0, d = 0;
  CHECK(bk_logistic_model_classes(m, &k) == BK_OK && bk_logistic_model_features(m, &d) == BK_OK);
  CHECK(k > 0 && k <= 16 && d > 0 && classes(&env, NULL, h) == (jlong)k && !thrown);

  /* Rows over every feature, in growing lengths, with values of both signs. */
  struct arr *ids = arr_new((jsize)d, sizeof(jint)), *vals = arr_new((jsize)d, sizeof(jdouble));
  struct arr *out = arr_new((jsize)k, sizeof(jdouble));
  for (size_t nnz = 0; nnz <= d && h != 0 && m != NULL; nnz++) {
    uint32_t cid[64];
    double cval[64], want[16];
    for (size_t j = 0; j < nnz && j < 64; j++) {
      cid[j] = (uint32_t)j;
      cval[j] = (j % 2 ? -0.75 : 1.5) * (double)(j + 1);
      ((jint *)ids->data)[j] = (jint)j;
      ((jdouble *)vals->data)[j] = cval[j];
    }
    CHECK(bk_logistic_model_predict_proba(m, cid, cval, nnz, want, k) == BK_OK);
    predict(&env, NULL, h, (jintArray)ids, (jdoubleArray)vals, (jint)nnz, (jdoubleArray)out, (jint)k);
    CHECK(!thrown && memcmp(out->data, want, k * sizeof(double)) == 0);
  }
  free(ids);
  free(vals);
  free(out);

  /* A corrupt model: the shim returns 0 with an exception pending. */
  bytes->data[bytes->len / 2] ^= 0x5a;
  CHECK(from_bytes(&env, NULL, (jbyteArray)bytes, bytes->len) == 0 && thrown);
  thrown = 0;
  free(bytes);

  if (h != 0) model_free(&env, NULL, h);
  bk_logistic_model_free(m);
  printf("jni_smoke: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
