/* A C consumer: the A/B read-out of the README, through the C API only. */
#include <bayeskit.h>
#include <stdio.h>

int main(void) {
  bk_beta a, b;
  bk_comparison c = {.struct_size = sizeof c};
  char msg[256];
  if (bk_beta_init(1, 1, &a) != BK_OK || bk_beta_init(1, 1, &b) != BK_OK) return 1;
  bk_beta_update(&a, 20, 980);
  bk_beta_update(&b, 30, 970);
  if (bk_beta_compare(&a, &b, &c) != BK_OK) {
    bk_last_error_message(msg, sizeof msg);
    fprintf(stderr, "bayeskit: %s\n", msg);
    return 1;
  }
  printf("pkg-config-c: bayeskit %s, P(B > A) = %.4f\n", bk_version(), c.prob_b_greater);
  return c.prob_b_greater > 0.9 ? 0 : 1;
}
