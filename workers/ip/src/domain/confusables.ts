/**
 * The slice of Unicode's confusables.txt (UTS #39) that trademark look-alikes
 * use, mapped to the Latin letter they imitate, plus the digit-and-symbol
 * substitutions sellers type ("N1KE", "ad1das", "5amsung"). `skeleton` applies
 * it before lower-casing and again after: a capital's lower case is often
 * another letter's look-alike (Greek Ν is drawn as N but lower-cases to ν,
 * which looks like v), so capitals are listed for what they look like.
 * `i`, `l`, `1` and `|` share one prototype, as in UTS #39 where they are the
 * classic confusable set.
 *
 * Hand-kept rather than an npm confusables package: those follow UTS #39's
 * prototypes, which keep case and map Latin letters to sequences (`m` → `rn`),
 * and this table's prototypes are what the clearance thresholds were tuned on.
 */
export const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: "a", в: "b", е: "e", ё: "e", з: "3", һ: "h", і: "l", ї: "l", ј: "j", к: "k", м: "m", н: "h", о: "o",
  р: "p", с: "c", т: "t", у: "y", х: "x", ѕ: "s", ԁ: "d", ԛ: "q", ԝ: "w", ь: "b", ү: "y", ӏ: "l", п: "n",
  А: "a", В: "b", Е: "e", З: "3", Һ: "h", І: "l", Ї: "l", Ј: "j", К: "k", М: "m", Н: "h", О: "o", Р: "p", С: "c", Т: "t",
  У: "y", Х: "x", Ѕ: "s", Ԛ: "q", Ԝ: "w", Ү: "y", Ӏ: "l", Ь: "b", Ѵ: "v", ѵ: "v",
  // Greek
  Α: "a", Β: "b", Ε: "e", Ζ: "z", Η: "h", Ι: "l", Κ: "k", Μ: "m", Ν: "n", Ο: "o", Ρ: "p", Τ: "t", Υ: "y", Χ: "x", Ϲ: "c", ϲ: "c",
  α: "a", β: "b", γ: "y", ε: "e", ζ: "z", η: "n", ι: "l", κ: "k", μ: "u", ν: "v", ο: "o", ρ: "p", σ: "o",
  τ: "t", υ: "u", χ: "x", ω: "w",
  // Armenian and Cherokee letters drawn as Latin ones
  օ: "o", Օ: "o", ո: "n", ս: "u", Ս: "u", հ: "h", զ: "q", ց: "g", Տ: "s",
  Ꭺ: "a", Ᏼ: "b", Ꮯ: "c", Ꭰ: "d", Ꭼ: "e", Ꮐ: "g", Ᏻ: "g", Ꮋ: "h", Ꭻ: "j", Ꮶ: "k", Ꮮ: "l", Ꮇ: "m", Ꮲ: "p", Ꭱ: "r", Ꮢ: "r",
  Ꮪ: "s", Ꮥ: "s", Ꭲ: "t", Ꮩ: "v", Ꮃ: "w", Ꮤ: "w", Ꭹ: "y", Ꮓ: "z",
  // Latin small capitals (no NFKC decomposition, and lower case already)
  ᴀ: "a", ʙ: "b", ᴄ: "c", ᴅ: "d", ᴇ: "e", ꜰ: "f", ɢ: "g", ʜ: "h", ɪ: "l", ᴊ: "j", ᴋ: "k", ʟ: "l", ᴍ: "m", ɴ: "n", ᴏ: "o",
  ᴘ: "p", ꞯ: "q", ʀ: "r", ꜱ: "s", ᴛ: "t", ᴜ: "u", ᴠ: "v", ᴡ: "w", ʏ: "y", ᴢ: "z",
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
