// <bazaar-recently-viewed>: a plain custom element with its own shadow root. Its look comes
// from the shell's design tokens, which custom properties carry through shadow boundaries.
export const TAG = "bazaar-recently-viewed";

const CSS = `
  :host { display: block; }
  h2 { font: 600 .8rem/1.4 var(--bz-font, system-ui, sans-serif); text-transform: uppercase;
    letter-spacing: .06em; margin: 0 0 .5rem; opacity: .75; }
  ol { list-style: none; margin: 0; padding: 0; display: grid; gap: .4rem; }
  a { display: grid; grid-template-columns: 36px 1fr auto; gap: .6rem; align-items: center;
    color: inherit; text-decoration: none; border-radius: calc(var(--bz-radius, 14px) / 2); padding: .2rem; }
  a:hover, a:focus-visible { background: rgb(255 255 255 / .08); outline: none; }
  img { width: 36px; height: 36px; border-radius: 8px; background: var(--bz-surface, #fff); object-fit: cover; }
  .name { font-size: .85rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .price { font-size: .8rem; font-weight: 600; color: var(--bz-accent-soft, #99f6e4); }
  p { font-size: .85rem; margin: 0; opacity: .75; }
`;

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export class RecentlyViewed extends HTMLElement {
  #items = [];

  constructor() {
    super();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    this.attachShadow({ mode: "open" }).adoptedStyleSheets = [sheet];
  }

  set items(items) {
    this.#items = items;
    this.#render();
  }

  get items() {
    return this.#items;
  }

  connectedCallback() {
    this.#render();
  }

  // Built with DOM calls and textContent: product names never become markup.
  #render() {
    const heading = document.createElement("h2");
    heading.textContent = "Recently viewed";
    if (!this.#items.length) {
      const empty = document.createElement("p");
      empty.textContent = "Products you open show up here.";
      this.shadowRoot.replaceChildren(heading, empty);
      return;
    }
    const list = document.createElement("ol");
    list.dataset.testid = "recently-viewed";
    for (const item of this.#items) {
      const link = document.createElement("a");
      link.href = `/catalog/p/${encodeURIComponent(item.productId)}`;
      link.dataset.testid = "recently-viewed-item";
      const image = document.createElement("img");
      image.alt = "";
      image.loading = "lazy";
      if (item.imageUrl) image.src = item.imageUrl;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = item.name;
      const price = document.createElement("span");
      price.className = "price";
      price.textContent = item.priceCents == null ? "" : money.format(item.priceCents / 100);
      link.append(image, name, price);
      const entry = document.createElement("li");
      entry.append(link);
      list.append(entry);
    }
    this.shadowRoot.replaceChildren(heading, list);
  }
}
