// The cart's stylesheets, adopted into its shadow roots. Colours, font, radius and shadow come
// from the shell's --bz-* design tokens, which inherit through the shadow boundary.

const base = `
.cart { font-family: var(--bz-font); color: var(--bz-ink); }
.cart *, .cart *::before, .cart *::after { box-sizing: border-box; }
:where(.cart) :where(h1, h2, h3, p, dl, dd) { margin: 0; }
:where(.cart) :where(ul, ol) { list-style: none; margin: 0; padding: 0; }
:where(.cart) :where(img) { display: block; max-width: 100%; }
.cart :focus-visible { outline: 3px solid var(--bz-accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.money { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }

.btn { display: inline-flex; align-items: center; justify-content: center; gap: .4rem; font: inherit; font-weight: 600;
  font-size: .95rem; line-height: 1.2; padding: .7rem 1.2rem; border-radius: 999px; border: 1px solid transparent;
  text-decoration: none; cursor: pointer; white-space: nowrap; transition: background-color .15s; }
.btn--primary { background: var(--bz-accent); color: var(--bz-accent-ink); }
.btn--primary:hover { background: color-mix(in srgb, var(--bz-accent) 85%, black); }
.btn--block { display: flex; width: 100%; padding: .85rem 1.2rem; font-size: 1rem; }
.btn--waiting { opacity: .6; pointer-events: none; }
.link-button { font: inherit; font-size: .88rem; border: 0; background: none; padding: .2rem 0; cursor: pointer;
  color: var(--bz-muted); text-decoration: underline; text-underline-offset: 2px; }
.link-button:hover { color: var(--bz-danger); }
.link-button:disabled { cursor: default; opacity: .6; }

.skeleton { display: block; height: .9rem; margin: .5rem 0; border-radius: 8px;
  background: linear-gradient(90deg, color-mix(in srgb, var(--bz-line) 70%, transparent) 25%,
    color-mix(in srgb, var(--bz-line) 30%, transparent) 50%, color-mix(in srgb, var(--bz-line) 70%, transparent) 75%);
  background-size: 200% 100%; animation: shimmer 1.4s ease-in-out infinite; }
.skeleton--media { width: 96px; height: 96px; margin: 0; border-radius: 10px; }
.skeleton--button { height: 3rem; border-radius: 999px; margin-top: 1.5rem; }
@keyframes shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
@media (prefers-reduced-motion: reduce) { .cart * { animation: none !important; transition: none !important; } }
`;

