// Dates as the shop writes them, the same in every app: "Dec 7, 2026" and "Dec 7, 2026, 3:04 PM"
// (English, the shopper's time zone). Each takes epoch milliseconds, an ISO string or a Date.
const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
const timeFormat = new Intl.DateTimeFormat("en-US", { timeStyle: "short" });

export const formatDate = (value) => dateFormat.format(new Date(value));
export const formatDateTime = (value) => dateTimeFormat.format(new Date(value));
export const formatTime = (value) => timeFormat.format(new Date(value));
