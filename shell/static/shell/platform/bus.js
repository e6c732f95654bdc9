// The event bus: publish/subscribe between micro-apps on one page.
// What travels on it are signals, named by strings ("cart:add"); the shared ones and their
// detail schemas are in signals.js, and publish() refuses a detail that does not fit. Details
// are plain data, copied so that one app can never mutate what another app holds.
import { validateDetail } from "./signals.js";

class EventBus {
  #target = new EventTarget();
  #handlers = new Map(); // signal name → number of subscribers right now
  #watchers = new Map(); // signal name → Set of callbacks told when that number becomes 0 or not
  #last = new Map(); // signal name → the detail it was last published with

  publish(name, detail = {}) {
    validateDetail(name, detail);
    const copy = structuredClone(detail);
    this.#last.set(name, copy);
    this.#target.dispatchEvent(new CustomEvent(name, { detail: structuredClone(copy) }));
  }

  // Returns the function that unsubscribes: call it from unmount. With `replay: true` the
  // handler also gets the signal's last detail published on this page before it subscribed
  // (apps mount at different times: a parcel mounted after the view that published still
  // learns of it).
  subscribe(name, handler, { replay = false } = {}) {
    const listener = (event) => {
      try {
        handler(event.detail, name);
      } catch (error) {
        console.error(`[bazaar] a subscriber of ${name} threw`, error);
      }
    };
    this.#target.addEventListener(name, listener);
    this.#count(name, +1);
    let subscribed = true;
    if (replay && this.#last.has(name)) {
      const last = structuredClone(this.#last.get(name));
      queueMicrotask(() => subscribed && listener({ detail: last }));
    }
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.#target.removeEventListener(name, listener);
      this.#count(name, -1);
    };
  }

  // Whether anything subscribes to signal `name` right now (e.g. whether "Add to cart" can work).
  handles(name) {
    return (this.#handlers.get(name) || 0) > 0;
  }

  // Calls callback(handled) whenever handles(name) changes; returns the function that stops it.
  watchHandlers(name, callback) {
    if (!this.#watchers.has(name)) this.#watchers.set(name, new Set());
    const watcher = (handled) => callback(handled);
    this.#watchers.get(name).add(watcher);
    return () => this.#watchers.get(name)?.delete(watcher);
  }

  #count(name, delta) {
    const before = this.handles(name);
    this.#handlers.set(name, (this.#handlers.get(name) || 0) + delta);
    const after = this.handles(name);
    if (before === after) return;
    for (const watcher of [...(this.#watchers.get(name) || [])]) {
      try {
        watcher(after);
      } catch (error) {
        console.error(`[bazaar] a handler watcher of ${name} threw`, error);
      }
    }
  }
}

// The bus apps get: its methods bound to the one instance, and frozen. A framework that wraps
// lifecycle props in a Proxy (Vue's reactive data, as single-spa-vue hands them over) would
// call them with the proxy as `this`, which holds none of the private fields; Vue leaves a
// frozen object as it is.
const instance = new EventBus();
export const bus = Object.freeze({
  publish: instance.publish.bind(instance),
  subscribe: instance.subscribe.bind(instance),
  handles: instance.handles.bind(instance),
  watchHandlers: instance.watchHandlers.bind(instance),
});
