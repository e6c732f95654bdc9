// What every view needs from the mount: the catalog API, the bus, config, navigate and notify.
import { createContext, useContext } from "htm/preact";

export const Services = createContext(null);
export const useServices = () => useContext(Services);
