// The catalog's root component: picks the view for the route and hosts the toasts.
import { html, useCallback, useEffect, useMemo, useRef, useState } from "htm/preact";
import { Toasts } from "./toasts.js";
import { NotFound } from "./not-found.js";
import { Services } from "../hooks/use-services.js";
import { LiveStock, useStockFeed } from "../hooks/use-live-stock.js";
import { HomeView } from "../views/home.js";
import { ListView } from "../views/list.js";
import { ProductView } from "../views/product.js";

const MAX_TOASTS = 3;
const VIEWS = { home: HomeView, list: ListView, product: ProductView };

export function App({ route, services }) {
  const [toasts, setToasts] = useState([]);
  const lastId = useRef(0);
  const notify = useCallback((message, { tone = "success" } = {}) => {
    const toast = { id: ++lastId.current, message, tone };
    setToasts((list) => [...list.slice(1 - MAX_TOASTS), toast]);
  }, []);
  const dismiss = useCallback((id) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const value = useMemo(() => ({ ...services, notify }), [services, notify]);
  const stock = useStockFeed();
  useScrollToTopOnPageChange(route);

  const View = VIEWS[route.view];
  return html`
    <${Services.Provider} value=${value}>
      <${LiveStock.Provider} value=${stock}>
        <div class="catalog" data-view=${route.view}>
          ${View ? html`<${View} key=${route.view} route=${route} />` : html`<${NotFound} />`}
        </div>
      </${LiveStock.Provider}>
      <${Toasts} toasts=${toasts} onDismiss=${dismiss} />
    </${Services.Provider}>`;
}

// A new page starts at the top, as it would after a full page load.
function useScrollToTopOnPageChange(route) {
  const key = JSON.stringify(route);
  const previous = useRef(key);
  useEffect(() => {
    if (previous.current !== key && window.scrollY > 0) window.scrollTo({ top: 0 });
    previous.current = key;
  }, [key]);
}
