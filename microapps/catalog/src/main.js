// @bazaar/catalog: browse, search and view products. The single-spa lifecycles live here;
// everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { lifecycles, navigate as platformNavigate, onNavigate } from "@bazaar/platform";
import { createCatalogApi } from "./api.js";
import { App } from "./components/catalog-app.js";
import { parseRoute } from "./routes.js";
import { css } from "./styles.js";

const DEFAULT_PAGE_SIZE = 24;
export const { bootstrap, mount, unmount } = lifecycles({
  css,
  draw({ domElement, bff, bus, config = {}, navigate = platformNavigate }, lifetime) {
    const pageSize = config.pageSize || DEFAULT_PAGE_SIZE;
    const services = { api: createCatalogApi(bff, lifetime, { pageSize }), bus, config, navigate };
    const shellTitle = document.title;
    const draw = (location) => render(html`<${App} route=${parseRoute(location)} services=${services} />`, domElement);
    draw(window.location);
    const stopListening = onNavigate(draw);
    return () => {
      stopListening();
      render(null, domElement);
      document.title = shellTitle;
    };
  },
});
