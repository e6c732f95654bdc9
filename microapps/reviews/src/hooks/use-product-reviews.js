// One product's reviews: everyone's (with their average) and, signed in, the shopper's own,
// with save() and withdraw(). Writes go through the outbox, so a review written offline is
// sent when the network returns; `note` says what became of the last one.
import { useState } from "htm/preact";
import { useResource } from "@bazaar/platform";
import { myItem, productItems, removeItem, saveItem } from "../api.js";

const QUEUED_NOTE = "Saved on this device: it is sent when you are back online.";

export function useProductReviews({ bff, user, productId, lifetime }) {
  const listed = useResource((signal) => Promise.all([
    productItems(bff, productId, signal),
    user.signedIn ? myItem(bff, productId, signal) : null,
  ]), [productId], lifetime);
  const [note, setNote] = useState("");

  const save = async (stars, text) => {
    const outcome = await saveItem(bff, productId, stars, text).catch((error) => ({ status: "refused", error }));
    setNote(outcome.status === "refused" ? outcome.error.message : outcome.status === "queued" ? QUEUED_NOTE : "Saved.");
    listed.retry();
  };
  const withdraw = async () => {
    await removeItem(bff, productId).catch(() => {});
    setNote("Withdrawn.");
    listed.retry();
  };
  return { ...listed, note, save, withdraw };
}
