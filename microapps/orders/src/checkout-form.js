// The shipping form's fields, their client-side rules, and the order body they make.

export const COUNTRIES = [
  { code: "US", name: "United States" },
  { code: "CA", name: "Canada" },
  { code: "GB", name: "United Kingdom" },
  { code: "IE", name: "Ireland" },
  { code: "DE", name: "Germany" },
  { code: "FR", name: "France" },
  { code: "NL", name: "Netherlands" },
  { code: "ES", name: "Spain" },
  { code: "IT", name: "Italy" },
  { code: "AU", name: "Australia" },
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$/;

// name → [label, autocomplete, check(value) → message or "", longest length] (the orders BFF's limits)
export const FIELDS = {
  name: ["Full name", "name", (v) => (v ? "" : "Enter the name of the person receiving the order."), 120],
  email: ["Email", "email", (v) => (!v ? "Enter your email address for the receipt."
    : EMAIL.test(v) ? "" : "Enter an email address like name@example.com."), 254],
  address: ["Street address", "street-address", (v) => (!v ? "Enter the street and house number."
    : v.length < 3 ? "Enter the full street address." : ""), 200],
  city: ["City", "address-level2", (v) => (v ? "" : "Enter the city."), 100],
  postal_code: ["Postal code", "postal-code", (v) => (!v ? "Enter the postal code."
    : POSTAL_CODE.test(v) ? "" : "Enter a valid postal code (letters, digits, spaces or dashes)."), 12],
  country: ["Country", "country", (v) => (COUNTRIES.some((c) => c.code === v) ? "" : "Choose a country."), 2],
};

export const emptyForm = (name = "") =>
  ({ name, email: "", address: "", city: "", postal_code: "", country: COUNTRIES[0].code });

export function validate(values) {
  const errors = {};
  for (const [field, [label, , check, maxLength]] of Object.entries(FIELDS)) {
    const value = values[field].trim();
    const message = value.length > maxLength ? `${label} is too long (at most ${maxLength} characters).` : check(value);
    if (message) errors[field] = message;
  }
  return errors;
}

export function orderBody(values, cart) {
  const v = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.trim()]));
  return {
    lines: cart.items.map((item) => ({ product_id: item.product_id, quantity: item.quantity })),
    shipping: { name: v.name, address: v.address, city: v.city, postal_code: v.postal_code, country: v.country },
    email: v.email,
  };
}

// What the order page shows of an order placed offline until the shop has it: the cart's lines
// and total as the shopper saw them.
export function orderDetails(cart) {
  return {
    lines: cart.items.map((item) => ({
      product_id: item.product_id,
      name: item.name,
      quantity: item.quantity,
      image_url: item.image_url,
      price_display: item.price_display,
      line_total_display: item.line_total_display,
    })),
    total_display: cart.subtotal_display,
  };
}

// A BFF error names fields as "shipping.postal_code" or "email": map them onto the form.
export function fieldErrorsFrom(errors = []) {
  const fields = {};
  const other = [];
  for (const { field = "", message } of errors) {
    const name = field.replace(/^(body\.)?(shipping\.)?/, "");
    if (name in FIELDS) fields[name] ||= message;
    else other.push(message);
  }
  return { fields, other };
}
