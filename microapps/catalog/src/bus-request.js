// Request and answer over the bus: publish a request signal about one product, then wait for
// the answer signal or the failure signal naming the same product, or give up after a while.
// It never subscribes to the request itself, so bus.handles(request) stays honest.

const ANSWER_TIMEOUT_MS = 8 * 1000; // 8 seconds

export class NoAnswer extends Error {
  constructor(request) {
    super(`nobody answered ${request}`);
    this.name = "NoAnswer";
  }
}

// `lifetime` (an AbortSignal) stops waiting when the asking view goes away.
export function requestOverBus(bus, { request, detail, answer, failure, lifetime, timeoutMs = ANSWER_TIMEOUT_MS }) {
  if (lifetime?.aborted) return Promise.reject(lifetime.reason);
  return new Promise((resolve, reject) => {
    const mine = (reply) => reply?.productId === detail.productId;
    const unsubscribes = [];
    const finish = (settle, value) => {
      clearTimeout(timer);
      unsubscribes.forEach((unsubscribe) => unsubscribe());
      lifetime?.removeEventListener("abort", onAbort);
      settle(value);
    };
    const onAbort = () => finish(reject, lifetime.reason);
    const timer = setTimeout(() => finish(reject, new NoAnswer(request)), timeoutMs);
    lifetime?.addEventListener("abort", onAbort);
    unsubscribes.push(bus.subscribe(answer, (reply) => mine(reply) && finish(resolve, reply)));
    unsubscribes.push(bus.subscribe(failure, (reply) => mine(reply) && finish(reject, new Error(reply.message))));
    try {
      bus.publish(request, detail);
    } catch (error) {
      finish(reject, error); // the bus refused a detail that breaks the signal's schema
    }
  });
}
