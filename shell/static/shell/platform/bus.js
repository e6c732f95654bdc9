// The event bus: publish/subscribe between micro-apps on one page.
// Topics are strings ("cart:item-added"); details are plain data, copied so that one app
// can never mutate what another app holds.

class EventBus {
  #target = new EventTarget();

  publish(topic, detail = {}) {
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
    return () => this.#target.removeEventListener(topic, listener);
  }
}

export const bus = new EventBus();
