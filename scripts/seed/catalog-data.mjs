// Facts the catalog seed is made of: markets, platform FX defaults, category restrictions, product templates.

/**
 * [country, name, currency, shelf prices include tax, standard VAT/GST in basis points, locales spoken].
 * US sales tax is set per state and added at checkout (0 here); Brazil has no single VAT (ICMS of São Paulo, 18 %).
 */
export const MARKETS = [
  ["US", "United States", "USD", false, 0, ["en-US", "es-US"]],
  ["CA", "Canada", "CAD", false, 500, ["en-CA", "fr-CA"]],
  ["MX", "Mexico", "MXN", true, 1600, ["es-MX"]],
  ["BR", "Brazil", "BRL", true, 1800, ["pt-BR"]],
  ["AR", "Argentina", "ARS", true, 2100, ["es-AR"]],
  ["CL", "Chile", "CLP", true, 1900, ["es-CL"]],
  ["CO", "Colombia", "COP", true, 1900, ["es-CO"]],
  ["DE", "Germany", "EUR", true, 1900, ["de-DE"]],
  ["FR", "France", "EUR", true, 2000, ["fr-FR"]],
  ["ES", "Spain", "EUR", true, 2100, ["es-ES", "ca-ES"]],
  ["IT", "Italy", "EUR", true, 2200, ["it-IT"]],
  ["NL", "Netherlands", "EUR", true, 2100, ["nl-NL"]],
  ["AT", "Austria", "EUR", true, 2000, ["de-AT"]],
  ["BE", "Belgium", "EUR", true, 2100, ["nl-BE", "fr-BE", "de-BE"]],
  ["GB", "United Kingdom", "GBP", true, 2000, ["en-GB"]],
  ["CH", "Switzerland", "CHF", true, 810, ["de-CH", "fr-CH", "it-CH"]],
  ["SE", "Sweden", "SEK", true, 2500, ["sv-SE"]],
  ["PL", "Poland", "PLN", true, 2300, ["pl-PL"]],
  ["SA", "Saudi Arabia", "SAR", true, 1500, ["ar-SA"]],
  ["AE", "United Arab Emirates", "AED", true, 500, ["ar-AE", "en-AE"]],
  ["KW", "Kuwait", "KWD", true, 0, ["ar-KW"]],
  ["BH", "Bahrain", "BHD", true, 1000, ["ar-BH"]],
  ["IL", "Israel", "ILS", true, 1800, ["he-IL", "ar-IL"]],
  ["TR", "Türkiye", "TRY", true, 2000, ["tr-TR"]],
  ["JP", "Japan", "JPY", true, 1000, ["ja-JP"]],
  ["CN", "China", "CNY", true, 1300, ["zh-Hans-CN"]],
  ["HK", "Hong Kong", "HKD", true, 0, ["zh-Hant-HK", "en-HK"]],
  ["TW", "Taiwan", "TWD", true, 500, ["zh-Hant-TW"]],
  ["KR", "South Korea", "KRW", true, 1000, ["ko-KR"]],
  ["SG", "Singapore", "SGD", true, 900, ["en-SG", "zh-Hans-SG"]],
  ["IN", "India", "INR", true, 1800, ["hi-IN", "en-IN"]],
  ["ID", "Indonesia", "IDR", true, 1200, ["id-ID"]],
  ["AU", "Australia", "AUD", true, 1000, ["en-AU"]],
  ["NZ", "New Zealand", "NZD", true, 1500, ["en-NZ"]],
];

/** Platform default FX: units per 1 USD (decimal strings, mid-market, rounded). */
export const FX_PER_USD = {
  USD: "1", CAD: "1.37", MXN: "18.5", BRL: "5.45", ARS: "1050", CLP: "940", COP: "4100",
  EUR: "0.92", GBP: "0.79", CHF: "0.88", SEK: "10.5", PLN: "3.95",
  SAR: "3.75", AED: "3.6725", KWD: "0.3075", BHD: "0.376", ILS: "3.7", TRY: "34",
  JPY: "151.5", CNY: "7.24", HKD: "7.8", TWD: "32.3", KRW: "1380", SGD: "1.34", INR: "83.5", IDR: "16200",
  AUD: "1.52", NZD: "1.66",
};

