// "Save to wish list", offered only while some app on the page handles signals.WISHLIST_SAVE
// (the wish list's header parcel does, for signed-in shoppers). It asks over the bus and
// shows the answer on the button.
import { html, useState } from "htm/preact";
import { requestOverBus, signals } from "@bazaar/platform";
import { useServices } from "../hooks/use-services.js";
import { useHandled } from "../hooks/use-handled.js";
import { useLifetime } from "../hooks/use-lifetime.js";

const LABELS = {
  idle: "♡ Save to wish list",
  saving: "Saving…",
  saved: "♥ Saved to wish list",
  failed: "Couldn't save — try again",
};

export function SaveToWishlist({ product }) {
  const { bus } = useServices();
  const available = useHandled(bus, signals.WISHLIST_SAVE);
  const lifetime = useLifetime();
  const [state, setState] = useState("idle"); // idle | saving | saved | failed
  if (!available) return null;

  const save = () => {
    setState("saving");
    requestOverBus(bus, {
      request: signals.WISHLIST_SAVE,
      detail: { productId: product.id },
      answer: signals.WISHLIST_SAVED,
      failure: signals.WISHLIST_SAVE_FAILED,
      lifetime,
    }).then(() => setState("saved"), () => lifetime.aborted || setState("failed"));
  };
  return html`<button class="btn btn--ghost wish" type="button" data-testid="save-to-wishlist"
    data-state=${state} disabled=${state === "saving" || state === "saved"} onClick=${save}>${LABELS[state]}</button>`;
}
