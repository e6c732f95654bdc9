// @bazaar/platform — everything a micro-app needs from the shell, in one import.
export {
  AccountChanged, SignInRequired, accountChange, authenticatedFetch, currentUser, getAccessToken, hasRoles,
  onAccountChange, signInUrl,
} from "./auth.js";
// For the shell's root config.
export { announceSignOut } from "./auth.js";
export { bus } from "./bus.js";
export { formatDate, formatDateTime, formatTime } from "./dates.js";
export { NoAnswer, requestOverBus } from "./bus-request.js";
export { signals } from "./signals.js";
// Deprecated: the bus's signals were called "topics" until live updates' topics (live.js) made
// the word mean two things. Kept for third-party apps written against that name; use `signals`.
export { signals as topics } from "./signals.js";
export { LiveClient, live } from "./live.js";
export { BffError, createBffClient } from "./bff.js";
export { outbox } from "./outbox.js";
export { onStaleReads, savedRead, updateRead } from "./reads.js";
// For the shell's root config (one instance of the platform: it is bundled as one module).
export { forgetStaleReads } from "./reads.js";
export { database } from "./store.js";
export { navigate, onNavigate, interceptLinks } from "./router.js";
export { adoptStyles } from "./styles.js";
export { lifecycles } from "./lifecycles.js";
// Shared UI for Preact views: loading, error and empty states, and the hook that loads data.
export { EmptyState, ErrorState, Loading, useResource } from "./ui.js";
export { uiCss } from "./ui-styles.js";
