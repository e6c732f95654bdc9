// How cart data reads to a shopper.

export const itemCount = (n) => `${n} ${n === 1 ? "item" : "items"}`;

// Turns any failure of a BFF call into one sentence a shopper understands.
export function describeError(error) {
  if (error?.name === "TimeoutError") return "The cart took too long to answer. Please try again.";
  if (error?.name === "SignInRequired") return "Your session has ended: sign in again to use your cart.";
  if (error?.name === "BffError" && error.status < 500) return error.message;
  if (error?.name === "BffError") return "Something went wrong on our side. Please try again.";
  return "We couldn't reach the shop. Check your connection, then try again.";
}
