// The orders app's stylesheet, adopted into its shadow root. Colours, font, radius and shadow
// come from the shell's --bz-* design tokens, which inherit through the shadow boundary.
export const css = `
:host { display: block; }
.orders { container: orders / inline-size; font-family: var(--bz-font); color: var(--bz-ink); }
.orders *, .orders *::before, .orders *::after { box-sizing: border-box; }
:where(.orders) :where(h1, h2, p, dl, dd) { margin: 0; }
:where(.orders) :where(ul, ol) { list-style: none; margin: 0; padding: 0; }
:where(.orders) :where(img) { display: block; max-width: 100%; }
.orders :focus-visible { outline: 3px solid var(--bz-accent); outline-offset: 2px; }
.money { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.muted { color: var(--bz-muted); }
.orders__title { font-size: 2.1rem; line-height: 1.15; letter-spacing: -.025em; font-weight: 800; margin: .25rem 0 1.5rem; }
.back { display: inline-block; font-weight: 600; font-size: .92rem; color: var(--bz-muted); text-decoration: none; margin-bottom: .75rem; }
.back:hover { color: var(--bz-accent); text-decoration: underline; }
.card { background: var(--bz-surface); border: 1px solid var(--bz-line); border-radius: var(--bz-radius); padding: 1.4rem; }
.card h2 { font-size: 1.1rem; margin-bottom: 1rem; }
.notice { background: #fff7ed; border: 1px solid #fed7aa; color: var(--bz-warn); border-radius: 10px; padding: .6rem .9rem;
  font-size: .9rem; margin-bottom: 1rem; }

/* Status pills */
.pill { display: inline-flex; align-items: center; gap: .4rem; padding: .25rem .7rem; border-radius: 999px; font-size: .8rem;
  font-weight: 700; white-space: nowrap; color: var(--tone); border: 1px solid color-mix(in srgb, var(--tone) 25%, var(--bz-surface));
  background: color-mix(in srgb, var(--tone) 10%, var(--bz-surface)); }
.pill::before { content: ""; width: .45rem; height: .45rem; border-radius: 50%; background: currentColor; }
.pill--placed { --tone: #4f46e5; }
.pill--pending { --tone: #b45309; }
.pill--paid { --tone: #0369a1; }
.pill--shipped { --tone: var(--bz-warn); }
.pill--delivered { --tone: var(--bz-ok); }
.pill--cancelled { --tone: #b91c1c; }
.cancel-reason { margin: -.25rem 0 1rem; color: #991b1b; font-weight: 600; }

/* History */
.order-list { display: grid; gap: .75rem; }
.order-row { display: grid; grid-template-columns: auto minmax(0, 1fr) auto 7rem auto; align-items: center; gap: 1.25rem;
  padding: 1rem 1.25rem; background: var(--bz-surface); border: 1px solid var(--bz-line); border-radius: var(--bz-radius);
  text-decoration: none; color: inherit; transition: border-color .15s, box-shadow .15s, transform .15s; }
.order-row:hover { border-color: var(--bz-accent); box-shadow: var(--bz-shadow); transform: translateY(-1px); }
.order-row__thumbs { display: flex; align-items: center; }
.order-row__thumbs img, .order-row__more { width: 48px; height: 48px; border-radius: 10px; object-fit: cover;
  border: 2px solid var(--bz-surface); background: var(--bz-bg); }
.order-row__thumbs > * + * { margin-left: -14px; }
.order-row__more { display: grid; place-items: center; font-size: .8rem; font-weight: 700; color: var(--bz-muted); }
.order-row__main { display: flex; flex-direction: column; min-width: 0; }
.order-row__id { font-weight: 700; font-variant-numeric: tabular-nums; }
.order-row__meta { color: var(--bz-muted); font-size: .9rem; }
.order-row__total { font-weight: 800; }
.order-row__chevron { color: var(--bz-muted); font-size: 1.5rem; line-height: 1; }

/* One order */
.order { display: grid; gap: 1.25rem; }
.order__head { display: flex; align-items: flex-start; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.order__head h1 { font-size: 2rem; line-height: 1.15; letter-spacing: -.025em; font-weight: 800; font-variant-numeric: tabular-nums; }
.order__head .pill { font-size: .95rem; padding: .4rem 1rem; }
.order__grid { display: grid; grid-template-columns: minmax(0, 1fr) 20rem; gap: 1.25rem; align-items: start; }

.card .progress__title { font-size: 1.2rem; margin-bottom: 1.5rem; }
.timeline { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); counter-reset: step; }
.timeline__step { position: relative; display: flex; flex-direction: column; align-items: center; text-align: center; gap: .3rem;
  padding: 0 .5rem; color: var(--bz-muted); }
.timeline__step + .timeline__step::before { content: ""; position: absolute; top: 1.05rem; right: calc(50% + 1.35rem);
  width: calc(100% - 2.7rem); height: 3px; border-radius: 3px; background: var(--bz-line); }
.timeline__step--done + .timeline__step--done::before { background: var(--bz-accent); }
.timeline__dot { display: grid; place-items: center; width: 2.2rem; height: 2.2rem; border-radius: 50%; font-weight: 800;
  font-size: .9rem; border: 2px solid var(--bz-line); background: var(--bz-surface); color: var(--bz-muted); }
.timeline__step--done .timeline__dot { background: var(--bz-accent); border-color: var(--bz-accent); color: var(--bz-accent-ink); }
.timeline__step--current .timeline__dot { box-shadow: 0 0 0 5px var(--bz-accent-soft); }
.timeline__label { font-weight: 700; color: var(--bz-ink); }
.timeline__step:not(.timeline__step--done) .timeline__label { color: var(--bz-muted); font-weight: 600; }
.timeline__step--current .timeline__label { color: var(--bz-accent); }
.timeline__text { font-size: .82rem; }

.lines { display: grid; }
.line { display: grid; grid-template-columns: 64px minmax(0, 1fr) auto; gap: 1rem; align-items: center; padding: .8rem 0; }
.line + .line { border-top: 1px solid var(--bz-line); }
.line img { width: 64px; height: 64px; border-radius: 10px; object-fit: cover; background: var(--bz-bg); }
.line__info { display: flex; flex-direction: column; min-width: 0; }
.line__name { color: var(--bz-ink); font-weight: 650; text-decoration: none; }
.line__name:hover { color: var(--bz-accent); text-decoration: underline; }
.line__unit { color: var(--bz-muted); font-size: .9rem; font-variant-numeric: tabular-nums; }
.line__total { font-weight: 700; }
.totals { display: grid; gap: .5rem; border-top: 1px solid var(--bz-line); margin-top: .4rem; padding-top: 1rem; }
.totals div { display: flex; justify-content: space-between; gap: 1rem; }
.totals dt { color: var(--bz-muted); }
.free { color: var(--bz-ok); font-weight: 600; }
.totals__total { font-size: 1.15rem; }
.totals__total dt { color: var(--bz-ink); font-weight: 700; }
.totals__total dd { font-weight: 800; }
address { font-style: normal; line-height: 1.6; margin-bottom: .75rem; }

@container orders (max-width: 820px) {
  .order__grid { grid-template-columns: 1fr; }
  .order-row { grid-template-columns: auto minmax(0, 1fr) auto; }
  .order-row__thumbs, .order-row__chevron { display: none; }
}
@container orders (max-width: 560px) {
  .timeline { grid-template-columns: 1fr; gap: .9rem; }
  .timeline__step { flex-direction: row; text-align: left; gap: .75rem; }
  .timeline__step + .timeline__step::before { display: none; }
}
@media (prefers-reduced-motion: reduce) { .orders * { animation: none !important; transition: none !important; } }
/* A cancelled order: its last step in red (after the steps' own rules, which it overrides). */
.timeline__step--cancelled .timeline__dot { background: #b91c1c; border-color: #b91c1c; color: #fff; box-shadow: 0 0 0 5px #fee2e2; }
.timeline__step--done + .timeline__step--cancelled::before { background: #b91c1c; }
.timeline__step--cancelled .timeline__label { color: #b91c1c; }
`;
