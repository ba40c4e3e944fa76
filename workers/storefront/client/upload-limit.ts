// The evidence form's own size check: a file over the platform's limit is refused in the page, before it is sent.
// The gateway refuses a body over its 1 MiB itself, with JSON the browser would show as it is; smaller ones the
// console refuses too, but only after the upload.
import { kilobytes } from "../src/views/file-size";

/**
 * Watches the form's file input (its `data-max-bytes`): a file over it is marked invalid (the browser will not send
 * the form) and the field's error says why, in the words the server put in `data-too-large`.
 */
export function guardUpload(form: HTMLFormElement) {
  const input = form.querySelector<HTMLInputElement>("input[type=file][data-max-bytes]");
  if (!input) return;
  const max = Number(input.dataset.maxBytes);
  const error = document.getElementById(`${input.id}-error`);
  const check = () => {
    const file = input.files?.[0];
    const text = file && file.size > max ? (input.dataset.tooLarge ?? "").replace("{size}", kilobytes(file.size, document.documentElement.lang || "en")) : "";
    input.setCustomValidity(text);
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (error) {
      error.textContent = text;
      if (text) error.setAttribute("role", "alert");
      else error.removeAttribute("role");
    }
    return !text;
  };
  input.addEventListener("change", check);
  form.addEventListener("submit", (e) => {
    if (!check()) {
      e.preventDefault();
      input.focus();
    }
  });
}
