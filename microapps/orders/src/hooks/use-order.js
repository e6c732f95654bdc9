// One order, kept current: the fulfilment worker moves it along on its own, so while it is not
// delivered the page asks again every 2 s (there are no live updates for orders yet). Polling
// stops when the order is delivered, the id changes or the view goes away.
import { useCallback, useEffect, useState } from "htm/preact";
import { getOrder } from "../api.js";

const POLL_MS = 2 * 1000; // 2 seconds
const POLL_AFTER_ERROR_MS = 5 * 1000; // a failed poll keeps the last answer on screen and tries again later

export function useOrder(bff, id, lifetime) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState({ status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, lifetime]);
    let timer = null;
    let shown = false;
    const poll = () => getOrder(bff, id, signal).then(
      (order) => {
        if (signal.aborted) return;
        shown = true;
        setState({ status: "ready", order, stale: false });
        if (order.status !== "delivered") timer = setTimeout(poll, POLL_MS);
      },
      (error) => {
        if (signal.aborted) return;
        if (error.status === 404) return setState({ status: "not-found" });
        if (!shown) return setState({ status: "error", error });
        setState((s) => ({ ...s, stale: true }));
        timer = setTimeout(poll, POLL_AFTER_ERROR_MS);
      },
    );
    setState({ status: "loading" });
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id, attempt]);

  return { ...state, retry: useCallback(() => setAttempt((n) => n + 1), []) };
}
