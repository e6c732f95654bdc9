// Calls to the wish list BFF. Saving sends only the product id: the BFF takes name, price and
// image from its own copy of the catalog (fed by product-updated events), never from the
// browser. Changes go through the platform's outbox, so they are kept and sent later when the
// shopper is offline; each resolves to {status: "sent" | "queued"} and rejects when refused.
import { outbox } from "@bazaar/platform";

const APP = "@bazaar/wishlist";
const itemPath = (productId) => `/items/${encodeURIComponent(productId)}`;

export const listItems = (bff, signal) => bff.get("/items", { signal });

export const saveItem = (bff, productId, name = productId) =>
  outbox.submit(bff, { app: APP, method: "PUT", path: itemPath(productId), body: {}, label: `Save ${name} to the wish list` });

export const removeItem = (bff, productId, name = productId) =>
  outbox.submit(bff, {
    app: APP,
    method: "DELETE",
    path: itemPath(productId),
    label: `Remove ${name} from the wish list`,
    view: {
      path: "/items",
      apply: (list) => {
        const items = list.items.filter((item) => item.product_id !== productId);
        return { ...list, items, count: items.length };
      },
    },
  });
