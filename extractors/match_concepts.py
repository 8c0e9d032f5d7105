"""A multilingual concept lexicon: the words news uses for the events claims are made of.

Each concept ("send", "fighters", "deny" is in stance.py) lists folded word prefixes in the
languages the matcher reads (en, ru, fr, tr, ar, plus es, it, de where cheap). A claim's
concepts come from its statement and keywords; a sentence's from its words. Sharing concepts is
what lets "Ankara dispatched combatants" meet "Turkey sent fighters", and a Russian sentence
meet an English claim, without a model. The lists are general news vocabulary, not phrases of
any test item; extend them when a new claim needs a concept.
"""

from __future__ import annotations

import re

from extractors.text import fold

__all__ = ["CONCEPTS", "concepts_in", "warplanes_named"]

CONCEPTS: dict[str, list[str]] = {
    "send": ["send", "sent", "sending", "dispatch", "transfer", "transport", "moved", "moving",
             "deploy", "ship", "brought", "bringing", "flown", "flew", "airlift", "ferried",
             "importation", "importing", "imported", "relocat", "funnel",
             "отправ", "направ", "перебрас", "переброс", "доставл", "ввоз", "завоз",
             "envoy", "achemin", "depech", "deplo", "transfere", "fait venir",
             "gonder", "yolla", "sevk", "nakl", "tasi",
             "ارسل", "ارسال", "يرسل", "ترسل", "نقل", "ايفاد", "اوفد", "جلب",
             "envi", "traslad", "despleg", "inviat", "invia", "trasferi", "dispiegat",
             "geschickt", "schick", "entsandt", "verlegt", "verbracht"],
    "fighters": ["fighter", "mercenar", "militant", "jihadi", "combatant", "rebel", "gunm",
                 "radical", "islamist", "recruits", "shock troops", "militia",
                 "наемник", "боевик", "джихадист", "радикал", "исламист", "ополчен",
                 "combattant", "mercenaire", "djihadist", "milicien", "milice",
                 "savasci", "parali", "cihatci", "militan",
                 "مرتزق", "مقاتل", "جهادي", "مسلح",
                 "combatient", "yihadist", "combattent", "miliziani", "kampfer", "soldner",
                 "dschihadist"],
    "troops": ["troops", "soldier", "army", "armed forces", "servicem", "personnel",
               "войск", "солдат", "военнослуж", "арми", "troupe", "soldat", "armee",
               "asker", "ordu", "جنود", "قوات", "جيش", "tropa", "soldad", "ejercito",
               "truppe", "esercit", "truppen"],
    "recruit": ["recruit", "enlist", "signed up", "sign up", "sign-up", "register", "hire",
                "hiring", "broker", "lured", "contract",
                "вербов", "завербов", "нанима", "нанят", "рекрут", "recrut", "enrol",
                "devsir", "kaydol", "ise al", "تجنيد", "جند", "reclut", "arruol", "rekrut",
                "angeworben", "anwerb"],
    "extremist": ["terror", "jihad", "extremis", "radical", "islamist", "isis", "nusra",
                  "qaeda", "hayat tahrir", "террор", "экстремист", "радикал", "исламист",
                  "extremist", "teror", "radikal", "asiri", "ارهاب", "متطرف", "estremist",
                  "yihad", "dschihad", "djihad", "cihat"],
    "weapons": ["weapon", "arms", "armament", "munition", "missile", "artillery", "hardware",
                "harop", "loitering", "air-defence", "air defense", "cluster", "warplane",
                "оруж", "вооруж", "armes ", "arme ", "armement", "silah", "muhimmat", "اسلحه", "سلاح",
                "armas", "armamento", "armi ", "armamenti", "waffe", "rustung", "кассетн", "misket", "عنقودي"],
    "drone": ["drone", "uav", "bayraktar", "unmanned", "беспилот", "дрон", "insansiz", "siha",
              "مسيره", "طائرات بدون طيار", "درون", "dron", "drohne"],
    "supply": ["suppl", "provid", "sold to", "sold ", "sell", "sale", "deliver", "export", "purchas",
               "buy", "bought", "acquir", "source of", "постав", "продаж", "продал", "экспорт",
               "закуп", "fourni", "livr", "vend", "tedarik", "satis", "ihrac", "زود", "تزويد",
               "بيع", "صفق", "صادرات", "suministr", "export", "fornit", "fornitur", "esport",
               "liefer", "verkauf"],
    "confirm": ["confirm", "verif", "validity", "proven", "accurate", "credible", "correct",
                "true", "подтверд", "подтвержд", "dogrula", "teyit", "اكد", "صحه", "conferm",
                "bestatig"],
    "support": ["support", "backed", "backing", "assist", "help", "ally", "allied", "alliance",
                "поддерж", "помощ", "помог", "soutien", "soutenu", "soutenir", "aide", "destek",
                "yardim", "دعم", "مساعد", "apoy", "ayud", "sostegn", "sostenu", "aiut",
                "unterstutz", "hilfe"],
    "drills": ["drill", "exercise", "maneuver", "manoeuvr", "war game", "учени", "exercice",
               "tatbikat", "مناور", "تدريبات", "ejercicio", "maniobra", "esercitazion", "ubung",
               "manover", "turaz"],
    "training": ["train", "обуч", "подготов", "formation", "entrain", "egitim", "تدريب",
                 "entrenam", "addestr", "ausbild"],
    "warn": ["warn", "alert", "advisory", "caution", "threat", "risk", "danger", "reconsider",
             "предупред", "угроз", "опасн", "avert", "alerte", "menace", "risque", "uyar",
             "tehdit", "حذر", "تحذير", "تهديد", "خطر", "advert", "amenaz", "avvert", "allerta",
             "minacc", "droh", "gefahr"],
    "terror_attack": ["terrorist attack", "terror attack", "attacks", "abduct", "kidnap",
                      "plot", "теракт", "attentat", "terror saldir", "هجمات", "اعتداء",
                      "atentado", "attentat", "anschlag"],
    "embassy": ["embass", "diplomat", "consulat", "travel.state", "посольств", "дипмисси",
                "диплома", "ambassade", "buyukelci", "elcilik", "سفاره", "دبلوماس",
                "embajada", "ambasciat", "botschaft"],
    "attack": ["attack", "strike", "struck", "shell", "bomb", "fire", "firing", "opened fire",
               "rocket", "missile", "assault", "raid", "hit ",
               "обстрел", "удар", "атак", "ракет", "снаряд", "attaque", "frappe", "tir ",
               "bombard", "roquette", "saldir", "roket", "ates", "هجوم", "قصف", "صاروخ",
               "ataque", "atac", "cohete", "attacc", "razzo", "angriff", "beschuss", "rakete"],
    "casualties": ["kill", "dead", "death", "died", "casualt", "wound", "injur", "victim",
                   "погиб", "убит", "ранен", "жертв", "mort", "bless", "victime",
                   "oldu", "yarali", "yarala", "hayatini", "قتل", "مقتل", "جرح", "جريح", "اصاب",
                   "muert", "herid", "ferit", "uccis", "getotet", "verletzt"],
    "civilians": ["civilian", "citizen", "resident", "мирн", "граждан", "жител", "civil",
                  "habitant", "sivil", "مدني", "zivil"],
    "retaliate": ["retaliat", "revenge", "hit back", "respond", "возмезд", "ответн",
                  "represaill", "ripost", "misilleme", "karsilik", "انتقام", "الرد"],
    "flee": ["fled", "flee", "exodus", "displac", "refugee", "evacuat", "expel", "left ",
             "leave", "бежал", "беженц", "покинул", "исход", "fui", "fuir", "exode", "refugi",
             "kact", "goc", "multeci", "فر ", "فروا", "نزوح", "لاجئ", "huy", "exodo",
             "refugiad", "fugg", "esodo", "profug", "geflohen", "flucht",
             "abandon", "abbandon", "quitt", "lasciat", "verlass", "verließ", "terk et", "покида", "غادر"],
    "cleansing": ["cleans", "genocid", "чистк", "геноцид", "nettoyage", "temizli", "soykirim",
                  "تطهير", "limpieza", "pulizia", "sauberung"],
    "ethnic_armenians": ["ethnic armenian", "armenian population", "этнических армян",
                         "armeniens", "ermeni nufus", "الارمن"],
    "capture": ["captur", "seiz", "took control", "taken control", "take control", "offensive",
                "takeover", "retake", "blockade", "conquer", "stormed", "storming", "sealed off", "sealing off",
                "siege", "besieg", "захват", "наступлен", "блокад", "осад", "kusatma",
                "prise", "conquete", "offensive", "blocus", "ele gecir", "abluka", "سيطر",
                "حصار", "ofensiva", "offensiva", "eroberung"],
    "surrender": ["surrender", "dissol", "capitulat", "disband", "капитул", "сдал", "распуст",
                  "dissolu", "teslim", "feshet", "استسلام", "حل ", "resa ", "arrend", "sciol",
                  "sciogl", "rendicion", "disol", "kapitul", "auflos", "aufgelost"],
    "waiver": ["waiv", "exemption", "907", "set aside", "freedom support act", "отмен",
               "derogation", "muafiyet", "اعفاء", "exencion", "deroga"],
    "aid": ["aid", "assistance", "funding", "помощ", "aide", "yardim", "مساعد", "ayuda",
            "aiut", "hilfe"],
    "suspend": ["suspen", "ban on", "restrict", "halt", "freez", "prohibit", "limit", "blocked",
                "приостанов", "запрет", "огранич", "interdi", "askiya", "yasak", "kisitla",
                "تعليق", "حظر", "قيود", "aussetz", "verbot"],
    "praise": ["prais", "commend", "hail", "laud", "applaud", "salut", "похвал", "высоко оцен",
               "приветств", "felicit", "eloge", "ovdu", "ovgu", "takdir", "اشاد", "ثناء",
               "elogi", "lodat", "gelobt", "lobte"],
    "cooperation": ["cooperat", "co-operat", "partnership", "relation", "ties", "collaborat",
                    "integration", "сотрудничест", "связ", "отношен", "партнер", "partenar",
                    "lien", "isbirlig", "iliski", "ortaklik", "تعاون", "علاقات", "شراك",
                    "cooperacion", "cooperazion", "zusammenarbeit",
                    # rapprochement: "closer ties", "сближение", "se rapprocher", "yakınlaşma"
                    "rapproch", "сближ", "yakinlas", "تقارب", "acercamiento", "avvicinament",
                    "annaherung"],
    "condemn": ["condemn", "critic", "denounc", "accus", "charg", "blam", "lashed out", "slam",
                "осуд", "критик", "обвин", "condamn", "critiqu", "denonc", "kinad", "elestir",
                "suclad", "ادان", "انتقد", "اتهم", "conden", "acus", "condann", "verurteil",
                "kritis", "beschuldig"],
    "red_line": ["red line", "crossed", "красн", "ligne rouge", "kirmizi cizgi", "الخط الاحمر",
                 "linea roja", "linea rossa", "rote linie"],
    "inaction": ["silen", "mute", "inaction", "passiv", "fail", "reluct", "refrain", "dodg",
                 "evad", "sidestep", "unable", "inabilit", "unwilling", "turned a blind eye",
                 "did nothing", "done nothing", "doing nothing", "said nothing", "kept quiet",
                 "looked the other way", "looked away", "ignor",
                 "молчан", "бездейств", "уклон", "silence", "eluder", "eludi", "esquiv",
                 "sessiz", "kacamak", "صمت", "تقاعس", "تهرب", "silencio", "pasividad",
                 "silenzi", "elus", "schweig"],
    "frustration": ["frustrat", "disillusion", "disappoint", "confidence", "trust", "reliab",
                    "doubt", "dismay", "разочаров", "довер", "frustr", "deception", "confiance",
                    "hayal kirikli", "guven", "احباط", "ثقه", "confianz", "fiducia",
                    "vertrauen"],
    "credibility": ["credib", "undermin", "at stake", "reputation", "relevance", "integrity",
                    "eroded", "erode", "доверие", "авторитет", "credibilit", "itibar",
                    "مصداقي", "glaubwurd"],
    "alignment": ["align", "closer to", "rapprochement", "sphere of influence", "integration",
                  "drift", "distance", "pivot", "favour with", "favor with", "strengthen",
                  "сближ", "ориентац", "влияни", "rapproch", "yakinlas", "تقارب"],
    "pay": ["salar", "pay", "paid", "wage", "money", "dollar", "lira", "$", "earn", "income",
            "зарплат", "плат", "деньг", "заработ", "доллар", "salaire", "paye", "argent", "maas",
            "ucret", "راتب", "رواتب", "دولار", "اموال", "salario", "stipend", "geld", "verdien"],
    "poverty": ["povert", "poor", "destitut", "hardship", "no money", "unemploy", "бедност",
                "нищет", "pauvret", "misere", "yoksul", "فقر", "pobreza", "poverta", "armut"],
    "security_company": ["security compan", "security firm", "private military",
                         "contractor", "border guard", "guards", "охранн", "частн",
                         "пограничник", "securite", "guvenlik sirket", "شركه امن", "امنيه",
                         "seguridad", "sicurezza", "sicherheitsfirma"],
    "transit": ["transit", "route", "passed through", "made their way", "by way of",
                "через", "транзит", "passe par", "passes par", "passee par", "passees par",
                "passant par", "uzerinden", "aracilig", "gecerek", "عبر",
                "مرورا", "traves", "attraverso", "via "],
    "intelligence": ["intelligen", "spy", "spies", "развед", "renseignement", "istihbarat",
                     "استخبار", "مخابرات", "inteligencia", "geheimdienst"],
    "many": ["hundreds", "thousands", "dozens", "сотн", "тысяч", "десятк", "centaines",
             "milliers", "yuzlerce", "binlerce", "مئات", "الاف", "cientos", "centinaia",
             "hunderte", "tausende"],
    "probe": ["probe", "investig", "inquiry", "review", "расследов", "проверк", "enquete",
              "sorusturma", "inceleme", "تحقيق", "investigacion", "indagin", "untersuch"],
    "technology": ["technolog", "equipment", "optic", "sensor", "camera", "imaging",
                   "component", "wescam", "технолог", "оборудован", "equipement", "teknoloji",
                   "ekipman", "تكنولوجي", "تقني", "معدات", "tecnolog"],
    "ambassador": ["ambassador", "envoy", "recall", "посол", "посла", "отозва", "ambassadeur",
                   "rappel", "buyukelci", "geri cagir", "سفير", "استدعاء", "embajador",
                   "ambasciator", "botschafter"],
    "truce": ["truce", "ceasefire", "cease-fire", "armistice", "перемир", "прекращени огня",
              "treve", "cessez-le-feu", "ateskes", "هدن", "وقف اطلاق", "tregua", "waffenruhe"],
    "peace": ["peace", "agreement", "peace deal", "treaty", "talks", "negotiat",
              "normaliz", "peace settlement", "political settlement", "negotiated settlement", "declaration", "мир ", "мира", "соглашен", "переговор",
              "нормализ", "paix", "negoci", "pourparl", "baris", "anlasma", "muzakere",
              "سلام", "اتفاق", "مفاوض", "paz", "pace", "frieden"],
    "self_defence": ["self-defen", "self defen", "territorial integrity", "самооборон",
                     "legitime defense", "mesru mudafaa", "الدفاع عن النفس"],
    "cede": ["cede", "cession", "hand over", "handing over", "give up", "villages",
             "territor", "уступ", "территор", "ceder", "territoire", "devret", "koy",
             "topra", "التنازل", "قرى", "اراضي"],
    "phone_call": ["phone", "call with", "conversation", "телефон", "разговор",
                   "telephon", "entretien", "telefon", "gorus", "اتصال", "هاتف", "llamada",
                   "telefonat"],
    "concern": ["concern", "worr", "alarm", "raised", "обеспокоен", "озабочен", "тревог",
                "inquiet", "preoccup", "endise", "kaygi", "قلق", "preocup", "besorg"],
    "dominance": ["domin", "hegemon", "expansion", "ambition", "instabilit", "status quo",
                  "доминир", "гегемон", "hakimiyet", "هيمن", "dominio", "vorherrschaft"],
    "joint": ["joint", "jointly", "together", "co-chair", "minsk", "совместн", "conjoint",
              "ortak", "مشترك", "conjunt", "congiunt", "gemeinsam"],
    "volunteers": ["volunteer", "доброволь", "volontair", "gonullu", "متطوع", "voluntari",
                   "volontar", "freiwillig"],
    "admit": ["admit", "acknowledg", "conced", "openly", "признал", "признает", "reconn",
              "itiraf", "اعترف", "admiti", "ammess", "zugegeben"],
    "use": ["used", "using", "use of", "employ", "использ", "примен", "utilis", "emploi",
            "kullan", "استخدام", "استخدم", "utiliz", "usat", "eingesetzt"],
    "listed": ["listed", "designat", "banned", "proscrib", "blacklist", "запрещен",
               "interdit", "yasakli", "محظور", "prohibid", "verboten"],
    "escalation": ["escalat", "spiral", "wider war", "full-blown", "spill over", "proxy",
                   "эскалац", "escalade", "tirmanma", "تصعيد", "escalada", "escalation"],
    "money_amount": ["million", "billion", "млн", "миллион", "миллиард", "milliard", "milyon",
                     "milyar", "مليون", "مليار", "millon", "milioni", "milliarde"],
    "presence": ["presence", "stationed", "stayed on", "based in", "присутств",
                 "размещ", "varlig", "konuslan", "وجود", "انتشار", "presencia", "presenza",
                 "anwesenheit"],
    "comment": ["comment", "respond", "reaction", "react", "комментар", "commentaire",
                "yorum", "تعليق", "comentario", "commento", "kommentar"],
    # Relief, not arms: no claim of ours is about it, but it tells a window of aid apart from
    # a claim of military support (claims._humanitarian_aid_only).
    "humanitarian": ["humanitar", "relief aid", "relief suppl", "relief goods", "гуманитар",
                     "insani yardim", "انساني", "umanitar"],
}

