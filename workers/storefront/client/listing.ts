// The listing form's clearance preview: as the seller types, ask the console (same origin, session
// cookie) for the clearance the catalog will run, and show its findings (HTML the server rendered and escaped). Typing is never touched:
// a failed preview says so and the form still submits without this script.

const form = document.getElementById("listing-form") as HTMLFormElement | null;
const out = document.getElementById("clearance");
let timer: ReturnType<typeof setTimeout> | undefined;
let latest = 0;

async function preview() {
  if (!form || !out) return;
  const data = new FormData(form);
  const ask = ++latest;
  try {
    const res = await fetch("/console/clearance", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/html, application/json" },
      body: JSON.stringify({ brand: data.get("brand"), title: data.get("title"), markets: data.get("markets") }),
    });
    if (ask !== latest) return;
    if (res.ok) {
      out.innerHTML = await res.text();
      return;
    }
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    if (res.status === 401) out.replaceChildren(note(`${problem.detail ?? "Your session expired."} Copy your text, then sign in again.`));
    else out.replaceChildren(note(problem.detail ?? `The preview failed (${res.status}).`));
  } catch {
    if (ask === latest) out.replaceChildren(note("The preview could not reach the server; your text is kept, and saving still checks it."));
  }
}

function note(text: string) {
  const p = document.createElement("p");
  p.className = "notice";
  p.textContent = text;
  return p;
}

form?.addEventListener("input", (e) => {
  const name = (e.target as HTMLInputElement).name;
  if (name !== "brand" && name !== "title" && name !== "markets") return;
  clearTimeout(timer);
  timer = setTimeout(preview, 350);
});
