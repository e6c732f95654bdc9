// Full-jitter exponential backoff: a random wait between half the first delay and
// min(max, first * 2^attempt), so that many clients retrying at once spread out.
export function backoff(attempt, { firstMs, maxMs }) {
  const ceiling = Math.min(maxMs, firstMs * 2 ** attempt);
  return firstMs / 2 + Math.random() * (ceiling - firstMs / 2);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
