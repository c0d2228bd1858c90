/*
 * check.h: a tiny single-header test harness for the bayeskit C tests.
 *
 *   CHECK(cond)                  cond must be true
 *   CHECK_STATUS(call, expected) call must return the status `expected`
 *   CHECK_NEAR(a, b, rel_tol)    |a - b| <= rel_tol * max(|a|, |b|, 1e-300);
 *                                equal infinities pass, NaN always fails
 *   CHECK_REPORT()               prints "N passed, M failed"; returns the
 *                                exit status for main (non-zero if M > 0)
 *   CHECK_FAIL(call, expected)   call must return `expected` and record a message
 *   CHECK_MESSAGE_HAS(needle)    the last error message must contain `needle`
 *   CHECK_BUFFER_PROTOCOL(call, ctx, text, out, out_cap)
 *                                one function of the buffer protocol obeys it
 *                                whole; evaluates to the size it needs
 *
 * Each failure prints file:line and the expression; tests keep running.
 * Include it from exactly one translation unit (the counters are static).
 */
#ifndef BK_TEST_CHECK_H
#define BK_TEST_CHECK_H

#include "bayeskit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static unsigned long check_passed_ = 0;
static unsigned long check_failed_ = 0;

static int check_record_(int ok, const char *file, int line, const char *expr) {
  if (ok) {
    check_passed_++;
  } else {
    check_failed_++;
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, expr);
  }
  return ok;
}

static int check_status_(long got, long expected, const char *file, int line, const char *expr) {
  int ok = got == expected;
  if (ok) {
    check_passed_++;
  } else {
    check_failed_++;
    fprintf(stderr, "%s:%d: CHECK_STATUS failed: %s returned %ld, expected %ld\n", file, line, expr,
            got, expected);
  }
  return ok;
}

static int check_near_(double a, double b, double rel_tol, const char *file, int line,
                       const char *ea, const char *eb) {
  int ok;
  if (isnan(a) || isnan(b)) {
    ok = 0;
  } else if (isinf(a) || isinf(b)) {
    ok = a == b;
  } else {
    double scale = fmax(fmax(fabs(a), fabs(b)), 1e-300);
    ok = fabs(a - b) <= rel_tol * scale;
  }
  if (ok) {
    check_passed_++;
  } else {
    check_failed_++;
    fprintf(stderr,
            "%s:%d: CHECK_NEAR failed: %s = %.17g, %s = %.17g (rel err %.3g > %.3g)\n", file,
            line, ea, a, eb, b,
            (isfinite(a) && isfinite(b)) ? fabs(a - b) / fmax(fmax(fabs(a), fabs(b)), 1e-300)
                                         : (double)INFINITY,
            rel_tol);
  }
  return ok;
}

