// single-spa lifecycles for a micro-app or parcel that draws into its domElement, in any view
// library. `draw(props, lifetime)` renders and returns what undoes the rendering; `lifetime`
// is an AbortSignal for the fetches and timers of this mount. Styles are adopted into the
// app's shadow root first: the shared UI's (ui-styles.js), then the app's own `css`. unmount()
// aborts `lifetime`, undoes the drawing and removes the styles, for that domElement only (a
// parcel may be mounted in several places at once).
import { adoptStyles } from "./styles.js";
import { uiCss } from "./ui-styles.js";

export function lifecycles({ css = "", draw }) {
  const teardowns = new Map(); // domElement → what unmount() must undo
  return {
    async bootstrap() {},
    async mount(props) {
      const { domElement } = props;
      const removeUiStyles = adoptStyles(domElement, uiCss);
      const removeStyles = css ? adoptStyles(domElement, css) : () => {};
      const lifetime = new AbortController();
      const undo = draw(props, lifetime.signal);
      teardowns.set(domElement, () => {
        lifetime.abort();
        undo?.();
        removeStyles();
        removeUiStyles();
      });
    },
    async unmount({ domElement }) {
      teardowns.get(domElement)?.();
      teardowns.delete(domElement);
    },
  };
}
