/** What a warning letter cites. */
export interface LetterFacts {
  date: string;
  infringer: string;
  owner: string;
  mark: string;
  rightKind: string;
  jurisdiction: string;
  registrationNumber: string;
  listingUrl?: string;
  platform?: string;
  evidence: { sha256: string; leafHash: string; index: number; url: string | null; capturedAt: string | null }[];
  ledger: { treeSize: number; rootHash: string };
  replyBy: string;
}

interface Template {
  subject: (f: LetterFacts) => string;
  body: (f: LetterFacts, evidence: string) => string;
  evidenceLine: (e: LetterFacts["evidence"][number]) => string;
}

const where = (f: LetterFacts, onPlatform: string) => (f.listingUrl ? `${f.listingUrl}${f.platform ? ` (${onPlatform} ${f.platform})` : ""}` : (f.platform ?? "—"));

/** Warning-letter templates by language; a letter goes out in the infringer's language when there is one. */
const TEMPLATES: Record<string, Template> = {
  en: {
    subject: (f) => `Infringement of ${f.rightKind} "${f.mark}" (${f.jurisdiction} ${f.registrationNumber})`,
    evidenceLine: (e) => `- SHA-256 ${e.sha256}, ledger entry ${e.index} (leaf ${e.leafHash})${e.url ? `, captured from ${e.url}` : ""}${e.capturedAt ? ` on ${e.capturedAt}` : ""}`,
    body: (f, evidence) => `${f.date}

Dear ${f.infringer},

We act for ${f.owner}, owner of the ${f.rightKind} "${f.mark}", registered in ${f.jurisdiction} under number ${f.registrationNumber}.

Your offer at ${where(f, "on")} uses this right without authorisation. The following evidence has been recorded in a tamper-evident ledger (tree of ${f.ledger.treeSize} entries, root ${f.ledger.rootHash}):
${evidence}

We ask you to remove the offer, stop any further use of the sign and confirm this in writing by ${f.replyBy}. Otherwise we will pursue the matter without further notice.

Sincerely,
${f.owner}`,
  },
  de: {
    subject: (f) => `Verletzung des Schutzrechts „${f.mark}“ (${f.jurisdiction} ${f.registrationNumber})`,
    evidenceLine: (e) => `- SHA-256 ${e.sha256}, Ledger-Eintrag ${e.index} (Blatt ${e.leafHash})${e.url ? `, erfasst von ${e.url}` : ""}${e.capturedAt ? ` am ${e.capturedAt}` : ""}`,
    body: (f, evidence) => `${f.date}

Sehr geehrte Damen und Herren (${f.infringer}),

wir vertreten ${f.owner}, Inhaberin des Schutzrechts „${f.mark}“, eingetragen in ${f.jurisdiction} unter der Nummer ${f.registrationNumber}.

Ihr Angebot unter ${where(f, "auf")} nutzt dieses Recht ohne Zustimmung. Folgende Beweise sind in einem manipulationssicheren Ledger festgehalten (Baum mit ${f.ledger.treeSize} Einträgen, Wurzel ${f.ledger.rootHash}):
${evidence}

Wir fordern Sie auf, das Angebot zu entfernen, jede weitere Benutzung zu unterlassen und dies bis zum ${f.replyBy} schriftlich zu bestätigen. Andernfalls werden wir ohne weitere Ankündigung rechtliche Schritte einleiten.

Mit freundlichen Grüßen
${f.owner}`,
  },
  fr: {
    subject: (f) => `Atteinte au droit « ${f.mark} » (${f.jurisdiction} ${f.registrationNumber})`,
    evidenceLine: (e) => `- SHA-256 ${e.sha256}, entrée ${e.index} du registre (feuille ${e.leafHash})${e.url ? `, capturée sur ${e.url}` : ""}${e.capturedAt ? ` le ${e.capturedAt}` : ""}`,
    body: (f, evidence) => `${f.date}

Madame, Monsieur (${f.infringer}),

Nous représentons ${f.owner}, titulaire du droit « ${f.mark} », enregistré en ${f.jurisdiction} sous le numéro ${f.registrationNumber}.

Votre offre à l'adresse ${where(f, "sur")} exploite ce droit sans autorisation. Les preuves suivantes sont consignées dans un registre infalsifiable (arbre de ${f.ledger.treeSize} entrées, racine ${f.ledger.rootHash}) :
${evidence}

Nous vous mettons en demeure de retirer l'offre, de cesser tout usage du signe et de nous le confirmer par écrit avant le ${f.replyBy}. À défaut, nous engagerons des poursuites sans autre préavis.

Veuillez agréer nos salutations distinguées.
${f.owner}`,
  },
  es: {
    subject: (f) => `Infracción del derecho «${f.mark}» (${f.jurisdiction} ${f.registrationNumber})`,
    evidenceLine: (e) => `- SHA-256 ${e.sha256}, entrada ${e.index} del registro (hoja ${e.leafHash})${e.url ? `, capturada en ${e.url}` : ""}${e.capturedAt ? ` el ${e.capturedAt}` : ""}`,
    body: (f, evidence) => `${f.date}

Estimados señores (${f.infringer}):

Representamos a ${f.owner}, titular del derecho «${f.mark}», registrado en ${f.jurisdiction} con el número ${f.registrationNumber}.

Su oferta en ${where(f, "en")} utiliza este derecho sin autorización. Las siguientes pruebas constan en un registro a prueba de manipulaciones (árbol de ${f.ledger.treeSize} entradas, raíz ${f.ledger.rootHash}):
${evidence}

Les requerimos que retiren la oferta, cesen todo uso del signo y lo confirmen por escrito antes del ${f.replyBy}. En caso contrario, iniciaremos acciones legales sin más aviso.

Atentamente,
${f.owner}`,
  },
  zh: {
    subject: (f) => `关于侵犯“${f.mark}”权利的警告函（${f.jurisdiction} ${f.registrationNumber}）`,
    evidenceLine: (e) => `- SHA-256 ${e.sha256}，账本条目 ${e.index}（叶哈希 ${e.leafHash}）${e.url ? `，取自 ${e.url}` : ""}${e.capturedAt ? `，时间 ${e.capturedAt}` : ""}`,
    body: (f, evidence) => `${f.date}

${f.infringer}：

我方代表 ${f.owner}。该方为“${f.mark}”的权利人，已在 ${f.jurisdiction} 注册，注册号 ${f.registrationNumber}。

贵方在 ${where(f, "平台")} 的商品未经授权使用了上述权利。以下证据已记录在防篡改账本中（共 ${f.ledger.treeSize} 条，根哈希 ${f.ledger.rootHash}）：
${evidence}

请贵方立即下架相关商品，停止一切使用行为，并于 ${f.replyBy} 前书面确认。否则我方将不再另行通知，直接采取法律行动。

${f.owner}`,
  },
};

export const LETTER_LANGUAGES = Object.keys(TEMPLATES);

/** The template language for a BCP 47 tag: its primary language when a template exists, else English. */
export function letterLanguage(tag?: string): string {
  const primary = tag?.toLowerCase().split("-")[0];
  return primary && primary in TEMPLATES ? primary : "en";
}

/** Renders the warning letter in `language` (see `letterLanguage`). */
export function renderLetter(facts: LetterFacts, language: string): { language: string; subject: string; body: string } {
  const t = TEMPLATES[language] ?? TEMPLATES.en!;
  return { language, subject: t.subject(facts), body: t.body(facts, facts.evidence.map(t.evidenceLine).join("\n")) };
}
