// One order, kept current by live updates: the fulfilment worker moves it along on its own, the
// orders BFF publishes the order as it stands, and the shell pushes that on the shopper's
// "orders:me" topic, which this hook shows (no polling). After a resync (too much missed) it loads the order again.
// An order placed offline is still in the platform's outbox: it shows as pending until sent.
import { useCallback, useEffect, useState } from "htm/preact";
import { live, outbox } from "@bazaar/platform";
import { getOrder, updateSavedOrder } from "../api.js";
// The order after a live "order-status" message. The message is the orders BFF's projection
// of the order (fulfilment's steps and the catalog's decision merged there, once), so it is
// taken as it is; only a message older than what is on screen (a reload overtook it: its
// timeline is shorter) is left aside.
export function applyStatus(order, message) {
  if (message.orderId !== order.id) return order;
  if ((message.timeline || []).length < (order.timeline || []).length) return order;
  return {
    ...order,
    status: message.status,
    steps: message.steps,
    timeline: message.timeline,
    cancel_reason: message.reason ?? null,
  };
}

// The outbox's command placing order `id`, while it waits to be sent (or was refused).
async function queuedOrder(bff, id) {
  const { pending, dead } = await outbox.list().catch(() => ({ pending: [], dead: [] }));
  const placing = (command) => command.mine && command.method === "POST" && command.url === bff.url("/orders") && command.body?.id === id;
  const waiting = pending.find(placing);
  if (waiting) return waiting;
  const refused = dead.find(placing);
  return refused ? { ...refused, refused: true } : null;
}

export function useOrder(bff, id, lifetime) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState({ status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, lifetime]);
    let waiting = false; // this order is still in the outbox
    const load = () => getOrder(bff, id, signal).then(
      (order) => {
        waiting = false;
        if (!signal.aborted) setState({ status: "ready", order });
      },
      async (error) => {
        const queued = await queuedOrder(bff, id);
        if (signal.aborted) return;
        waiting = Boolean(queued);
        if (queued) setState({ status: "pending", command: queued });
        else if (error.status === 404) setState({ status: "not-found" });
        else setState((s) => (s.status === "ready" ? s : { status: "error", error }));
      },
    );
    // The outbox sent (or gave up on) something: a pending order may exist now.
    let pending = null;
    const offOutbox = outbox.onChange((summary) => {
      if (pending !== null && summary.pending < pending && waiting) load();
      pending = summary.pending;
    });
    const stop = live.subscribe("orders:me", (message) => {
      setState((s) => (s.status === "ready" ? { ...s, order: applyStatus(s.order, message) } : s));
      // The saved order follows too (messages missed offline arrive on reconnect): a reload
      // without network shows the order as far as it has got.
      if (message.orderId === id) updateSavedOrder(bff, id, (order) => applyStatus(order, message)).catch(() => {});
    }, { onResync: load });
    setState({ status: "loading" });
    load();
    return () => {
      controller.abort();
      stop();
      offOutbox();
    };
  }, [id, attempt]);

  return { ...state, retry: useCallback(() => setAttempt((n) => n + 1), []) };
}
