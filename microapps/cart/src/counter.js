// The header badge's model: the cart's item count, kept current from the bus. It answers the
// catalog's "cart:add" (optimistically: the count grows at once and shrinks back if the cart
// BFF refuses), follows "cart:changed" and refetches after "order:placed".
import { topics } from "@bazaar/platform";
import { addItem, getCart } from "./api.js";
import { describeError } from "./format.js";

// The cart BFF empties the cart a moment after an order is placed: look twice.
const AFTER_ORDER_REFRESH_MS = [1000, 3000];

export class CartCounter {
  #bff; #bus;
  #lifetime = new AbortController();
  #unsubscribes = [];
  #timers = new Set();
  #listeners = new Set();
  #confirmed = null; // the count the cart BFF last reported (null until it has)
  #pending = 0; // quantities added but not yet confirmed
  #inFlight = 0;
  #overlapped = false; // answers to concurrent adds may arrive out of order

  constructor({ bff, bus }) {
    this.#bff = bff;
    this.#bus = bus;
  }

  // What the badge shows: null while nothing is known yet.
  get count() {
    return this.#confirmed === null && this.#pending === 0 ? null : (this.#confirmed ?? 0) + this.#pending;
  }

  start() {
    const bus = this.#bus;
    this.#unsubscribes = [
      bus.subscribe(topics.CART_ADD, (detail) => this.#add(detail)),
      bus.subscribe(topics.CART_CHANGED, ({ count }) => this.#confirm(count)),
      bus.subscribe(topics.ORDER_PLACED, () => this.#refreshAfterOrder()),
    ];
    this.refresh();
  }

  stop() {
    this.#lifetime.abort();
    this.#unsubscribes.forEach((unsubscribe) => unsubscribe());
    this.#timers.forEach(clearTimeout);
    this.#timers.clear();
    this.#listeners.clear();
  }

  // Calls listener(count) after every change; returns the function that stops it.
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  refresh() {
    return getCart(this.#bff, this.#lifetime.signal)
      .then((cart) => this.#confirm(cart.count))
      .catch(() => {}); // the badge keeps what it showed; the cart page reports errors
  }

  async #add({ productId, quantity }) {
    this.#overlapped ||= this.#inFlight > 0;
    this.#inFlight++;
    this.#pending += quantity;
    this.#changed();
    try {
      const cart = await addItem(this.#bff, { productId, quantity, signal: this.#lifetime.signal });
      if (this.#lifetime.signal.aborted) return;
      this.#pending -= quantity;
      this.#confirm(cart.count);
      this.#bus.publish(topics.CART_ADDED, { productId, quantity, count: cart.count });
      this.#bus.publish(topics.CART_CHANGED, { count: cart.count });
    } catch (error) {
      if (this.#lifetime.signal.aborted) return;
      this.#pending -= quantity;
      this.#changed();
      this.#bus.publish(topics.CART_ADD_FAILED, { productId, message: describeError(error) });
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0 && this.#overlapped && !this.#lifetime.signal.aborted) {
        this.#overlapped = false;
        this.refresh();
      }
    }
  }

  #confirm(count) {
    if (this.#confirmed === count) return;
    this.#confirmed = count;
    this.#changed();
  }

  #refreshAfterOrder() {
    for (const delay of AFTER_ORDER_REFRESH_MS) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.refresh();
      }, delay);
      this.#timers.add(timer);
    }
  }

  #changed() {
    const count = this.count;
    this.#listeners.forEach((listener) => listener(count));
  }
}
