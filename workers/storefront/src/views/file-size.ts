/** A file's size as a seller reads it: whole KB of 1,024 bytes, rounded up (a file a byte over a limit never reads as the limit). */
export const kilobytes = (bytes: number, locale: string) => `${new Intl.NumberFormat(locale).format(Math.ceil(bytes / 1024))} KB`;
