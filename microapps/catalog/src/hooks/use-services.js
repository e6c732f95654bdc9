// What every catalog view needs from the mount: the catalog API, the bus, config, navigate and
// notify, provided once by the root component (Services) and read with useServices().
import { createContext, useContext } from "htm/preact";

export const Services = createContext(null);
export const useServices = () => useContext(Services);
