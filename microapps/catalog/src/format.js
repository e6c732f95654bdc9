// How catalog data reads to a shopper: prices, stock, counts and ratings.

const LOW_STOCK = 5; // at or below this, show "Only N left"

// A product's price as its BFF wrote it, or (a price heard live has no words yet) from cents.
export function formatPrice(product) {
  if (product?.price_display) return product.price_display;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: product?.currency || "USD" })
    .format((product?.price_cents || 0) / 100);
}

export function stockStatus(stock) {
  if (!stock || stock <= 0) return { tone: "out", label: "Sold out" };
  if (stock <= LOW_STOCK) return { tone: "low", label: `Only ${stock} left` };
  return { tone: "in", label: "In stock" };
}

export function countOf(n, one, many = `${one}s`) {
  return `${Number(n).toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

export function ratingLabel(rating, reviews) {
  if (!reviews) return "No reviews yet";
  return `Rated ${rating.toFixed(1)} out of 5 from ${countOf(reviews, "review")}`;
}

// Turns any failure of a BFF call into words a shopper understands.
export function describeError(error) {
  if (error?.name === "TimeoutError") {
    return { title: "The shop is taking too long", message: "Our catalog didn't answer in time. Please try again." };
  }
  if (error?.name === "BffError" && error.status < 500) {
    return { title: "We couldn't show this page", message: error.message };
  }
  if (error?.name === "BffError") {
    return { title: "Something went wrong on our side", message: "The catalog is having a moment. Please try again." };
  }
  return { title: "We couldn't reach the shop", message: "Check your connection, then try again." };
}
