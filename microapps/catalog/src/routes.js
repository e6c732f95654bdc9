// The catalog's client routes: a location becomes a route object, and route parts become URLs.
// Parsing is forgiving (a bad ?page= or ?sort= falls back to the default) so a hand-edited URL
// still shows a page instead of a BFF validation error.

export const SORTS = [
  { value: "featured", label: "Featured" },
  { value: "newest", label: "Newest arrivals" },
  { value: "price", label: "Price: low to high" },
  { value: "-price", label: "Price: high to low" },
  { value: "name", label: "Name: A to Z" },
];
export const DEFAULT_SORT = "featured";
export const MAX_QUERY_LENGTH = 100; // the BFF refuses longer searches

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed %-escape: keep it raw, it will simply match nothing
  }
}

function listParams(search) {
  const query = new URLSearchParams(search);
  const sort = query.get("sort");
  const page = Number.parseInt(query.get("page"), 10);
  return {
    q: (query.get("q") || "").trim().slice(0, MAX_QUERY_LENGTH),
    sort: SORTS.some((s) => s.value === sort) ? sort : DEFAULT_SORT,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function parseRoute({ pathname, search }) {
  const [root, kind, id, ...rest] = pathname.split("/").filter(Boolean).map(decode);
  if (root === undefined) return { view: "home" };
  if (root !== "catalog") return { view: "not-found" };
  if (kind === undefined) return { view: "list", category: null, ...listParams(search) };
  if (kind === "c" && id && !rest.length) return { view: "list", category: id, ...listParams(search) };
  if (kind === "p" && id && !rest.length) return { view: "product", id };
  return { view: "not-found" };
}

export const homeUrl = () => "/";
export const productUrl = (id) => `/catalog/p/${encodeURIComponent(id)}`;
export const categoryUrl = (slug) => `/catalog/c/${encodeURIComponent(slug)}`;

export function listUrl({ category = null, q = "", sort = DEFAULT_SORT, page = 1 } = {}) {
  const query = new URLSearchParams();
  if (q) query.set("q", q);
  if (sort && sort !== DEFAULT_SORT) query.set("sort", sort);
  if (page > 1) query.set("page", String(page));
  const path = category ? categoryUrl(category) : "/catalog";
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
