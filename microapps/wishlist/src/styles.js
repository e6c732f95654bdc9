// The wish list's stylesheets (the page's and the header badge's), adopted into their shadow
// roots; colours and type come from the shell's --bz-* design tokens.
export const pageCss = `
  :host { display: block; }
  .wishlist { font-family: var(--bz-font); color: var(--bz-ink); }
  .wishlist h1 { font-size: 1.8rem; margin: .25rem 0 1.25rem; letter-spacing: -.02em; }
  .items { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
  .item { display: grid; grid-template-columns: 88px 1fr auto; gap: 1rem; align-items: center;
    background: var(--bz-surface); border: 1px solid var(--bz-line); border-radius: var(--bz-radius);
    padding: .75rem; box-shadow: var(--bz-shadow); }
  .item img { width: 88px; height: 88px; border-radius: 10px; object-fit: cover; background: var(--bz-bg); }
  .item a { color: var(--bz-ink); font-weight: 700; text-decoration: none; }
  .item a:hover { color: var(--bz-accent); }
  .item__price { color: var(--bz-muted); margin-top: .2rem; }
  .remove { font: inherit; border: 1px solid var(--bz-line); background: transparent; border-radius: 999px;
    padding: .4rem .9rem; cursor: pointer; color: var(--bz-ink); }
  .remove:hover { border-color: var(--bz-danger); color: var(--bz-danger); }
`;

export const badgeCss = `
  a { display: inline-flex; align-items: center; gap: .35rem; text-decoration: none; color: var(--bz-ink);
    font: 600 .95rem var(--bz-font); padding: .35rem .6rem; border-radius: 999px; }
  a:hover { background: var(--bz-accent-soft); }
  svg { width: 20px; height: 20px; fill: var(--bz-danger); }
  .count { min-width: 1.4rem; text-align: center; background: var(--bz-ink); color: white; border-radius: 999px;
    font-size: .75rem; padding: 0 .35rem; }
`;
