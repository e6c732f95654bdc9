// The checkout page's stylesheet, adopted with the orders app's (styles.js) into its shadow
// root; its class names are its own (checkout__*, review__*, field, ...), so neither page's rules
// reach the other's. Colours, font, radius and shadow come from the shell's --bz-* tokens.
export const checkoutCss = `
.checkout { container: checkout / inline-size; font-family: var(--bz-font); color: var(--bz-ink); }
.checkout *, .checkout *::before, .checkout *::after { box-sizing: border-box; }
:where(.checkout) :where(h1, h2, p, dl, dd) { margin: 0; }
:where(.checkout) :where(ul) { list-style: none; margin: 0; padding: 0; }
:where(.checkout) :where(img) { display: block; max-width: 100%; }
.checkout :focus-visible { outline: 3px solid var(--bz-accent); outline-offset: 2px; }

.checkout__head { margin: .25rem 0 1.5rem; }
.checkout__head h1 { font-size: 2.1rem; line-height: 1.15; letter-spacing: -.025em; font-weight: 800; margin-top: .35rem; }
.checkout__back { font-weight: 600; font-size: .92rem; color: var(--bz-muted); text-decoration: none; }
.checkout__back:hover { color: var(--bz-accent); text-decoration: underline; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 24rem; gap: 2rem; align-items: start; }
.panel { background: var(--bz-surface); border: 1px solid var(--bz-line); border-radius: var(--bz-radius); padding: 1.5rem; }
.step { display: inline-grid; place-items: center; width: 1.7rem; height: 1.7rem; margin-right: .5rem; border-radius: 50%;
  background: var(--bz-accent-soft); color: var(--bz-accent); font-size: .85rem; font-weight: 800; vertical-align: 1px; }

/* Shipping form */
.form { display: grid; gap: 1.75rem; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
legend { font-size: 1.15rem; font-weight: 700; padding: 0; margin-bottom: 1rem; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem 1.1rem; }
.field { display: flex; flex-direction: column; gap: .35rem; min-width: 0; }
.field--wide { grid-column: 1 / -1; }
.field label { font-weight: 600; font-size: .9rem; }
.field input, .field select { font: inherit; font-size: 1rem; color: var(--bz-ink); background-color: var(--bz-surface);
  border: 1px solid color-mix(in srgb, var(--bz-line) 60%, var(--bz-muted)); border-radius: 10px; padding: .65rem .8rem;
  transition: border-color .15s, box-shadow .15s; width: 100%; }
.field select { appearance: none; cursor: pointer; padding-right: 2rem;
  background-image: linear-gradient(45deg, transparent 50%, var(--bz-muted) 50%), linear-gradient(135deg, var(--bz-muted) 50%, transparent 50%);
  background-position: calc(100% - 17px) 52%, calc(100% - 12px) 52%; background-size: 5px 5px; background-repeat: no-repeat; }
.field input:focus, .field select:focus { outline: none; border-color: var(--bz-accent); box-shadow: 0 0 0 3px var(--bz-accent-soft); }
.field--invalid input, .field--invalid select { border-color: var(--bz-danger); }
.field--invalid input:focus { box-shadow: 0 0 0 3px color-mix(in srgb, var(--bz-danger) 18%, transparent); }
.field__error { color: var(--bz-danger); font-size: .85rem; font-weight: 600; }
.field__error::before { content: "! "; font-weight: 800; }
.hint { color: var(--bz-muted); font-size: .85rem; margin-top: .5rem; }
fieldset:disabled { opacity: .7; }

/* Review */
.review { position: sticky; top: 6rem; display: flex; flex-direction: column; gap: 1.1rem; box-shadow: var(--bz-shadow); }
.review h2 { font-size: 1.15rem; }
.review__lines { display: grid; gap: .8rem; max-height: 22rem; overflow: auto; padding-top: .5rem; }
.review__line { display: grid; grid-template-columns: 56px minmax(0, 1fr) auto; gap: .85rem; align-items: center; }
.review__media { position: relative; width: 56px; height: 56px; border-radius: 10px; background: var(--bz-bg);
  border: 1px solid var(--bz-line); }
.review__media img { width: 100%; height: 100%; object-fit: cover; border-radius: 9px; }
.review__qty { position: absolute; top: -.45rem; right: -.45rem; min-width: 1.35rem; height: 1.35rem; padding: 0 .3rem;
  border-radius: 999px; background: var(--bz-ink); color: white; font-size: .72rem; font-weight: 700;
  display: grid; place-items: center; }
.review__name { font-size: .93rem; font-weight: 600; line-height: 1.3; }
.review__totals { display: grid; gap: .55rem; border-top: 1px solid var(--bz-line); padding-top: 1rem; }
.review__totals div { display: flex; justify-content: space-between; gap: 1rem; }
.review__totals dt { color: var(--bz-muted); }
.review__total { border-top: 1px solid var(--bz-line); padding-top: .75rem; margin-top: .2rem; font-size: 1.2rem; }
.review__total dt { color: var(--bz-ink); font-weight: 700; }
.review__total dd { font-weight: 800; }
.review__note { display: flex; align-items: center; justify-content: center; gap: .35rem; font-size: .82rem; color: var(--bz-muted); }
.review__note svg { width: 14px; height: 14px; fill: none; stroke: currentColor; stroke-width: 2; }

.alert { border: 1px solid color-mix(in srgb, var(--bz-danger) 35%, var(--bz-surface)); border-left: 4px solid var(--bz-danger);
  background: color-mix(in srgb, var(--bz-danger) 7%, var(--bz-surface)); color: color-mix(in srgb, var(--bz-danger) 70%, black);
  border-radius: 10px; padding: .85rem 1rem; display: grid; gap: .25rem; font-size: .93rem; }
.alert a { color: inherit; font-weight: 700; }
.form-summary { color: var(--bz-danger); font-weight: 600; font-size: .9rem; text-align: center; }

/* Buttons */
.btn { display: inline-flex; align-items: center; justify-content: center; gap: .5rem; font: inherit; font-weight: 600;
  font-size: .95rem; line-height: 1.2; padding: .7rem 1.2rem; border-radius: 999px; border: 1px solid transparent;
  text-decoration: none; cursor: pointer; white-space: nowrap; transition: background-color .15s; }
.btn--primary { background: var(--bz-accent); color: var(--bz-accent-ink); }
.btn--primary:hover { background: color-mix(in srgb, var(--bz-accent) 85%, black); }
.btn--primary:disabled { background: color-mix(in srgb, var(--bz-accent) 55%, var(--bz-surface)); cursor: wait; }
.btn--block { display: flex; width: 100%; padding: .95rem 1.2rem; font-size: 1.05rem; }
.spinner { width: 1rem; height: 1rem; border-radius: 50%; border: 2.5px solid color-mix(in srgb, currentColor 30%, transparent);
  border-top-color: currentColor; animation: spin .8s linear infinite; display: inline-block; }
@keyframes spin { to { transform: rotate(360deg); } }

@container checkout (max-width: 860px) {
  .layout { grid-template-columns: 1fr; }
  .review { position: static; }
}
@container checkout (max-width: 520px) {
  .grid { grid-template-columns: 1fr; }
  .panel { padding: 1.1rem; }
}
@media (prefers-reduced-motion: reduce) { .checkout * { animation: none !important; transition: none !important; } }
`;
