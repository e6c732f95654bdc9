// Dev overrides as the shell reads them: one cookie per module, import-map-override:<specifier>
// = <URL, //host/path or port>, the convention of import-map-overrides' server-cookie mode.
// The /overrides page and the library's own UI both write them here, for path "/", so an
// override set on any page applies on every page.
import { config } from "./page.js";

const PREFIX = "import-map-override:";

const decode = (text) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return null; // not ours, or mangled: skipped
  }
};

// specifier -> value, from this page's cookies.
export function overrideCookies() {
  const found = {};
  for (const part of document.cookie.split(";")) {
    const [rawName, ...rest] = part.trim().split("=");
    const name = decode(rawName || "");
    const value = decode(rest.join("="));
    if (name?.startsWith(PREFIX) && name.length > PREFIX.length && value !== null) {
      found[name.slice(PREFIX.length)] = value;
    }
  }
  return found;
}

export function setOverrideCookie(specifier, value, path = "/") {
  document.cookie = `${PREFIX}${specifier}=${encodeURIComponent(value)}; path=${path}; SameSite=Lax`;
}

export function clearOverrideCookie(specifier, path = "/") {
  document.cookie = `${PREFIX}${specifier}=; path=${path}; max-age=0; SameSite=Lax`;
}

// import-map-overrides keeps its overrides in localStorage and, in server-cookie mode, writes a
// cookie without a path: the browser files it under this page's folder (/catalog/p for
// /catalog/p/1), so it would apply on that folder's pages only. On each of its changes the
// shell writes the library's overrides (those not disabled in its UI) for "/" and removes the
// rest. Overrides that exist only as cookies (set from /overrides before the library ran, or
// by hand) are handed to the library first, so its UI lists them as overrides, not defaults.
export function keepOverridesInStep() {
  const library = window.importMapOverrides;
  if (!config.devOverrides || !library) return;
  for (const [specifier, value] of Object.entries(overrideCookies())) {
    if (localStorage.getItem(PREFIX + specifier) === null) localStorage.setItem(PREFIX + specifier, value);
  }
  const write = () => {
    const wanted = library.getOverrideMap().imports;
    const present = overrideCookies();
    // Written again even when document.cookie shows the value: it may be the folder's copy.
    for (const [specifier, url] of Object.entries(wanted)) setOverrideCookie(specifier, url);
    for (const specifier of Object.keys(present)) {
      if (!(specifier in wanted)) clearOverrideCookie(specifier);
    }
    const folder = cookieFolder(location.pathname);
    if (folder !== "/") {
      for (const specifier of new Set([...Object.keys(present), ...Object.keys(wanted)])) {
        clearOverrideCookie(specifier, folder);
      }
    }
  };
  write();
  window.addEventListener("import-map-overrides:change", write);
}

// The path a cookie written without one gets (RFC 6265, 5.1.4: the URL path up to its last "/").
function cookieFolder(pathname) {
  const last = pathname.lastIndexOf("/");
  return last <= 0 ? "/" : pathname.slice(0, last);
}
