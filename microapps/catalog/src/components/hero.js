import { html } from "htm/preact";
import { categoryUrl, listUrl, productUrl } from "../routes.js";

// The home banner; its collage shows the first featured products once they arrive.
export function Hero({ products }) {
  const slots = [0, 1, 2].map((i) => products[i]);
  return html`
    <section class="hero" aria-labelledby="hero-title">
      <div class="hero__text">
        <p class="hero__eyebrow">New this season</p>
        <h1 id="hero-title" class="hero__title">Everyday goods from independent makers</h1>
        <p class="hero__lead">Kitchenware, lamps, books and more, made in small batches by people who care how things are made.</p>
        <p class="hero__actions">
          <a class="btn btn--light btn--large" href=${listUrl()}>Shop all products</a>
          <a class="btn btn--outline-light btn--large" href=${categoryUrl("kitchen")}>Explore the kitchen</a>
        </p>
      </div>
      <div class="hero__collage" aria-hidden="true">
        ${slots.map((product, i) => product
          ? html`<a class=${`hero__item hero__item--${i}`} href=${productUrl(product.id)} tabindex="-1">
              <img src=${product.image_url} alt="" width="200" height="200" />
            </a>`
          : html`<span class=${`hero__item hero__item--${i} hero__item--empty`}></span>`)}
      </div>
    </section>`;
}
