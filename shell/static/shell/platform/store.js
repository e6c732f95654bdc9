// The browser's own datastore (IndexedDB through idb), shared by every tab of the shop:
//   outbox  commands not yet accepted by their BFF, in the order the user made them
//   dead    commands a BFF refused, with its reason, until their owner retries or discards them
//   reads   the last answer of each BFF GET (the read-through cache), with when it was saved
//   meta    whose data this is (the signed-in user's id)
// Saved reads belong to one user: when another user (or nobody) signs in, they are dropped.
// Queued and refused commands keep their owner: they are sent, listed and counted only while
// that user is signed in (another account sees how many there are, never what they are).
import { openDB } from "idb";
import { currentUser } from "./auth.js";

const NAME = "bazaar";
const VERSION = 2;

let opened = null;

export function database() {
  opened ??= openDB(NAME, VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        outbox.createIndex("id", "id", { unique: true });
        outbox.createIndex("owner", "owner"); // a user's commands, oldest first
        db.createObjectStore("dead", { keyPath: "id" });
        db.createObjectStore("reads", { keyPath: "url" });
        db.createObjectStore("meta");
      }
      if (oldVersion < 2) tx.objectStore("dead").createIndex("owner", "owner"); // a user's refused commands
    },
    // Another tab opened a newer version of this database: let it, and open again when asked.
    blocking(_current, _next, db) {
      db.close();
      opened = null;
    },
    terminated() {
      opened = null;
    },
  }).then(forgetAnotherUsersReads);
  return opened;
}

// Whose commands and saved reads these are: "" for a signed-out visitor.
export const ownerId = () => currentUser().id || "";

async function forgetAnotherUsersReads(db) {
  const owner = ownerId();
  const tx = db.transaction(["meta", "reads"], "readwrite");
  const changed = (await tx.objectStore("meta").get("owner")) !== owner;
  if (changed) {
    await tx.objectStore("reads").clear();
    await tx.objectStore("meta").put(owner, "owner");
  }
  await tx.done;
  // The service worker's saved pages name the user who was signed in.
  if (changed) navigator.serviceWorker?.controller?.postMessage({ type: "FORGET_PAGES" });
  return db;
}
