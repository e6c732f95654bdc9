// The read-through cache: the last answer of every BFF GET, kept in IndexedDB. A GET that
// cannot reach its BFF (offline, a timeout, a 502/503/504) answers from here instead, and the
// page is told that what it shows may be stale ("offline — showing saved results").
// Commands write through (outbox.js): their optimistic change, then the BFF's answer, land here.
import { database } from "./store.js";

const staleReads = new Map(); // url → savedAt (ms) of what was shown instead of a fresh answer
const listeners = new Set();

function changed() {
  const oldest = staleReads.size ? Math.min(...staleReads.values()) : null;
  for (const listener of [...listeners]) listener({ count: staleReads.size, oldest });
}

// listener({count, oldest}) whenever the number of stale answers on this page changes.
export function onStaleReads(listener) {
  listeners.add(listener);
  listener({ count: staleReads.size, oldest: staleReads.size ? Math.min(...staleReads.values()) : null });
  return () => listeners.delete(listener);
}

export async function saveRead(url, body) {
  const db = await database();
  await db.put("reads", { url, body, savedAt: Date.now() });
  if (staleReads.delete(url)) changed();
}

// {body, savedAt} or undefined; `stale` marks it as shown in place of a fresh answer.
export async function savedRead(url, { stale = false } = {}) {
  const db = await database();
  const saved = await db.get("reads", url);
  if (saved && stale) {
    staleReads.set(url, saved.savedAt);
    changed();
  }
  return saved;
}

// Applies `change(body)` to a saved answer (an optimistic update); no saved answer, no change.
export async function updateRead(url, change) {
  const db = await database();
  const tx = db.transaction("reads", "readwrite");
  const saved = await tx.store.get(url);
  if (saved) await tx.store.put({ ...saved, body: change(structuredClone(saved.body)) });
  await tx.done;
  return saved ? (await db.get("reads", url)).body : undefined;
}

// After a move to another page, what the new page shows has not been served stale yet.
export function forgetStaleReads() {
  if (!staleReads.size) return;
  staleReads.clear();
  changed();
}

export async function dropRead(url) {
  const db = await database();
  await db.delete("reads", url);
}
