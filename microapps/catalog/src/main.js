// @bazaar/catalog: browse, search and view products. The single-spa lifecycles live here;
// everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { adoptStyles, navigate as platformNavigate, onNavigate } from "@bazaar/platform";
import { createCatalogApi } from "./api.js";
import { App } from "./app.js";
import { parseRoute } from "./routes.js";
import { css } from "./styles.js";

const DEFAULT_PAGE_SIZE = 24;
const teardowns = new Map(); // domElement → what unmount() must undo

export async function bootstrap() {}

export async function mount({ domElement, bff, bus, config = {}, navigate = platformNavigate }) {
  const lifetime = new AbortController();
  const pageSize = config.pageSize || DEFAULT_PAGE_SIZE;
  const services = { api: createCatalogApi(bff, lifetime.signal, { pageSize }), bus, config, navigate };
  const removeStyles = adoptStyles(domElement, css);
  const shellTitle = document.title;

  const draw = (location) => render(html`<${App} route=${parseRoute(location)} services=${services} />`, domElement);
  draw(window.location);
  const stopListening = onNavigate(draw);

  teardowns.set(domElement, () => {
    stopListening();
    lifetime.abort();
    render(null, domElement);
    removeStyles();
    document.title = shellTitle;
  });
}

export async function unmount({ domElement }) {
  teardowns.get(domElement)?.();
  teardowns.delete(domElement);
}
