// Request and answer over the bus, between two micro-apps on one page: publish a request
// signal, then wait for the answer signal or the failure signal that names the same thing
// (the detail's `key` field: a product id, a request id), or give up after a while. When
// nothing handles the request yet (its app is still loading), the request waits for it within
// the same time. It never subscribes to the request itself, so bus.handles(request) stays honest.

const ANSWER_TIMEOUT_MS = 8 * 1000; // 8 seconds

export class NoAnswer extends Error {
  constructor(request) {
    super(`nobody answered ${request}`);
    this.name = "NoAnswer";
  }
}

// `lifetime` (an AbortSignal) stops waiting when the asking view goes away.
export function requestOverBus(bus, {
  request, detail, answer, failure, lifetime, key = "productId", timeoutMs = ANSWER_TIMEOUT_MS,
}) {
  if (lifetime?.aborted) return Promise.reject(lifetime.reason);
  return new Promise((resolve, reject) => {
    const mine = (reply) => reply?.[key] === detail[key];
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
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      try {
        bus.publish(request, detail);
      } catch (error) {
        finish(reject, error); // the bus refused a detail that breaks the signal's schema
      }
    };
    if (bus.handles(request)) send();
    // (after the subscribing app's own set-up has run, not inside its subscribe call)
    else unsubscribes.push(bus.watchHandlers(request, (handled) => handled && queueMicrotask(send)));
  });
}
