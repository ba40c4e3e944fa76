// The console's evidence pages: the upload form, which refuses a file over the platform's limit before sending
// it (upload-limit.ts), and an item's receipt, verified in the browser (receipt.ts).
import { verifyReceipt } from "./receipt";
import { guardUpload } from "./upload-limit";

const upload = document.querySelector<HTMLFormElement>("form[data-upload]");
const pageData = document.getElementById("page-data")?.textContent;
if (upload) guardUpload(upload);
if (pageData) verifyReceipt(pageData);
