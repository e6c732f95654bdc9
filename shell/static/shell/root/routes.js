// Route activity, the same rule as shell/registry/manifest.py's route_matches: a route is a path
// prefix (or the exact path with `exact`), and `:param` segments match any one segment.
const segments = (path) => path.split("/").filter(Boolean);

export function routeMatches(route, pathname) {
  const want = segments(route.path);
  const have = segments(pathname);
  if (have.length < want.length || (route.exact && have.length !== want.length)) return false;
  return want.every((segment, i) => segment.startsWith(":") || segment === have[i]);
}
