// Adding to the cart is whichever app handles signals.CART_ADD; the catalog only asks over the
// bus and tells the shopper how it went.
import { useCallback } from "htm/preact";
import { NoAnswer, requestOverBus, signals } from "@bazaar/platform";
import { useServices } from "./use-services.js";
import { useLifetime } from "./use-lifetime.js";

// add(product, quantity) resolves to true once the cart confirms, false after a failure
// (already explained in a toast) or when the component went away first.
export function useAddToCart() {
  const { bus, notify } = useServices();
  const lifetime = useLifetime();
  return useCallback(async (product, quantity) => {
    try {
      // The product's name, price and picture let the cart show the line before its BFF does.
      const detail = {
        productId: product.id,
        quantity,
        name: product.name,
        priceCents: product.price_cents,
        imageUrl: product.image_url,
        stock: product.stock,
      };
      const answer = await requestOverBus(bus, {
        request: signals.CART_ADD,
        detail,
        answer: signals.CART_ADDED,
        failure: signals.CART_ADD_FAILED,
        lifetime,
      });
      notify(answer.queued
        ? `Added ${quantity} × ${product.name} to your cart: it is saved on this device and sent when you're back online`
        : `Added ${quantity} × ${product.name} to your cart`);
      return true;
    } catch (error) {
      if (!lifetime.aborted) notify(failureMessage(product, error), { tone: "error" });
      return false;
    }
  }, [bus, notify, lifetime]);
}

function failureMessage(product, error) {
  if (error instanceof NoAnswer) return `The cart didn't answer, so ${product.name} wasn't added. Please try again.`;
  return `We couldn't add ${product.name} to your cart: ${error.message || "please try again"}`;
}
