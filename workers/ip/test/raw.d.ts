/** A file's text, as Vite's `?raw` import gives it (the operators' SQL that tests run). */
declare module "*?raw" {
  const text: string;
  export default text;
}
