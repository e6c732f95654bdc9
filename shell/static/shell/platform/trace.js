// W3C trace context for the shopper's actions. Each command the outbox stores begins a trace:
// its `traceparent` is kept with the command and sent with every attempt, so a command sent
// after an hour offline still continues the trace it began with; the BFF's span, the event it
// emits, each listener that applies it and the live push it causes all join it
// (bazaar/tracing.py). Once the command is answered, the browser's own span of it (from the
// tap to the answer) is reported to /rum with sendBeacon. Whether a trace is kept is decided
// here, once, at the page's sample rate (the servers follow that choice).

const REPORT_DELAY_MS = 1000;
let pending = [];
let timer = null;

function sampleRate() {
  try {
    return JSON.parse(document.getElementById("bazaar-config")?.textContent || "{}").traceSample ?? 0;
  } catch {
    return 0;
  }
}

const hex = (bytes) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

// A new trace for an action: {traceId, spanId, sampled}; the span is the action's own.
export function beginTrace() {
  return { traceId: hex(16), spanId: hex(8), sampled: Math.random() < sampleRate() };
}

export const traceparentOf = (trace) => `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? "01" : "00"}`;

// The action's span, reported once it ended (kept traces only); `attributes` are plain values.
export function endSpan(trace, { name, start, end = Date.now(), attributes = {} }) {
  if (!trace?.sampled) return;
  pending.push({ traceId: trace.traceId, spanId: trace.spanId, name: name.slice(0, 100), start, end, attributes });
  clearTimeout(timer);
  timer = setTimeout(report, REPORT_DELAY_MS);
}

function report() {
  const spans = pending.splice(0, 50);
  if (!spans.length) return;
  const body = new Blob([JSON.stringify({ spans })], { type: "application/json" });
  if (!navigator.sendBeacon?.("/rum", body)) fetch("/rum", { method: "POST", body, keepalive: true }).catch(() => {});
  if (pending.length) timer = setTimeout(report, REPORT_DELAY_MS);
}

// A page being left sends what it has.
addEventListener("pagehide", report);