/** [country, category, why]: categories that may not be sold there. */
export const RESTRICTIONS = [
  ["SA", "alcohol", "sale of alcoholic beverages is prohibited"],
  ["KW", "alcohol", "sale of alcoholic beverages is prohibited"],
  ["SG", "e-cigarettes", "Tobacco (Control of Advertisements and Sale) Act bans e-cigarettes"],
  ["IN", "e-cigarettes", "Prohibition of Electronic Cigarettes Act, 2019"],
  ["BR", "e-cigarettes", "ANVISA RDC 855/2024 bans sale of e-cigarettes"],
  ["TW", "e-cigarettes", "Tobacco Hazards Prevention Act (2023) bans e-cigarettes"],
];

export const LOCALES = ["en", "de", "fr", "es", "pt-BR", "ja", "zh-Hans", "zh-Hant", "ar"];

/** Colour names per locale, in LOCALES order. */
export const COLOURS = [
  ["Black", "Schwarz", "Noir", "Negro", "Preto", "ブラック", "黑色", "黑色", "أسود"],
  ["White", "Weiß", "Blanc", "Blanco", "Branco", "ホワイト", "白色", "白色", "أبيض"],
  ["Blue", "Blau", "Bleu", "Azul", "Azul", "ブルー", "蓝色", "藍色", "أزرق"],
  ["Red", "Rot", "Rouge", "Rojo", "Vermelho", "レッド", "红色", "紅色", "أحمر"],
  ["Green", "Grün", "Vert", "Verde", "Verde", "グリーン", "绿色", "綠色", "أخضر"],
];

/**
 * Product templates: brand, category, base price (USD cents), [title, description] per locale in LOCALES order.
 */
