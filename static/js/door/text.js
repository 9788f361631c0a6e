// Filling in the door's translated strings: "{num} of {total}" and the like. The strings come
// from the page (#door-strings), in the staff member's language.

/** ``text`` with every {name} replaced by values[name]. */
export function fill(text, values) {
  return Object.entries(values).reduce((t, [k, v]) => t.split("{" + k + "}").join(String(v)), String(text));
}
