// Placing the order exactly once, through the platform's outbox: the order id and its
// Idempotency-Key are fixed the moment the shopper presses "Place order" and stored on the
// device. Online, the shop answers at once and the shopper sees the order. Offline (or while
// the shop fails), the order waits in the outbox and is sent when the network returns; the
// order page shows it as pending until then. A refusal (out of stock, a bad field) is shown
// here, where the shopper can fix it.
import { useRef, useState } from "htm/preact";
import { signals } from "@bazaar/platform";
import { placeOrder } from "../api.js";
import { describePlaceError } from "../format.js";

export function usePlaceOrder({ bff, bus, navigate, lifetime }) {
  const inProgress = useRef(false);
  const [placing, setPlacing] = useState(false);
  const [failure, setFailure] = useState(null); // {title, message, code, errors}

  async function place(order, details = null) {
    if (inProgress.current) return; // a double click places nothing more
    inProgress.current = true;
    setPlacing(true);
    setFailure(null);
    const orderId = crypto.randomUUID();
    try {
      const outcome = await placeOrder(bff, orderId, order, details);
      bus.publish(signals.ORDER_PLACED, { orderId, queued: outcome.status !== "sent" });
      navigate(`/orders/${encodeURIComponent(orderId)}`);
    } catch (error) {
      if (lifetime.aborted) return;
      setFailure({ ...describePlaceError(error), code: error.code, errors: error.errors || [] });
    } finally {
      inProgress.current = false;
      if (!lifetime.aborted) setPlacing(false);
    }
  }

  return { place, placing, failure };
}
