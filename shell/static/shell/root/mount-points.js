// Mount points: the parcels registered for the page's named slots (nav, header-right, footer…),
// and <bazaar-mount-point>, the element with which an app offers a slot in its own views.
import { mountRootParcel } from "single-spa";
import { itemVisible, labelOf } from "./access.js";
import { propsFor } from "./apps.js";
import { AppSlot } from "./app-slot.js";
import { config } from "./page.js";
import { firstViewShown } from "./first-view.js";
import { rumFor } from "./rum.js";

// The parcels registered for mount point `slotName`, each in an AppSlot of its own inside
// `mountPoint`; `context` is what the view offering the slot tells them (e.g. a productId).
// single-spa mounts each through the slot's loading function; Retry mounts a new parcel.
function mountParcelsInto(mountPoint, slotName, context = {}) {
  const items = (config.mountPoints[slotName] || []).filter((i) => i.module && itemVisible(i));
  return items.map((item) => {
    const host = document.createElement("div");
    host.className = "parcel-host";
    mountPoint.append(host);
    const app = config.apps.find((a) => a.name === item.app);
    const mounted = { host, parcel: null, props: { domElement: host, ...propsFor(app), context } };
    // A failure is the slot's to show (and the parcel's status, SKIP_BECAUSE_BROKEN, to tell).
    const mount = () => {
      mounted.parcel = mountRootParcel(() => slot.load(), mounted.props);
      mounted.parcel.mountPromise.catch(() => {});
    };
    const slot = new AppSlot({
      name: `${item.app}#${slotName}`,
      label: item.label || labelOf(app),
      host,
      timeoutMs: config.timeoutMs,
      compact: true,
      isolation: app.isolation,
      load: () => import(item.module),
      onRetry: mount,
      rum: rumFor(item.app),
    });
    mount();
    return mounted;
  });
}

// The shell page's own slots; those below the fold (the footer) once the first view is shown
// (their modules are not preloaded either).
export function mountParcels() {
  for (const slotName of Object.keys(config.mountPoints)) {
    const mountPoint = document.querySelector(`[data-mount-point="${slotName}"]`);
    if (!mountPoint) continue;
    if (config.deferredMountPoints.includes(slotName)) firstViewShown.then(() => mountParcelsInto(mountPoint, slotName));
    else mountParcelsInto(mountPoint, slotName);
  }
}

// A slot a micro-app offers in its own view, in any view library (or none):
// <bazaar-mount-point name="product-details" data-product-id="…">. The parcels registered
// for that name mount inside it with its data-* attributes as `context`, and unmount when the
// element leaves the page (render it with a key, so another product is another element).
class MountPointElement extends HTMLElement {
  #mounted = [];
  #watch = new MutationObserver(() => this.#update());

  connectedCallback() {
    this.#mounted = mountParcelsInto(this, this.getAttribute("name"), { ...this.dataset });
    this.#watch.observe(this, { attributes: true });
  }

  disconnectedCallback() {
    this.#watch.disconnect();
    for (const { host, parcel } of this.#mounted) {
      parcel.mountPromise.then(() => parcel.unmount()).catch(() => {}).finally(() => host.remove());
    }
    this.#mounted = [];
  }

  // A data-* attribute changed: the parcels get single-spa's update with the new context.
  #update() {
    const context = { ...this.dataset };
    for (const mounted of this.#mounted) {
      mounted.props = { ...mounted.props, context };
      const { parcel } = mounted;
      if (parcel.update && parcel.getStatus() === "MOUNTED") parcel.update(mounted.props).catch(() => {});
    }
  }
}

export function defineMountPointElement() {
  customElements.define("bazaar-mount-point", MountPointElement);
}
