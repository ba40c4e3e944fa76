/**
 * The id an Adyen notification is deduplicated by: its event code, PSP reference and success, as Adyen advises. The
 * buyer's return (`/payments/details`) records its result under the id of the AUTHORISATION it stands for, so that
 * notification, before or after, is a duplicate of it and moves nothing more.
 */
export const adyenEventId = (eventCode: string, pspReference: string, success: string) => `${eventCode}:${pspReference}:${success}`;