export const PRODUCTS = [
  {
    brand: "Auralis", category: "electronics", usd: 24900,
    text: [
      ["Wireless Noise-Cancelling Headphones", "Over-ear headphones with adaptive noise cancelling and 30 hours of battery."],
      ["Kabellose Kopfhörer mit Geräuschunterdrückung", "Over-Ear-Kopfhörer mit adaptiver Geräuschunterdrückung und 30 Stunden Akkulaufzeit."],
      ["Casque sans fil à réduction de bruit", "Casque circum-auriculaire à réduction de bruit adaptative, 30 heures d'autonomie."],
      ["Auriculares inalámbricos con cancelación de ruido", "Auriculares de diadema con cancelación de ruido adaptativa y 30 horas de batería."],
      ["Fones de ouvido sem fio com cancelamento de ruído", "Fones over-ear com cancelamento de ruído adaptativo e 30 horas de bateria."],
      ["ワイヤレスノイズキャンセリングヘッドホン", "アダプティブノイズキャンセリング搭載、30時間再生のオーバーイヤーヘッドホン。"],
      ["无线降噪耳机", "头戴式耳机，自适应降噪，续航30小时。"],
      ["無線降噪耳機", "頭戴式耳機，自適應降噪，續航30小時。"],
      ["سماعات لاسلكية عازلة للضوضاء", "سماعات رأس بعزل ضوضاء تكيفي وبطارية تدوم 30 ساعة."],
    ],
  },
  {
    brand: "Kiln & Co", category: "kitchen", usd: 3200,
    text: [
      ["Ceramic Pour-Over Coffee Dripper", "Hand-glazed porcelain dripper for a clean, bright cup."],
      ["Keramik-Kaffeefilter zum Aufgießen", "Handglasierter Porzellanfilter für einen klaren, aromatischen Kaffee."],
      ["Cafetière filtre en céramique", "Dripper en porcelaine émaillée à la main pour une tasse nette et lumineuse."],
      ["Cafetera de goteo de cerámica", "Gotero de porcelana esmaltado a mano para una taza limpia y brillante."],
      ["Coador de café de cerâmica", "Coador de porcelana esmaltado à mão para uma xícara limpa e aromática."],
      ["陶器のハンドドリップコーヒードリッパー", "手作業で釉薬をかけた磁器製ドリッパー。クリアで華やかな味わい。"],
      ["陶瓷手冲咖啡滤杯", "手工上釉瓷质滤杯，冲出干净明亮的咖啡。"],
      ["陶瓷手沖咖啡濾杯", "手工上釉瓷質濾杯，沖出乾淨明亮的咖啡。"],
      ["قمع تقطير القهوة من السيراميك", "قمع من البورسلين المزجج يدويًا لفنجان قهوة صافٍ ومشرق."],
    ],
  },
  {
    brand: "Nordvik", category: "apparel", usd: 11900,
    text: [
      ["Merino Wool Sweater", "Fine-knit sweater in soft, breathable merino wool."],
      ["Pullover aus Merinowolle", "Feinstrickpullover aus weicher, atmungsaktiver Merinowolle."],
      ["Pull en laine mérinos", "Pull en maille fine, en laine mérinos douce et respirante."],
      ["Jersey de lana merino", "Jersey de punto fino en lana merino suave y transpirable."],
      ["Suéter de lã merino", "Suéter de tricô fino em lã merino macia e respirável."],
      ["メリノウールセーター", "柔らかく通気性の良いメリノウールのファインニットセーター。"],
      ["美利奴羊毛衫", "柔软透气的美利奴羊毛细针织毛衣。"],
      ["美麗諾羊毛衫", "柔軟透氣的美麗諾羊毛細針織毛衣。"],
      ["كنزة من صوف المارينو", "كنزة محبوكة بدقة من صوف المارينو الناعم والمسامي."],
    ],
  },
  {
    brand: "Trailhead", category: "outdoors", usd: 3500,
    text: [
      ["Insulated Stainless Steel Water Bottle", "Keeps drinks cold for 24 hours or hot for 12."],
      ["Isolierte Trinkflasche aus Edelstahl", "Hält Getränke 24 Stunden kalt oder 12 Stunden heiß."],
      ["Gourde isotherme en acier inoxydable", "Garde les boissons froides 24 heures ou chaudes 12 heures."],
      ["Botella térmica de acero inoxidable", "Mantiene las bebidas frías 24 horas o calientes 12 horas."],
      ["Garrafa térmica de aço inoxidável", "Mantém bebidas geladas por 24 horas ou quentes por 12."],
      ["真空断熱ステンレスボトル", "冷たい飲み物は24時間、温かい飲み物は12時間キープ。"],
      ["不锈钢保温水瓶", "冷饮保冷24小时，热饮保温12小时。"],
      ["不鏽鋼保溫水瓶", "冷飲保冷24小時，熱飲保溫12小時。"],
      ["زجاجة ماء معزولة من الفولاذ المقاوم للصدأ", "تحافظ على برودة المشروبات 24 ساعة أو سخونتها 12 ساعة."],
    ],
  },
  {
    brand: "Folio", category: "stationery", usd: 2800,
    text: [
      ["Leather-Bound Notebook", "A5 notebook with a full-grain leather cover and 192 dotted pages."],
      ["Notizbuch mit Ledereinband", "A5-Notizbuch mit Vollledereinband und 192 gepunkteten Seiten."],
      ["Carnet relié en cuir", "Carnet A5 à couverture en cuir pleine fleur, 192 pages pointillées."],
      ["Cuaderno encuadernado en piel", "Cuaderno A5 con tapa de piel plena flor y 192 páginas punteadas."],
      ["Caderno com capa de couro", "Caderno A5 com capa de couro integral e 192 páginas pontilhadas."],
      ["革装丁ノート", "フルグレインレザーカバーのA5ノート、ドット罫192ページ。"],
      ["真皮封面笔记本", "A5笔记本，全粒面皮革封面，192页点阵内页。"],
      ["真皮封面筆記本", "A5筆記本，全粒面皮革封面，192頁點陣內頁。"],
      ["دفتر بغلاف جلدي", "دفتر بحجم A5 بغلاف من الجلد الطبيعي و192 صفحة منقطة."],
    ],
  },
  {
    brand: "Bodega Alta", category: "alcohol", usd: 2400,
    text: [
      ["Rioja Reserva Red Wine", "Tempranillo aged 36 months, 18 of them in oak barrels."],
      ["Rioja Reserva Rotwein", "Tempranillo, 36 Monate gereift, davon 18 im Eichenfass."],
      ["Vin rouge Rioja Reserva", "Tempranillo élevé 36 mois, dont 18 en fût de chêne."],
      ["Vino tinto Rioja Reserva", "Tempranillo con 36 meses de crianza, 18 de ellos en barrica de roble."],
      ["Vinho tinto Rioja Reserva", "Tempranillo envelhecido 36 meses, 18 deles em barris de carvalho."],
      ["リオハ・レセルバ 赤ワイン", "36か月熟成（うちオーク樽18か月）のテンプラニーリョ。"],
      ["里奥哈珍藏红葡萄酒", "丹魄葡萄陈酿36个月，其中18个月在橡木桶中。"],
      ["里奧哈珍藏紅葡萄酒", "田帕尼優葡萄陳釀36個月，其中18個月在橡木桶中。"],
      ["نبيذ أحمر ريوخا ريزيرفا", "تمبرانيو معتق 36 شهرًا منها 18 في براميل البلوط."],
    ],
  },
  {
    brand: "Vapora", category: "e-cigarettes", usd: 3900,
    text: [
      ["E-Cigarette Starter Kit", "Refillable pod device with USB-C charging."],
      ["E-Zigaretten-Starterset", "Nachfüllbares Pod-System mit USB-C-Ladung."],
      ["Kit de démarrage cigarette électronique", "Pod rechargeable avec charge USB-C."],
      ["Kit de inicio de cigarrillo electrónico", "Dispositivo de cápsulas recargable con carga USB-C."],
      ["Kit inicial de cigarro eletrônico", "Dispositivo de pods recarregável com carregamento USB-C."],
      ["電子タバコ スターターキット", "USB-C充電対応のリフィル式ポッドデバイス。"],
      ["电子烟入门套装", "可补充烟弹设备，USB-C充电。"],
      ["電子菸入門套裝", "可補充菸彈裝置，USB-C充電。"],
      ["مجموعة السيجارة الإلكترونية للمبتدئين", "جهاز بخراطيش قابلة لإعادة التعبئة وشحن USB-C."],
    ],
  },
  {
    brand: "Stride", category: "footwear", usd: 13000,
    text: [
      ["Lightweight Running Shoes", "Breathable mesh upper and responsive foam for daily training."],
      ["Leichte Laufschuhe", "Atmungsaktives Mesh-Obermaterial und reaktionsfreudiger Schaum für das tägliche Training."],
      ["Chaussures de course légères", "Tige en mesh respirant et mousse réactive pour l'entraînement quotidien."],
      ["Zapatillas de running ligeras", "Empeine de malla transpirable y espuma reactiva para el entrenamiento diario."],
      ["Tênis de corrida leve", "Cabedal em mesh respirável e espuma responsiva para treinos diários."],
      ["軽量ランニングシューズ", "通気性の良いメッシュアッパーと反発力のあるフォームで毎日のトレーニングに。"],
      ["轻量跑鞋", "透气网面鞋面，回弹泡棉中底，适合日常训练。"],
      ["輕量跑鞋", "透氣網面鞋面，回彈泡棉中底，適合日常訓練。"],
      ["حذاء جري خفيف الوزن", "جزء علوي شبكي جيد التهوية ورغوة مرنة للتدريب اليومي."],
    ],
  },
];
