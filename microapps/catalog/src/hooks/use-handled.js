// Whether some app on the page answers a bus topic right now, kept current as apps come and go
// (a header parcel that handles "cart:add" may mount after the catalog, or be rolled back).
import { useEffect, useState } from "htm/preact";

export function useHandled(bus, topic) {
  const [handled, setHandled] = useState(() => bus.handles(topic));
  useEffect(() => {
    setHandled(bus.handles(topic)); // it may have changed between the render and this effect
    return bus.watchHandlers(topic, setHandled);
  }, [bus, topic]);
  return handled;
}
