// The catalog's stylesheet, adopted into its shadow root. Colours, font, radius and shadow
// come from the shell's --bz-* design tokens, which inherit through the shadow boundary.
export const css = `
.catalog { container: catalog / inline-size; font-family: var(--bz-font); color: var(--bz-ink); }
.catalog *, .catalog *::before, .catalog *::after, .toasts * { box-sizing: border-box; }
:where(.catalog) :where(h1, h2, h3, p) { margin: 0; }
:where(.catalog) :where(ul, ol) { list-style: none; margin: 0; padding: 0; }
:where(.catalog) :where(a) { color: var(--bz-accent); }
:where(.catalog) :where(img) { display: block; max-width: 100%; }
.catalog :focus-visible, .toasts :focus-visible { outline: 3px solid var(--bz-accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

/* Buttons */
.btn { display: inline-flex; align-items: center; justify-content: center; gap: .4rem; font: inherit;
  font-weight: 600; font-size: .95rem; line-height: 1.2; padding: .6rem 1.1rem; border-radius: 999px;
  border: 1px solid transparent; text-decoration: none; cursor: pointer; white-space: nowrap;
  transition: background-color .15s, box-shadow .15s, transform .15s; }
.btn--primary { background: var(--bz-accent); color: var(--bz-accent-ink); }
.btn--primary:hover { background: color-mix(in srgb, var(--bz-accent) 85%, black); }
.btn--primary:disabled { background: var(--bz-line); color: var(--bz-muted); cursor: not-allowed; }
.btn--ghost { background: var(--bz-surface); color: var(--bz-accent); border-color: var(--bz-line); }
.btn--ghost:hover { border-color: var(--bz-accent); }
.wish { margin-top: .75rem; }
.wish[data-state="saved"] { color: var(--bz-accent); background: var(--bz-accent-soft); border-color: transparent; }
.btn--light { background: var(--bz-surface); color: var(--bz-accent); }
.btn--light:hover { transform: translateY(-1px); box-shadow: 0 6px 18px rgb(0 0 0 / 18%); }
.btn--outline-light { color: var(--bz-accent-ink); border-color: color-mix(in srgb, var(--bz-accent-ink) 60%, transparent); }
.btn--outline-light:hover { background: rgb(255 255 255 / 12%); }
.btn--large { padding: .8rem 1.5rem; font-size: 1rem; }
.btn--small { padding: .45rem .9rem; font-size: .88rem; }
.btn--ghost:disabled { color: var(--bz-muted); cursor: default; }
.btn--ghost:disabled:hover { border-color: var(--bz-line); }

/* Loading skeletons */
.skeleton { display: block; border-radius: 8px; background: linear-gradient(90deg,
  color-mix(in srgb, var(--bz-line) 70%, transparent) 25%, color-mix(in srgb, var(--bz-line) 30%, transparent) 50%,
  color-mix(in srgb, var(--bz-line) 70%, transparent) 75%); background-size: 200% 100%;
  animation: shimmer 1.4s ease-in-out infinite; }
@keyframes shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
.skeleton--fill { width: 100%; height: 100%; border-radius: 0; }
.skeleton--line { height: .8rem; margin: .45rem 0; }
.skeleton--title { height: 1.05rem; }
.skeleton--price { height: 1.4rem; width: 6rem; margin: .8rem 0; }
.skeleton--heading { display: inline-block; height: 2.2rem; width: 12rem; vertical-align: middle; margin: .3rem 0; }
.skeleton--count { display: inline-block; height: 1rem; width: 6rem; vertical-align: middle; }
.skeleton--button { height: 3rem; width: 14rem; border-radius: 999px; margin: 1rem 0 1.5rem; }

/* Sections */
.section { margin-top: 2.75rem; }
.section__head { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; margin-bottom: 1.1rem; }
.section__head h2 { font-size: 1.45rem; letter-spacing: -.015em; }
.section__more { font-weight: 600; text-decoration: none; white-space: nowrap; }
.section__more:hover { text-decoration: underline; }

/* Hero */
.hero { position: relative; overflow: hidden; display: grid; grid-template-columns: 1.15fr 1fr; align-items: center;
  gap: 2rem; padding: 3.25rem 3rem; border-radius: calc(var(--bz-radius) * 1.5); color: var(--bz-accent-ink);
  background: radial-gradient(circle at 85% 20%, rgb(255 255 255 / 16%), transparent 45%),
    linear-gradient(135deg, var(--bz-accent), color-mix(in srgb, var(--bz-accent) 55%, #022c22)); }
.hero__eyebrow { display: inline-block; font-size: .8rem; font-weight: 700; letter-spacing: .08em; text-transform: uppercase;
  background: rgb(255 255 255 / 16%); padding: .3rem .7rem; border-radius: 999px; margin-bottom: 1rem; }
.hero__title { font-size: clamp(2rem, 4.2cqi, 3.1rem); line-height: 1.08; letter-spacing: -.03em; font-weight: 800; max-width: 15ch; }
.hero__lead { margin-top: 1rem; font-size: 1.1rem; max-width: 40ch; opacity: .92; }
.hero__actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.75rem; }
.hero__collage { position: relative; height: 300px; }
.hero__item { position: absolute; display: block; width: 54%; aspect-ratio: 1; border-radius: var(--bz-radius);
  overflow: hidden; background: rgb(255 255 255 / 14%); border: 6px solid var(--bz-surface);
  box-shadow: 0 18px 40px rgb(0 0 0 / 25%); transition: transform .25s; }
.hero__item img { width: 100%; height: 100%; object-fit: cover; }
.hero__item--empty { border-color: rgb(255 255 255 / 25%); }
.hero__item--0 { left: 0; top: 18%; transform: rotate(-6deg); z-index: 1; }
.hero__item--1 { left: 26%; top: 0; transform: rotate(3deg); z-index: 2; }
.hero__item--2 { right: 0; top: 34%; width: 44%; transform: rotate(8deg); z-index: 3; }
.hero__item:hover { transform: rotate(0) scale(1.04); z-index: 4; }

/* Category tiles */
.tiles { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .9rem; }
.tile { display: flex; align-items: center; gap: .85rem; padding: .9rem 1rem; height: 100%; min-height: 4.6rem;
  border-radius: var(--bz-radius); text-decoration: none; color: var(--bz-ink);
  background: color-mix(in srgb, var(--tile, var(--bz-accent)) 10%, var(--bz-surface));
  border: 1px solid color-mix(in srgb, var(--tile, var(--bz-accent)) 22%, var(--bz-surface));
  transition: transform .15s, box-shadow .15s, border-color .15s; }
.tile:hover { transform: translateY(-2px); box-shadow: var(--bz-shadow); border-color: var(--tile); }
.tile__swatch { flex: none; display: grid; place-items: center; width: 2.6rem; height: 2.6rem; border-radius: 12px;
  background: var(--tile, var(--bz-accent)); color: white; font-weight: 800; font-size: 1.15rem;
  text-shadow: 0 1px 2px rgb(0 0 0 / 25%); }
.tile__text { display: flex; flex-direction: column; min-width: 0; }
.tile__name { font-weight: 700; }
.tile__count { font-size: .85rem; color: var(--bz-muted); }
.tile--skeleton { min-height: 4.6rem; border-radius: var(--bz-radius); }

/* Product grid and cards */
.grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 1.25rem; }
.grid > li { display: flex; }
.card { position: relative; flex: 1; display: flex; flex-direction: column; min-width: 0; background: var(--bz-surface);
  border: 1px solid var(--bz-line); border-radius: var(--bz-radius); overflow: hidden;
  transition: box-shadow .2s, transform .2s, border-color .2s; }
.card:hover { box-shadow: var(--bz-shadow); transform: translateY(-2px); border-color: color-mix(in srgb, var(--bz-line) 50%, var(--bz-muted)); }
.card__link { color: inherit; text-decoration: none; }
.card__link::after { content: ""; position: absolute; inset: 0; z-index: 1; }
.card__link:focus-visible { outline: none; }
.card:has(.card__link:focus-visible) { outline: 3px solid var(--bz-accent); outline-offset: 2px; }
.card__media { aspect-ratio: 1; overflow: hidden; background: var(--bz-bg); }
.card__media img { width: 100%; height: 100%; object-fit: cover; transition: transform .35s ease; }
.card:hover .card__media img { transform: scale(1.04); }
.card--sold-out .card__media img { filter: grayscale(.55); opacity: .75; }
.card__body { flex: 1; display: flex; flex-direction: column; gap: .2rem; padding: .85rem 1rem 1rem; }
.card__category { font-size: .72rem; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; color: var(--bz-muted); }
.card__name { font-size: 1rem; font-weight: 650; line-height: 1.3; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; overflow: hidden; }
.card:hover .card__link { color: var(--bz-accent); }
.card__add { position: relative; z-index: 2; width: 100%; margin-top: .7rem; }
.card__add[data-state="added"] { color: var(--bz-ok); border-color: color-mix(in srgb, var(--bz-ok) 45%, var(--bz-surface)); }
.card__foot { margin-top: auto; padding-top: .55rem; display: flex; align-items: center; justify-content: space-between;
  gap: .5rem; flex-wrap: wrap; }
.price { font-weight: 800; font-size: 1.1rem; letter-spacing: -.01em; }
.card--skeleton { pointer-events: none; }

/* Stock badges */
.badge { display: inline-flex; align-items: center; gap: .35rem; font-size: .75rem; font-weight: 700;
  padding: .2rem .55rem; border-radius: 999px; white-space: nowrap; }
.badge::before { content: ""; width: .45rem; height: .45rem; border-radius: 50%; background: currentColor; }
.badge--in { color: var(--bz-ok-ink, #166534); background: color-mix(in srgb, var(--bz-ok) 12%, var(--bz-surface)); }
.badge--low { color: var(--bz-warn-ink, #92400e); background: color-mix(in srgb, var(--bz-warn) 13%, var(--bz-surface)); }
.badge--out { color: var(--bz-muted); background: color-mix(in srgb, var(--bz-muted) 14%, var(--bz-surface)); }
.badge--large { font-size: .9rem; padding: .35rem .8rem; }

/* Ratings */
.rating { display: flex; align-items: center; gap: .35rem; font-size: .82rem; color: var(--bz-muted); }
.rating__stars { letter-spacing: .05em; font-size: .95em; color: transparent; -webkit-background-clip: text; background-clip: text;
  background-image: linear-gradient(90deg, #f59e0b var(--fill), color-mix(in srgb, var(--bz-line) 80%, var(--bz-muted)) var(--fill)); }
.rating__value { font-weight: 700; color: var(--bz-ink); }
.rating--none { font-style: italic; }
.pdp__info .rating { font-size: .92rem; }
.pdp__info .rating__stars { font-size: 1.15rem; }

/* Breadcrumbs */
.crumbs ol { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; font-size: .88rem; color: var(--bz-muted); }
.crumbs li + li::before { content: "/" / ""; margin-right: .4rem; color: var(--bz-line); }
.crumbs a { color: var(--bz-muted); text-decoration: none; display: inline-flex; align-items: center; min-height: 24px; min-width: 24px; }
.crumbs a:hover { color: var(--bz-accent); text-decoration: underline; }
.crumbs [aria-current] { color: var(--bz-ink); font-weight: 600; }

/* List pages */
.list__head { display: flex; align-items: flex-end; justify-content: space-between; gap: 1.5rem; flex-wrap: wrap;
  margin: 1rem 0 1.25rem; }
.list__intro { min-width: 0; }
.list__title { font-size: 2.1rem; line-height: 1.15; letter-spacing: -.025em; font-weight: 800; overflow-wrap: anywhere; }
.list__lead { margin-top: .35rem; color: var(--bz-muted); font-size: 1.02rem; min-height: 1.5em; }
.search { position: relative; display: flex; align-items: center; gap: .5rem; flex: 0 1 26rem; min-width: min(100%, 18rem); }
.search__icon { position: absolute; left: .9rem; width: 1.1rem; height: 1.1rem; color: var(--bz-muted); pointer-events: none; }
.search__input { flex: 1; min-width: 0; font: inherit; font-size: .98rem; padding: .65rem 1rem .65rem 2.5rem;
  border: 1px solid var(--bz-line); border-radius: 999px; background: var(--bz-surface); color: var(--bz-ink);
  transition: border-color .15s, box-shadow .15s; }
.search__input:focus { outline: none; border-color: var(--bz-accent); box-shadow: 0 0 0 3px var(--bz-accent-soft); }
.chips { margin: 0 -.25rem 1rem; overflow-x: auto; scrollbar-width: none;
  mask-image: linear-gradient(to right, black calc(100% - 2.5rem), transparent); }
.chips ul::after { content: ""; flex: none; width: 1.5rem; }
.chips ul { display: flex; gap: .5rem; padding: .25rem; }
.chip { display: block; padding: .4rem .9rem; border-radius: 999px; border: 1px solid var(--bz-line); background: var(--bz-surface);
  font-size: .88rem; font-weight: 600; text-decoration: none; white-space: nowrap; transition: border-color .15s, background-color .15s; }
.chip { color: var(--bz-ink); }
.chip:hover { border-color: var(--bz-accent); }
.chip--active { background: var(--bz-ink); border-color: var(--bz-ink); color: var(--bz-surface); }
.toolbar { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
  padding: .75rem 0; margin-bottom: 1.25rem; border-top: 1px solid var(--bz-line); border-bottom: 1px solid var(--bz-line); }
.toolbar__count { font-weight: 600; color: var(--bz-muted); min-height: 1.5em; }
.sort { display: flex; align-items: center; gap: .5rem; font-size: .9rem; color: var(--bz-muted); }
.sort__select, .buy__qty select { font: inherit; font-size: .92rem; color: var(--bz-ink); background: var(--bz-surface);
  border: 1px solid var(--bz-line); border-radius: 10px; padding: .45rem 2rem .45rem .75rem; cursor: pointer;
  appearance: none; background-image: linear-gradient(45deg, transparent 50%, var(--bz-muted) 50%),
    linear-gradient(135deg, var(--bz-muted) 50%, transparent 50%);
  background-position: calc(100% - 15px) 52%, calc(100% - 10px) 52%; background-size: 5px 5px; background-repeat: no-repeat; }
.sort__select:hover, .buy__qty select:hover { border-color: var(--bz-muted); }

/* Pagination */
.pager { display: flex; align-items: center; justify-content: center; gap: .5rem; flex-wrap: wrap; margin-top: 2.5rem; }
.pager__pages { display: flex; gap: .35rem; }
.pager__page, .pager__step { display: inline-grid; place-items: center; min-width: 2.5rem; height: 2.5rem; padding: 0 .8rem;
  border-radius: 999px; border: 1px solid var(--bz-line); background: var(--bz-surface); font-weight: 600;
  font-size: .92rem; text-decoration: none; }
.pager__page, .pager__step { color: var(--bz-ink); }
.pager__page { padding: 0; }
a.pager__page:hover, a.pager__step:hover { border-color: var(--bz-accent); }
.pager__page--current { background: var(--bz-accent); border-color: var(--bz-accent); color: var(--bz-accent-ink); }
.pager__step--disabled { color: var(--bz-muted); opacity: .55; }
.pager__gap { display: grid; place-items: center; width: 1.5rem; color: var(--bz-muted); }

/* Links in the empty and not-found states (the states themselves are the platform's) */
.actions { display: flex; gap: .6rem; justify-content: center; flex-wrap: wrap; }

/* Product detail page */
.pdp__main { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 3rem; margin-top: 1.25rem; align-items: start; }
.pdp__extensions { display: block; }
.pdp__extensions > .parcel-host { margin-top: 2.5rem; }
.pdp__media { aspect-ratio: 1; border-radius: calc(var(--bz-radius) * 1.3); overflow: hidden; background: var(--bz-surface);
  border: 1px solid var(--bz-line); position: sticky; top: 6rem; }
.pdp__media img { width: 100%; height: 100%; object-fit: cover; }
.pdp__info { display: flex; flex-direction: column; align-items: flex-start; gap: .6rem; }
.pdp__category { font-size: .8rem; font-weight: 700; letter-spacing: .07em; text-transform: uppercase; text-decoration: none; }
.pdp__category:hover { text-decoration: underline; }
.pdp__title { font-size: clamp(1.8rem, 3.4cqi, 2.5rem); line-height: 1.12; letter-spacing: -.025em; font-weight: 800; }
.pdp__price { font-size: 2rem; font-weight: 800; letter-spacing: -.02em; margin-top: .4rem; }
.pdp__section { width: 100%; padding-top: 1.25rem; margin-top: .75rem; border-top: 1px solid var(--bz-line); }
.pdp__section h2 { font-size: 1.05rem; margin-bottom: .5rem; }
.pdp__description { color: color-mix(in srgb, var(--bz-ink) 85%, var(--bz-muted)); font-size: 1.02rem; line-height: 1.65; }
.details { display: grid; }
.details__row { display: grid; grid-template-columns: 9rem 1fr; gap: 1rem; padding: .55rem 0; border-bottom: 1px dashed var(--bz-line); }
.details__row:last-child { border-bottom: 0; }
.details__row:not(:has(.details__term)) { grid-template-columns: 1fr; }
.details__term { color: var(--bz-muted); }
.buy { display: flex; align-items: stretch; gap: .75rem; margin: .9rem 0 .4rem; flex-wrap: wrap; }
.buy__qty { display: flex; align-items: center; gap: .5rem; font-weight: 600; color: var(--bz-muted); }
.buy__qty select { height: 100%; min-height: 3rem; min-width: 4.75rem; border-radius: 999px; padding-left: 1.1rem; }
.buy__add { min-width: 14rem; min-height: 3rem; }
.buy__note { flex-basis: 100%; font-size: .88rem; color: var(--bz-muted); }

/* Toasts */
.toasts { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 20; display: flex; flex-direction: column; gap: .5rem;
  font-family: var(--bz-font); pointer-events: none; }
.toast { pointer-events: auto; display: flex; align-items: center; gap: .75rem; max-width: 24rem; padding: .8rem .9rem .8rem 1rem;
  border-radius: 12px; background: var(--bz-ink); color: var(--bz-surface); box-shadow: 0 12px 32px rgb(0 0 0 / 22%);
  font-size: .93rem; animation: toast-in .25s ease-out; }
.toast__icon { display: grid; place-items: center; flex: none; width: 1.5rem; height: 1.5rem; border-radius: 50%;
  background: var(--bz-ok); color: white; font-size: .8rem; font-weight: 800; }
.toast--error .toast__icon { background: var(--bz-danger); }
.toast__text { flex: 1; }
.toast__close { flex: none; border: 0; background: transparent; color: inherit; opacity: .7; font-size: 1.3rem; line-height: 1;
  cursor: pointer; padding: .1rem .3rem; }
.toast__close:hover { opacity: 1; }
@keyframes toast-in { from { opacity: 0; transform: translateY(.75rem); } }

/* Narrower layouts: the app's own width decides, wherever the shell places it */
@container catalog (max-width: 960px) {
  .grid { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .tiles { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .hero { grid-template-columns: 1fr; padding: 2.5rem 2rem; }
  .hero__collage { display: none; }
  .pdp__main { gap: 2rem; }
}
@container catalog (max-width: 680px) {
  .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .75rem; }
  .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .6rem; }
  .tile { padding: .7rem; gap: .6rem; }
  .tile__swatch { width: 2.2rem; height: 2.2rem; }
  .hero { padding: 2rem 1.4rem; }
  .card__body { padding: .7rem .75rem .8rem; }
  .card__name { font-size: .93rem; }
  .price { font-size: 1rem; }
  .list__title { font-size: 1.7rem; }
  .search { flex-basis: 100%; }
  .search--shop { display: none; }
  .pdp__main { grid-template-columns: 1fr; }
  .pdp__media { position: static; }
  .buy { align-self: stretch; }
  .buy__add { flex: 1; min-width: 0; }
  .pager__step { padding: 0 .7rem; }
  .details__row { grid-template-columns: 7rem 1fr; }
}
@media (prefers-reduced-motion: reduce) {
  .catalog *, .toasts * { animation: none !important; transition: none !important; }
}
`;
