// The catalog's reads from its BFF. Every request also ends when the app unmounts (`lifetime`),
// and the category list, shared by most views, is fetched once per mount.

export function createCatalogApi(bff, lifetime, { pageSize }) {
  let categories = null;
  const within = (signal) => (signal ? AbortSignal.any([signal, lifetime]) : lifetime);

  return {
    categories() {
      categories ||= bff.get("/categories", { signal: lifetime }).catch((error) => {
        categories = null; // let the next view try again
        throw error;
      });
      return categories;
    },
    products({ category, q, sort, page, size = pageSize }, signal) {
      const params = { category, q, sort, page, page_size: size };
      return bff.get("/products", { params, signal: within(signal) });
    },
    product(id, signal) {
      return bff.get(`/products/${encodeURIComponent(id)}`, { signal: within(signal) });
    },
  };
}
