import { fold } from "./normalize";

/**
 * Ordinary English words as a listing uses them: everyday product and
 * listing vocabulary, and the common nouns, verbs and adjectives that brands
 * borrow as marks (APPLE, GAP, SHELL, COACH). Clearance uses it to tell a
 * word used in its dictionary sense from a mark used as a brand (see
 * `clearance.ts`). A curated list, not a full dictionary: a word missing here
 * is simply treated as a possible brand, which errs on the side of review.
 */
const WORDS = `
a about above across after again against air all along alpine amazon amber an and angel anchor apple apron arch
arctic arrow art as at atlas autumn baby back bag bake baking ball balance bamboo band bar base basket bass bath
battery beach beam bear beats bed bee beer bell belt bench berry best big bike bird black blade blanket blaze bloom
blue board boat body bolt bond bone book boot bottle bow bowl box boy brass bread breeze brick bright brush bubble
bucket buffalo bulb bull bus butter button cable cake camel camera camp can candle candy cap capital captain car
card care carpet case cast castle cat cedar chain chair champion charge charm chart check cherry chess chest chief
child chip circle city classic clay clean clear clip clock cloud clover coach coat cobra coffee coin cold color
comet compass converse cook cool copper coral cord corner corona cotton country court cover cow craft crane cream crest
crown crystal cube cup curve cushion cut daily daisy dart dash dawn day deck deep deer delta desert desk diamond
digital dino dish dock dog doll dolphin door dot double dove dragon dream dress drill drink drop drum duck dune
dust eagle earth easy echo edge egg elite ember energy engine envoy epic equal eve ever express eye fabric face
fair falcon family fan farm fast feather fence field fire fish fit flag flame flash fleet flight flint float flora
flower fluid fly foam fog folder food foot forest fork fortune fox frame free fresh friend frog frost fruit fuel fun
future galaxy game gap garden gate gear gem giant gift ginger girl glass globe glory glow go gold golden good
grace grand grape graphite grass gravity green grid grip guard guide gull hair hammer hand happy harbor harmony
harvest hat haven hawk head heart heat helix hero hide high hill hive holder home honey hook horizon horn horse
hot house hunter ice icon image impact infinity ink iron island ivory jack jade jaguar jar jet jewel joy juice
jump jungle key kid kind kindle king kit kitchen kite knife knight lab lace ladder lake lamp land laser leaf
legend lemon level liberty life light lily lime line linen lion little lock lodge loft lotus love lucky lunar
magic magnet maple marble marine mark market mars master matrix meadow medal mercury merit metal meteor
midnight mile milk mill mint mirror mission mist modern monarch monkey monster moon moss mother motion
mountain mouse mug music nail native nature navy nest net new nice night noble north nova oak ocean olive omega
one onyx open orange orbit orchid origin owl pace page paint palm panda panther paper paradise park path peach
peak pearl pebble pen pepper phantom phoenix phone piano pie pilot pine pink pioneer pixel planet plant plate
play plum plus pocket point polar polo pop port power premier pride prime prism pro pulse puma pure quest
quick quiet rabbit radiant rain rainbow ranger rapid raven ray rebel red reef regal rest rhino ribbon ridge
ring river road robin rock rocket rose round royal ruby sage sail salt sand saturn scout sea seal season seed
sense shadow shark sharp sheep shell shield ship shoe shore sierra signal silk silver simple sky slate smart
smile snow soap soft solar solid sonic soul sound space spark spice spirit sport spring sprite square star
steel stone storm strap stream summit sun sunrise super supreme swan sweet swift table tail tango target tea
tech tempo tiger tide timber titan toast today top torch tower toy track trail tree tribe trophy true tulip
turbo twin ultra union unity urban valley vanguard vans velvet venus vertex victory violet visa vision vista
vital vivid volt voyage wagon water wave way whale wheat wheel white wild willow wind wing winter wise wolf
wonder wood wool world yeti yoga zen zero zone
band bar bars bottle boots cap case charger clip cord cover cream dress glove gloves handbag holder hoodie jacket
jeans kids ladies laptop men mount pack pad pants pillow pouch purse roller running scarf set shirt shoes shorts
sleeve socks stand sticker strap sweater towel tray vest wallet watch women
`;

const LEXICON = new Set(WORDS.split(/\s+/).filter(Boolean).map(fold));

/** Whether a single word (any case, width or accents) is an ordinary dictionary word. */
export const isOrdinaryWord = (word: string): boolean => LEXICON.has(fold(word));
