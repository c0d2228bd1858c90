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

#endif /* BK_TEST_CHECK_H */
