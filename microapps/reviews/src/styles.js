// The reviews' styles, in their shadow roots; colours and type come from the shell's --bz-* tokens.
const baseCss = `
  :host { display: block; }
  .app, .parcel { font-family: var(--bz-font); color: var(--bz-ink); }
  h1 { font-size: 1.8rem; margin: .25rem 0 1.25rem; letter-spacing: -.02em; }
  h2 { font-size: 1.25rem; margin: 0 0 .75rem; }
  .muted { color: var(--bz-muted); }
  a { color: var(--bz-accent); font-weight: 600; }
  .card { background: var(--bz-surface); border: 1px solid var(--bz-line); border-radius: var(--bz-radius);
    padding: 1rem 1.25rem; box-shadow: var(--bz-shadow); }
  .list { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
  .row { display: grid; grid-template-columns: 64px 1fr auto; gap: 1rem; align-items: center; }
  .row img { width: 64px; height: 64px; border-radius: 10px; object-fit: cover; background: var(--bz-bg); }
  .row a { color: var(--bz-ink); font-weight: 700; text-decoration: none; }
  .row a:hover { color: var(--bz-accent); }
  form { display: grid; gap: .6rem; }
  label { font-weight: 600; font-size: .9rem; }
  input, textarea, select { font: inherit; padding: .55rem .7rem; border: 1px solid var(--bz-line); border-radius: 10px;
    background: var(--bz-surface); color: var(--bz-ink); }
  textarea { min-height: 5rem; resize: vertical; }
  .actions { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
  .button { font: 600 .95rem var(--bz-font); border: 0; background: var(--bz-accent); color: var(--bz-accent-ink);
    padding: .55rem 1.2rem; border-radius: 999px; cursor: pointer; text-decoration: none; display: inline-block; }
  .button--quiet { background: transparent; color: var(--bz-ink); border: 1px solid var(--bz-line); }
  .button:disabled { opacity: .6; cursor: default; }
  .field-error { color: var(--bz-danger); font-size: .85rem; }
  table { width: 100%; border-collapse: collapse; background: var(--bz-surface); }
  th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid var(--bz-line); }
  th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--bz-muted); }
  td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
  .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 1rem; }
  .tile strong { display: block; font-size: 1.8rem; letter-spacing: -.02em; }
  .status { display: inline-block; padding: .15rem .6rem; border-radius: 999px; font-size: .8rem; font-weight: 700;
    background: var(--bz-accent-soft); color: var(--bz-ink); }
  .status--completed { background: var(--bz-ok); color: white; }
`;

// The reviews' own additions: stars, the summary line and the star picker.
const reviewsCss = `
  .stars { display: inline-flex; gap: .05rem; font-size: 1.05rem; line-height: 1; }
  .star { color: var(--bz-line); }
  .star--on { color: var(--bz-warn); }
  .summary { display: flex; align-items: center; gap: .5rem; margin: 0 0 1rem; }
  .review__head { display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; }
  .review p { margin: .5rem 0 0; }
  h3 { margin: 0; font-size: 1.05rem; }
  fieldset.star-picker { border: 0; padding: 0; margin: 0; }
  .star-picker legend { font-weight: 600; font-size: .9rem; padding: 0; margin-bottom: .15rem; }
  .star-picker__choice { cursor: pointer; font-size: 1.6rem; color: var(--bz-line); display: inline-block; padding-right: .15rem; }
  .star-picker__choice input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .star-picker:has(input:checked) .star-picker__choice { color: var(--bz-warn); }
  .star-picker__choice:has(input:checked) ~ .star-picker__choice { color: var(--bz-line); }
  .star-picker__choice:has(input:focus-visible) { outline: 2px solid var(--bz-accent); border-radius: 4px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
export const css = baseCss + reviewsCss;
