/**
 * The slice of Unicode's confusables.txt (UTS #39) that trademark look-alikes
 * use, mapped to the Latin letter they imitate, plus the digit-and-symbol
 * substitutions sellers type ("N1KE", "ad1das", "5amsung"). Applied after
 * case folding, so only lower-case forms are listed. `i`, `l`, `1` and `|`
 * share one prototype, as in UTS #39 where they are the classic confusable set.
 */
export const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: "a", в: "b", е: "e", ё: "e", з: "3", һ: "h", і: "l", ї: "l", ј: "j", к: "k", м: "m", н: "h", о: "o",
  р: "p", с: "c", т: "t", у: "y", х: "x", ѕ: "s", ԁ: "d", ԛ: "q", ԝ: "w", ь: "b", ү: "y", ӏ: "l", п: "n",
  // Greek
  α: "a", β: "b", γ: "y", ε: "e", ζ: "z", η: "n", ι: "l", κ: "k", μ: "u", ν: "v", ο: "o", ρ: "p", σ: "o",
  τ: "t", υ: "u", χ: "x", ω: "w",
  // Latin look-alikes and dotless forms
  ı: "l", ȷ: "j", ɑ: "a", ɡ: "g", ꞵ: "b", ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ł: "l", ħ: "h",
  // Digits and symbols standing in for letters
  "0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", $: "s", "|": "l", "!": "l", "€": "e",
  // The plain letters that share a prototype with the above
  i: "l",
};

/** Letter pairs that render like one letter in most fonts (UTS #39 lists `rn` → `m`). `cl` → `d` is left out: with `i` → `l` it mangles "cci". */
export const CONFUSABLE_SEQUENCES: readonly [RegExp, string][] = [
  [/rn/g, "m"],
  [/vv/g, "w"],
];
