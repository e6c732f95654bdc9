// One order, kept current by live updates: the fulfilment worker moves it along on its own and
// the shell pushes each step on the shopper's "orders:me" topic, which this hook applies to the
// order on screen (no polling). After a resync (too much missed) it loads the order again.
import { useCallback, useEffect, useState } from "htm/preact";
import { live } from "@bazaar/platform";
import { getOrder } from "../api.js";
import { STEPS } from "../format.js";

const RANK = new Map(STEPS.map((step, index) => [step.status, index]));

// The order after a live "order-status" message: the furthest step wins, whatever the order
// the messages came in, and each step keeps the time it happened.
export function applyStatus(order, message) {
  if (message.orderId !== order.id) return order;
  const timeline = order.timeline.some((entry) => entry.status === message.status)
    ? order.timeline
    : [...order.timeline, { status: message.status, at: message.at }];
  const status = RANK.get(message.status) > RANK.get(order.status) ? message.status : order.status;
  return { ...order, status, timeline };
}

export function useOrder(bff, id, lifetime) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState({ status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, lifetime]);
    const load = () => getOrder(bff, id, signal).then(
      (order) => signal.aborted || setState({ status: "ready", order }),
      (error) => {
        if (signal.aborted) return;
        if (error.status === 404) setState({ status: "not-found" });
        else setState((s) => (s.status === "ready" ? s : { status: "error", error }));
      },
    );
    const stop = live.subscribe("orders:me", (message) => {
      setState((s) => (s.status === "ready" ? { ...s, order: applyStatus(s.order, message) } : s));
    }, { onResync: load });
    setState({ status: "loading" });
    load();
    return () => {
      controller.abort();
      stop();
    };
  }, [id, attempt]);

  return { ...state, retry: useCallback(() => setAttempt((n) => n + 1), []) };
}
