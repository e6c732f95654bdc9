// The header badge's model: the cart's item count. It answers the catalog's "cart:add"
// (optimistically: the count grows at once and shrinks back if the cart BFF refuses) and
// checkout's "cart:contents-wanted" (with what the cart BFF holds) and "order:placed" (an
// order placed offline takes the lines at once), follows
// "cart:changed" on this page's bus, and the shopper's live "cart:me" topic for changes made
// elsewhere: another tab, or the cart emptied once an order is placed. Adds go through the
// outbox: offline, an add is kept (and counted) until the network returns.
import { live, outbox, signals } from "@bazaar/platform";
import { addItem, cartAfter, emptySavedCart, getCart } from "./api.js";
import { describeError } from "./format.js";

export class CartCounter {
  #bff; #bus;
  #lifetime = new AbortController();
  #unsubscribes = [];
  #listeners = new Set();
  #confirmed = null; // the count the cart BFF last reported (null until it has)
  #pending = 0; // quantities added but not yet confirmed
  #inFlight = 0;
  #overlapped = false; // answers to concurrent adds may arrive out of order
  #queued = null; // the outbox's pending count last seen
  #sentSinceRead = false; // queued commands went out since the cart was last read

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
      bus.subscribe(signals.CART_ADD, (detail) => this.#add(detail)),
      bus.subscribe(signals.CART_CHANGED, ({ count }) => this.#confirm(count)),
      bus.subscribe(signals.CART_CONTENTS_WANTED, ({ requestId }) => this.#tellContents(requestId)),
      bus.subscribe(signals.ORDER_PLACED, ({ queued }) => this.#orderPlaced(queued)),
      live.subscribe("cart:me", (message) => this.#changedElsewhere(message), { onResync: () => this.refresh() }),
      // Queued changes were sent (by this tab or another): once the outbox is done sending,
      // the cart is what the BFF says (one read, however many commands went).
      outbox.onChange(({ pending, syncing }) => {
        this.#sentSinceRead ||= this.#queued !== null && pending < this.#queued;
        this.#queued = pending;
        if (this.#sentSinceRead && !syncing && this.#inFlight === 0) {
          this.#sentSinceRead = false;
          this.refresh();
        }
      }),
    ];
    this.refresh();
  }

  stop() {
    this.#lifetime.abort();
    this.#unsubscribes.forEach((unsubscribe) => unsubscribe());
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

  // Checkout asks what is in the cart: the cart BFF's answer (offline, the saved cart with the
  // changes still queued), or the sentence saying why it could not be read.
  #tellContents(requestId) {
    getCart(this.#bff, this.#lifetime.signal).then(
      (cart) => {
        this.#confirm(cart.count);
        this.#bus.publish(signals.CART_CONTENTS, { requestId, cart });
      },
      (error) => {
        if (this.#lifetime.signal.aborted) return;
        this.#bus.publish(signals.CART_CONTENTS_FAILED, { requestId, message: describeError(error) });
      },
    );
  }

  async #add({ productId, quantity, name, priceCents, imageUrl, stock }) {
    this.#overlapped ||= this.#inFlight > 0;
    this.#inFlight++;
    this.#pending += quantity;
    this.#changed();
    try {
      const product = { name, priceCents, imageUrl, stock };
      const outcome = await addItem(this.#bff, { productId, quantity, product });
      if (this.#lifetime.signal.aborted) return;
      this.#pending -= quantity;
      const queued = outcome.status !== "sent";
      const count = (await cartAfter(this.#bff, outcome))?.count ?? (this.#confirmed ?? 0) + quantity;
      this.#confirm(count);
      this.#bus.publish(signals.CART_ADDED, { productId, quantity, count, queued });
      this.#bus.publish(signals.CART_CHANGED, { count });
    } catch (error) {
      if (this.#lifetime.signal.aborted) return;
      this.#pending -= quantity;
      this.#changed();
      this.#bus.publish(signals.CART_ADD_FAILED, { productId, message: describeError(error) });
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

  // An order took the cart's lines. Sent, the cart BFF empties the cart (its live push and this
  // read follow it); queued on the device, the badge counts nothing now, and once the outbox
  // has sent it (or the shop refused it) the cart is read again.
  async #orderPlaced(queued) {
    if (!queued) return this.refresh();
    await emptySavedCart(this.#bff).catch(() => {});
    if (this.#lifetime.signal.aborted) return;
    this.#confirm(0);
    this.#bus.publish(signals.CART_CHANGED, { count: 0 });
  }

  // While our own adds are in flight their answers carry the count: look again after them.
  #changedElsewhere({ count }) {
    if (this.#inFlight > 0) this.#overlapped = true;
    else if (count === null || count === undefined) this.refresh();
    else this.#confirm(count);
  }

  #changed() {
    const count = this.count;
    this.#listeners.forEach((listener) => listener(count));
  }
}
