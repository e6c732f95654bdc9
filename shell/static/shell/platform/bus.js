// The event bus: publish/subscribe between micro-apps on one page.
// Topics are strings ("cart:add"); the shared ones and their detail schemas are in topics.js,
// and publish() refuses a detail that does not fit. Details are plain data, copied so that
// one app can never mutate what another app holds.
import { validateDetail } from "./topics.js";

class EventBus {
  #target = new EventTarget();
  #handlers = new Map(); // topic → number of subscribers right now
  #watchers = new Map(); // topic → Set of callbacks told when that number becomes 0 or not

  publish(topic, detail = {}) {
    validateDetail(topic, detail);
    const event = new CustomEvent(topic, { detail: structuredClone(detail) });
    this.#target.dispatchEvent(event);
  }

  // Returns the function that unsubscribes: call it from unmount.
  subscribe(topic, handler) {
    const listener = (event) => {
      try {
        handler(event.detail, topic);
      } catch (error) {
        console.error(`[bazaar] a subscriber of ${topic} threw`, error);
      }
    };
    this.#target.addEventListener(topic, listener);
    this.#count(topic, +1);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.#target.removeEventListener(topic, listener);
      this.#count(topic, -1);
    };
  }

  // Whether anything subscribes to `topic` right now (e.g. whether "Add to cart" can work).
  handles(topic) {
    return (this.#handlers.get(topic) || 0) > 0;
  }

  // Calls callback(handled) whenever handles(topic) changes; returns the function that stops it.
  watchHandlers(topic, callback) {
    if (!this.#watchers.has(topic)) this.#watchers.set(topic, new Set());
    const watcher = (handled) => callback(handled);
    this.#watchers.get(topic).add(watcher);
    return () => this.#watchers.get(topic)?.delete(watcher);
  }

  #count(topic, delta) {
    const before = this.handles(topic);
    this.#handlers.set(topic, (this.#handlers.get(topic) || 0) + delta);
    const after = this.handles(topic);
    if (before === after) return;
    for (const watcher of [...(this.#watchers.get(topic) || [])]) {
      try {
        watcher(after);
      } catch (error) {
        console.error(`[bazaar] a handler watcher of ${topic} threw`, error);
      }
    }
  }
}

export const bus = new EventBus();
