// How order data reads to a shopper.

// What each status of an order reads as. Which statuses there are, and in what order an order
// goes through them, is the orders BFF's (contracts/orders.py): an order comes with its
// `steps`. `message` is what the order page says while the order is at that step.
import { formatDate, formatDateTime, formatTime } from "@bazaar/platform";
export const WORDS = {
  placed: { label: "Placed", message: "Thank you for your order! We're confirming your payment." },
  paid: { label: "Paid", message: "Payment confirmed: we're packing your items." },
  shipped: { label: "Shipped", message: "Your order is on its way." },
  delivered: { label: "Delivered", message: "Delivered. Enjoy your new things!" },
  cancelled: { label: "Cancelled", message: "This order was cancelled and you have not been charged." },
};

// The steps an order shows, with their words: its `steps` (an order saved on the device by an
// older version has none: the steps it reached).
export const stepsOf = (order) =>
  (order.steps || order.timeline.map((entry) => entry.status)).map((status) => ({ status, ...WORDS[status] }));

export const statusLabel = (status) => WORDS[status]?.label || status;
export const statusMessage = (status) => WORDS[status]?.message || "";
export const shortId = (id) => `#${String(id).replace(/-/g, "").slice(0, 8).toUpperCase()}`;
export const itemCount = (n) => `${n} ${n === 1 ? "item" : "items"}`;
export const quantityOf = (order) => order.lines.reduce((sum, line) => sum + line.quantity, 0);

// Dates are the platform's, written the same in every app.
export { formatDate, formatDateTime, formatTime };

// A step on the same day as the order needs only its time.
export function formatStepTime(epochMs, placedAtMs) {
  const sameDay = new Date(epochMs).toDateString() === new Date(placedAtMs).toDateString();
  return sameDay && epochMs !== placedAtMs ? formatTime(epochMs) : formatDateTime(epochMs);
}

const regions = new Intl.DisplayNames(["en"], { type: "region" });
export function countryName(code) {
  try {
    return regions.of(code) || code;
  } catch {
    return code; // not a region code Intl knows
  }
}

export function describeError(error) {
  if (error?.name === "BffError" && error.status < 500) return error.message;
  if (error?.name === "BffError") return "Something went wrong on our side. Please try again.";
  if (error?.name === "TimeoutError") return "The shop took too long to answer. Please try again.";
  return "We couldn't reach the shop. Check your connection, then try again.";
}

// Checkout's words.
// Why the cart could not be shown: the cart's own sentence, or that it did not answer.
export function describeCartError(error) {
  if (error?.name === "NoAnswer") return "Your cart didn't answer. Please try again in a moment.";
  return error?.message || "We couldn't load your cart. Please try again.";
}

// What to tell the shopper when placing the order did not work, and whether it was refused.
export function describePlaceError(error) {
  if (error?.name === "SignInRequired") {
    return { title: "Please sign in again", message: "Your session has ended, so the order wasn't sent.", refused: false };
  }
  if (error?.name === "BffError" && error.status === 409) {
    return { title: "Some items are no longer available", message: error.message, refused: true };
  }
  if (error?.name === "BffError" && error.status === 422) {
    return { title: "Please check your details", message: error.message, refused: true };
  }
  if (error?.name === "BffError" && error.status < 500 && error.status !== 429) {
    return { title: "Your order wasn't placed", message: error.message, refused: true };
  }
  return {
    title: "We couldn't confirm your order",
    message: "Your order could not be saved on this device. Please try again.",
    refused: false,
  };
}
