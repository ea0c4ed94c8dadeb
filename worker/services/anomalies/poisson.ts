// How improbable a count is for a link whose usual rate is λ: the Poisson upper tail P(X ≥ k).
// Summed from k upwards in log space (no factorial overflows), stopping once terms stop mattering.

/** ln(n!) by Stirling's series: exact enough (below 1e-10 relative) for every n ≥ 0. */
export function logFactorial(n: number): number {
  if (n < 2) return 0;
  if (n < 20) {
    let sum = 0;
    for (let i = 2; i <= n; i++) sum += Math.log(i);
    return sum;
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // Below the mean the tail is large: 1 − P(X < k), summing the k smaller terms.
  if (k <= lambda) {
    let below = 0;
    for (let i = 0; i < k; i++) below += Math.exp(-lambda + i * Math.log(lambda) - logFactorial(i));
    return Math.max(0, 1 - below);
  }
  let tail = 0;
  for (let i = k; ; i++) {
    const term = Math.exp(-lambda + i * Math.log(lambda) - logFactorial(i));
    tail += term;
    if (term < tail * 1e-12 || i > k + 10_000) return Math.min(1, tail);
  }
}
