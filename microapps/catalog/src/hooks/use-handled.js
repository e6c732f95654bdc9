// Whether some app on the page answers a bus signal right now, kept current as apps come and go
// (a header parcel that handles "cart:add" may mount after the catalog, or be rolled back).
import { useEffect, useState } from "htm/preact";

export function useHandled(bus, name) {
  const [handled, setHandled] = useState(() => bus.handles(name));
  useEffect(() => {
    setHandled(bus.handles(name)); // it may have changed between the render and this effect
    return bus.watchHandlers(name, setHandled);
  }, [bus, name]);
  return handled;
}
