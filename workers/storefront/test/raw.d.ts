/** A file's text, as Vite's `?raw` import gives it (another Worker's config a test compares with this one's). */
declare module "*?raw" {
  const text: string;
  export default text;
}
