// Bus topics this app answers and announces (the catalog publishes SAVE).
export const SAVE = "wishlist:save"; // {productId, name, price_display, image_url}
export const SAVED = "wishlist:saved"; // {productId}
export const SAVE_FAILED = "wishlist:save-failed"; // {productId, message}
export const CHANGED = "wishlist:changed"; // {count}
