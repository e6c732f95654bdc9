// Placing the order exactly once. The order id and the Idempotency-Key are made once per
// attempt and kept until the shop gives a definite answer: a double click, or pressing the
// button again after a lost connection, sends the same ones, so the BFF answers with the same
// order instead of placing a second.
import { useRef, useState } from "htm/preact";
import { topics } from "@bazaar/platform";
import { getOrder, placeOrder } from "../api.js";
import { describePlaceError } from "../format.js";

const newAttempt = () => ({ orderId: crypto.randomUUID(), key: crypto.randomUUID() });

export function usePlaceOrder({ bff, bus, navigate, lifetime }) {
  const attempt = useRef(null);
  const inProgress = useRef(false);
  const [placing, setPlacing] = useState(false);
  const [failure, setFailure] = useState(null); // {title, message, code, errors}

  const placed = (order) => {
    bus.publish(topics.ORDER_PLACED, { orderId: order.id });
    navigate(`/orders/${encodeURIComponent(order.id)}`);
  };

  // The form changed after a try whose answer was lost, so the BFF refuses the key with this
  // other body: if that earlier try did place the order, it is the order; if not, start afresh.
  async function sendOnce(order) {
    try {
      return await placeOrder(bff, attempt.current, order, lifetime);
    } catch (error) {
      if (error.code !== "idempotency_key_reused") throw error;
      const earlier = await getOrder(bff, attempt.current.orderId, lifetime).catch(() => null);
      if (earlier) return earlier;
      attempt.current = newAttempt();
      return placeOrder(bff, attempt.current, order, lifetime);
    }
  }

  async function place(order) {
    if (inProgress.current) return;
    inProgress.current = true;
    setPlacing(true);
    setFailure(null);
    attempt.current ??= newAttempt();
    try {
      placed(await sendOnce(order));
    } catch (error) {
      if (lifetime.aborted) return;
      const described = describePlaceError(error);
      if (described.refused) attempt.current = null; // nothing was placed: the next try is a new attempt
      setFailure({ ...described, code: error.code, errors: error.errors || [] });
    } finally {
      inProgress.current = false;
      if (!lifetime.aborted) setPlacing(false);
    }
  }

  return { place, placing, failure };
}
