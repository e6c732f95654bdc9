// How reviews' problems read to a shopper.

// A BFF that is not served (yet) answers 404 at its base path, or a proxy answers 502-504.
const UNAVAILABLE = new Set([404, 502, 503, 504]);

export function describeError(error) {
  const unavailable = error.status === undefined || UNAVAILABLE.has(error.status);
  return unavailable
    ? { title: "Reviews is not available right now.", message: "Its service may be starting or restarting. Try again in a moment." }
    : { title: "Reviews could not be loaded.", message: error.message };
}