_AR_PREFIX = "(?:[\u0648\u0641\u0628\u0644\u0643])?(?:\u0627\u0644)?"


def _compile() -> tuple[re.Pattern, dict[str, frozenset[str]]]:
    """One alternation of every cue (longest first), so a text is scanned once; each cue maps
    to the concepts of every cue it starts with ("terrorist attack" is also "terror")."""
    owners: dict[str, set[str]] = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            owners.setdefault(fold(word), set()).add(concept)
    cues = sorted(owners, key=len, reverse=True)
    meaning = {c: frozenset().union(*(owners[o] for o in owners if c.startswith(o))) for c in cues}
    alternation = "|".join(re.escape(c) for c in cues)
    return re.compile(r"(?<!\w)" + _AR_PREFIX + "(" + alternation + ")"), meaning


_PATTERN, _MEANING = _compile()


# Aircraft named after fighters are weapons, not fighters ("F-16 fighter-bombers", "fighter jets").
_AIRCRAFT = re.compile(r"(?<!\w)fighter[- ]?(?:jets?|bombers?|planes?|aircraft)|(?<!\w)avions? de chasse",
                       re.IGNORECASE)


def warplanes_named(text: str) -> str:
    """`text` with aircraft named after fighters called warplanes: what the embedding model
    reads too, since it takes "F-16 fighter-bombers" for the fighters that most claims of a
    war's mercenaries are about. A substring check first: these rare words are all it looks for."""
    return _AIRCRAFT.sub(" warplanes ", text) if "ighter" in text or "vion" in text else text


# The French "blessé" (wounded) is no English blessing ("with Ankara's blessing").
_BLESSING = re.compile(r"(?<!\w)bless(?:ed|ing|ings)?(?!\w)")


def concepts_in(text: str, folded: str | None = None) -> frozenset[str]:
    """Concepts whose words occur in `text` (word-initial prefix match on folded text)."""
    folded = fold(text) if folded is None else folded
    folded = warplanes_named(folded)
    if "bless" in folded:
        folded = _BLESSING.sub(" ", folded)
    found: set[str] = set()
    for m in _PATTERN.finditer(folded):
        found |= _MEANING[m.group(1)]
    return frozenset(found)