#define CHECK(cond) check_record_(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_STATUS(call, expected) \
  check_status_((long)(call), (long)(expected), __FILE__, __LINE__, #call)
#define CHECK_NEAR(a, b, rel_tol) \
  check_near_((double)(a), (double)(b), (double)(rel_tol), __FILE__, __LINE__, #a, #b)

static int check_report_(void) {
  printf("%lu passed, %lu failed\n", check_passed_, check_failed_);
  fflush(stdout);
  return check_failed_ > 0 ? 1 : 0;
}
#define CHECK_REPORT() check_report_()

/* A failing call: status as expected and a non-empty message recorded. */
#define CHECK_FAIL(call, expected)             \
  do {                                         \
    CHECK_STATUS(call, expected);              \
    CHECK(bk_last_error_message(NULL, 0) > 0); \
  } while (0)

/* The last error message must contain `needle`. */
#define CHECK_MESSAGE_HAS(needle) CHECK(check_message_has_(needle))

static inline int check_message_has_(const char *needle) {
  char buf[1024];
  bk_last_error_message(buf, sizeof buf);
  if (strstr(buf, needle) != NULL) return 1;
  fprintf(stderr, "  last error message: \"%s\" lacks \"%s\"\n", buf, needle);
  return 0;
}

/*
 * The buffer protocol (docs/c-api.md, "Buffers"), checked whole on one call.
 * C has no closures, so a test binds the call's other arguments in a small
 * function of this type and passes them through `ctx`.
 */
typedef bk_status (*check_buffer_fn)(const void *ctx, void *buf, size_t cap, size_t *len);

static inline int check_buffer_(int ok, const char *file, int line, const char *call, const char *what) {
  if (ok) {
    check_passed_++;
  } else {
    check_failed_++;
    fprintf(stderr, "%s:%d: buffer protocol of %s: %s\n", file, line, call, what);
  }
  return ok;
}

static inline int check_untouched_(const unsigned char *out, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (out[i] != 0xcd) return 0;
  return 1;
}

/*
 * Runs `call` through every case of the protocol and returns the size it
 * needs (0 if the size query fails): the size query (buf NULL, cap 0); a
 * NULL buf with a cap and a NULL len refused with BK_ERR_NULL_POINTER and
 * the argument named, nothing written; cap 0 and one byte short refused with
 * BK_ERR_BUFFER_TOO_SMALL, the size in *len and the message, the buffer
 * untouched; a larger buffer and the exact size filled with *len bytes and
 * nothing past them. For text (`text` non-zero) the output ends in its only
 * NUL. `out` must hold more than the size; it is left holding the output.
 */
static inline size_t check_buffer_protocol_(check_buffer_fn call, const void *ctx, int text,
                                            unsigned char *out, size_t out_cap,
                                            const char *file, int line, const char *name) {
#define BUFFER_CASE(cond, what) check_buffer_(!!(cond), file, line, name, what)
  size_t need = 0, len = 99;
  char expected[128];
  if (!BUFFER_CASE(call(ctx, NULL, 0, &need) == BK_OK && need > 0, "size query")) return 0;
  if (!BUFFER_CASE(need < out_cap, "the test's buffer holds more than the size")) return need;

  memset(out, 0xcd, out_cap);
  BUFFER_CASE(call(ctx, NULL, need, &len) == BK_ERR_NULL_POINTER, "NULL buf with a cap");
  BUFFER_CASE(check_message_has_("`buf`") && len == 99, "NULL buf: named, *len untouched");
  BUFFER_CASE(call(ctx, out, out_cap, NULL) == BK_ERR_NULL_POINTER, "NULL len");
  BUFFER_CASE(check_message_has_("`len`") && check_untouched_(out, 0, out_cap),
              "NULL len: named, buf untouched");

  size_t short_caps[2] = {0, need - 1};
  for (int i = 0; i < 2; i++) {
    len = 0;
    BUFFER_CASE(call(ctx, out, short_caps[i], &len) == BK_ERR_BUFFER_TOO_SMALL, "short cap");
    snprintf(expected, sizeof expected, "needs %zu bytes, the buffer has %zu", need,
             short_caps[i]);
    BUFFER_CASE(check_message_has_("buffer too small") && check_message_has_(expected),
                "short cap: the message gives both sizes");
    BUFFER_CASE(len == need && check_untouched_(out, 0, out_cap),
                "short cap: *len is the size, buf untouched");
  }

  size_t caps[2] = {out_cap, need};
  for (int i = 0; i < 2; i++) {
    memset(out, 0xcd, out_cap);
    len = 0;
    BUFFER_CASE(call(ctx, out, caps[i], &len) == BK_OK && len == need, "fill");
    BUFFER_CASE(check_untouched_(out, need, out_cap), "fill: nothing past *len bytes");
    if (text)
      BUFFER_CASE(out[need - 1] == '\0' && strlen((const char *)out) == need - 1,
                  "fill: text ends in its only NUL");
  }
  return need;
#undef BUFFER_CASE
}
#define CHECK_BUFFER_PROTOCOL(call, ctx, text, out, out_cap)                                  \
  check_buffer_protocol_((call), (ctx), (text), (unsigned char *)(out), (out_cap), __FILE__, \
                         __LINE__, #call)

#endif /* BK_TEST_CHECK_H */
