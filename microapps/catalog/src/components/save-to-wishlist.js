import { html, useEffect, useState } from "htm/preact";
import { currentUser } from "@bazaar/platform";
import { useServices } from "../context.js";

const ANSWER_TIMEOUT_MS = 8 * 1000; // the wish list app answers on the bus, or we say it failed

// Asks the wish list app (over the bus) to save this product; only for signed-in shoppers.
export function SaveToWishlist({ product }) {
  const { bus } = useServices();
  const [state, setState] = useState("idle"); // idle | saving | saved | failed

  useEffect(() => {
    let timer = null;
    const mine = (detail) => detail.productId === product.id;
    const offSaved = bus.subscribe("wishlist:saved", (d) => mine(d) && (clearTimeout(timer), setState("saved")));
    const offFailed = bus.subscribe("wishlist:save-failed", (d) => mine(d) && (clearTimeout(timer), setState("failed")));
    const offSaving = bus.subscribe("wishlist:save", (d) => {
      if (!mine(d)) return;
      timer = setTimeout(() => setState((s) => (s === "saving" ? "failed" : s)), ANSWER_TIMEOUT_MS);
    });
    return () => { clearTimeout(timer); offSaved(); offFailed(); offSaving(); };
  }, [product.id]);

  const user = currentUser();
  if (!user.signedIn || !user.roles.includes("shopper")) return null;

  const save = () => {
    setState("saving");
    bus.publish("wishlist:save", {
      productId: product.id,
      name: product.name,
      price_display: product.price.display,
      image_url: product.image_url,
    });
  };
  const label = { idle: "♡ Save to wish list", saving: "Saving…", saved: "♥ Saved to wish list", failed: "Couldn't save — try again" }[state];
  return html`<button class="btn btn--ghost wish" type="button" data-testid="save-to-wishlist"
    data-state=${state} disabled=${state === "saving" || state === "saved"} onClick=${save}>${label}</button>`;
}
