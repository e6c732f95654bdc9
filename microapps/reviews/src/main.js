// Reviews: a task micro-app (owns a shopper's commands on their own entries, one per product), scaffolded by
// `manage.py startmicroapp`. Its page is /reviews; its BFF is /bff/reviews/api. All it needs
// from the platform arrives as lifecycle props (bff, bus, user, config) or from @bazaar/platform.
import { html, render } from "htm/preact";
import { adoptStyles } from "@bazaar/platform";
import { Page } from "./view.js";
import { css } from "./styles.js";

const teardowns = new Map(); // domElement → what unmount() must undo

export async function bootstrap() {}

export async function mount({ domElement, bff, bus, user, config }) {
  const removeStyles = adoptStyles(domElement, css);
  const controller = new AbortController();
  render(html`<section class="app" data-testid="reviews-page">
    <h1>${config.title}</h1>
    <${Page} bff=${bff} bus=${bus} user=${user} config=${config} signal=${controller.signal} />
  </section>`, domElement);
  teardowns.set(domElement, () => {
    controller.abort();
    render(null, domElement);
    removeStyles();
  });
}

export async function unmount({ domElement }) {
  teardowns.get(domElement)?.();
  teardowns.delete(domElement);
}
