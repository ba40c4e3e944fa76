/**
 * A Pix "copia e cola" code as a provider hands it out for a QR code: an EMV merchant-presented payload (BR Code,
 * Banco Central do Brasil) whose merchant account names a dynamic charge by URL (`location`), ending in its CRC16.
 * Real in form, so what reads it (a page rendering the code, a banking app's parser) sees what a provider sends.
 */
export function pixCode(location: string, amountCents: number): string {
  const payload =
    tlv("00", "01") + // payload format
    tlv("01", "12") + // dynamic: one charge, paid once
    tlv("26", tlv("00", "br.gov.bcb.pix") + tlv("25", location)) +
    tlv("52", "0000") +
    tlv("53", "986") + // BRL
    tlv("54", (amountCents / 100).toFixed(2)) +
    tlv("58", "BR") +
    tlv("59", "PROVIDER SIM") +
    tlv("60", "SAO PAULO") +
    tlv("62", tlv("05", "***")) +
    "6304";
  return payload + crc16(payload);
}

/** One EMV field: its id, its value's length in two digits, its value. */
const tlv = (id: string, value: string) => `${id}${String(value.length).padStart(2, "0")}${value}`;

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as four upper-case hex digits: the BR Code's field 63. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}
