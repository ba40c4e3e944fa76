/**
 * The Nice classes (WIPO's classification of goods) a catalog category sells
 * in, so clearance weighs only marks registered for such goods: "Stride"
 * shoes do not collide with a "Stride" bank. An unknown category maps to no
 * classes, and clearance then checks every class (the cautious default).
 */
const CATEGORY_CLASSES: Record<string, number[]> = {
  alcohol: [33],
  apparel: [25],
  bags: [18],
  beauty: [3],
  cosmetics: [3],
  "e-cigarettes": [34],
  electronics: [9],
  food: [29, 30],
  footwear: [25],
  furniture: [20],
  jewelry: [14],
  kitchen: [8, 11, 21],
  outdoors: [22, 28],
  stationery: [16],
  toys: [28],
  watches: [14],
};

export function niceClassesFor(category: string | null): number[] | undefined {
  return category ? CATEGORY_CLASSES[category] : undefined;
}
