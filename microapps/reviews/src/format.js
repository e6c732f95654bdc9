// How reviews' problems read to a shopper.

// A BFF that is not served (yet) answers 404 at its base path, or a proxy answers 502-504.
const UNAVAILABLE = new Set([404, 502, 503, 504]);

export function describeError(error) {
  if (!navigator.onLine) {
    return { title: "You're offline.", message: "Reviews will show here when you're back online." };
  }
  const unavailable = error.status === undefined || UNAVAILABLE.has(error.status);
  return unavailable
    ? { title: "Reviews can't be shown right now.", message: "Please try again in a moment." }
    : { title: "Reviews could not be loaded.", message: error.message };
}
