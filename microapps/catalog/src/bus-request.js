// Request and answer over the bus: publish a request about one product, then wait for the
// answer topic or the failure topic naming the same product, or give up after a while.
// It never subscribes to the request topic itself, so bus.handles(request) stays honest.

const ANSWER_TIMEOUT_MS = 8 * 1000; // 8 seconds

export class NoAnswer extends Error {
  constructor(topic) {
    super(`nobody answered ${topic}`);
    this.name = "NoAnswer";
  }
}

export function requestOverBus(bus, { topic, detail, answer, failure, signal, timeoutMs = ANSWER_TIMEOUT_MS }) {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const mine = (reply) => reply?.productId === detail.productId;
    const unsubscribes = [];
    const finish = (settle, value) => {
      clearTimeout(timer);
      unsubscribes.forEach((unsubscribe) => unsubscribe());
      signal?.removeEventListener("abort", onAbort);
      settle(value);
    };
    const onAbort = () => finish(reject, signal.reason);
    const timer = setTimeout(() => finish(reject, new NoAnswer(topic)), timeoutMs);
    signal?.addEventListener("abort", onAbort);
    unsubscribes.push(bus.subscribe(answer, (reply) => mine(reply) && finish(resolve, reply)));
    unsubscribes.push(bus.subscribe(failure, (reply) => mine(reply) && finish(reject, new Error(reply.message))));
    try {
      bus.publish(topic, detail);
    } catch (error) {
      finish(reject, error); // the bus refused a detail that breaks the topic's schema
    }
  });
}