export const pageCss = `${base}
:host { display: block; }
.cart { container: cart / inline-size; }
.cart__head { display: flex; align-items: baseline; gap: 1rem; margin: .25rem 0 1.5rem; }
.cart__head h1 { font-size: 2.1rem; line-height: 1.15; letter-spacing: -.025em; font-weight: 800; }
.cart__count { color: var(--bz-muted); font-weight: 600; }
.cart__layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 2rem; align-items: start; }

.lines { background: var(--bz-surface); border: 1px solid var(--bz-line); border-radius: var(--bz-radius); padding: 0 1.25rem; }
.line { display: grid; grid-template-columns: 96px minmax(0, 1fr) 8rem 7rem; gap: 1.25rem; align-items: center;
  padding: 1.25rem 0; transition: opacity .15s; }
.line + .line { border-top: 1px solid var(--bz-line); }
.line--busy { opacity: .6; }
.line--skeleton { grid-template-columns: 96px 1fr; }
.line__media { display: block; width: 96px; height: 96px; border-radius: 10px; overflow: hidden; background: var(--bz-bg); }
.line__media img { width: 100%; height: 100%; object-fit: cover; }
.line__info { display: flex; flex-direction: column; gap: .25rem; min-width: 0; }
.line__name { color: var(--bz-ink); font-weight: 700; font-size: 1.02rem; line-height: 1.3; text-decoration: none; }
.line__name:hover { color: var(--bz-accent); text-decoration: underline; }
.line__unit { color: var(--bz-muted); font-size: .9rem; }
.line__controls { display: flex; flex-direction: column; align-items: center; gap: .35rem; }
.line__total { font-weight: 800; font-size: 1.05rem; }
.note { font-size: .85rem; font-weight: 600; }
.note--warn { color: var(--bz-warn); }
.note--pending { color: #92400e; background: #fef3c7; display: inline-block; padding: .1rem .5rem; border-radius: 999px; font-size: .8rem; }
.note--danger { color: var(--bz-danger); }

.qty { display: flex; align-items: center; gap: .45rem; font-size: .88rem; font-weight: 600; color: var(--bz-muted); }
.qty select { min-width: 4.5rem; font: inherit; font-size: .95rem; color: var(--bz-ink); background-color: var(--bz-surface);
  border: 1px solid var(--bz-line); border-radius: 999px; padding: .45rem 2rem .45rem .9rem; cursor: pointer;
  appearance: none; background-image: linear-gradient(45deg, transparent 50%, var(--bz-muted) 50%),
    linear-gradient(135deg, var(--bz-muted) 50%, transparent 50%);
  background-position: calc(100% - 15px) 52%, calc(100% - 10px) 52%; background-size: 5px 5px; background-repeat: no-repeat; }
.qty select:hover { border-color: var(--bz-muted); }
.qty select:disabled { cursor: wait; }

.summary { position: sticky; top: 6rem; display: flex; flex-direction: column; gap: 1rem; background: var(--bz-surface);
  border: 1px solid var(--bz-line); border-radius: var(--bz-radius); padding: 1.4rem; box-shadow: var(--bz-shadow); }
.summary h2 { font-size: 1.15rem; }
.summary__rows { display: grid; gap: .6rem; }
.summary__row { display: flex; justify-content: space-between; gap: 1rem; }
.summary__row dt { color: var(--bz-muted); }
.summary__free { color: var(--bz-ok); font-weight: 600; }
.summary__row--total { border-top: 1px solid var(--bz-line); padding-top: .8rem; margin-top: .2rem; font-size: 1.15rem; }
.summary__row--total dt { color: var(--bz-ink); font-weight: 700; }
.summary__row--total dd { font-weight: 800; }
.summary__note { font-size: .85rem; color: var(--bz-muted); text-align: center; }
.summary__continue { text-align: center; font-weight: 600; font-size: .92rem; color: var(--bz-accent); text-decoration: none; }
.summary__continue:hover { text-decoration: underline; }

@container cart (max-width: 820px) {
  .cart__layout { grid-template-columns: 1fr; }
  .summary { position: static; }
}
@container cart (max-width: 560px) {
  /* A phone: the line's total beside its name, the quantity and Remove on a row of their own
     (side by side they ran into the total). */
  .line { grid-template-columns: 72px minmax(0, 1fr) auto; grid-template-areas: "media info total" "media controls controls"; gap: .6rem 1rem; }
  .line__media { grid-area: media; width: 72px; height: 72px; }
  .line__info { grid-area: info; }
  .line__controls { grid-area: controls; flex-direction: row; flex-wrap: wrap; gap: .5rem 1rem; justify-content: flex-start; min-width: 0; }
  .line__total { grid-area: total; align-self: start; white-space: nowrap; }
}
`;

export const badgeCss = `
.badge { position: relative; display: inline-flex; align-items: center; gap: .35rem; text-decoration: none;
  color: var(--bz-ink); font: 600 .95rem var(--bz-font); padding: .35rem .6rem; border-radius: 999px; }
.badge:hover { background: var(--bz-accent-soft); }
.badge:focus-visible { outline: 3px solid var(--bz-accent); outline-offset: 2px; }
svg { width: 22px; height: 22px; fill: none; stroke: var(--bz-ink); stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
.count { min-width: 1.4rem; text-align: center; background: var(--bz-muted); color: white; border-radius: 999px;
  font-size: .75rem; line-height: 1.35rem; padding: 0 .35rem; font-variant-numeric: tabular-nums; }
.count--full { background: var(--bz-accent); animation: bump .35s ease-out; }
@keyframes bump { 40% { transform: scale(1.3); } }
@media (prefers-reduced-motion: reduce) { .count--full { animation: none; } }
`;
