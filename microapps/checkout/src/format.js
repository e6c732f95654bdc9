// How checkout problems read to a shopper.

export const itemCount = (n) => `${n} ${n === 1 ? "item" : "items"}`;

export function describeLoadError(error) {
  if (error?.name === "BffError" && error.status < 500) return error.message;
  if (error?.name === "BffError") return "Something went wrong on our side. Please try again.";
  return "We couldn't reach the shop. Check your connection, then try again.";
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
