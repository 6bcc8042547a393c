"""Deterministic generator growing the 386 demo expert-system cards to a realistic 30,000."""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

Article = dict[str, Any]

FIRST_GENERATED_ID = 100_001
# «во Владимирской области»: в becomes во before в/ф and a consonant.
_VO_RE = re.compile(r"(?<![а-яё])в (?=[ВФвф][^аеёиоуыэюяАЕЁИОУЫЭЮЯ\s])")

# Regional measures of the demo corpus grouped by kind, so each region gets one card per kind
# (the originals keep theirs) instead of one per original card.
REGIONAL_KINDS: dict[str, tuple[list[str], list[str]]] = {
    "pension_topup": (["KB-0331"], ["Региональная доплата к пенсии в {prep}"]),
    "birth_payment": (
        ["KB-0332", "KB-0334"],
        [
            "Региональное единовременное пособие при рождении ребёнка ({nom})",
            "Выплата молодой семье при рождении ребёнка в {prep}",
        ],
    ),
    "newborn_gift": (["KB-0333"], ["Подарочный набор для новорождённого в {prep}"]),
    "social_card": (
        ["KB-0335", "KB-0345", "KB-0347"],
        ["Социальная карта жителя {gen}: кто может получить и как оформить"],
    ),
    "longevity": (["KB-0336"], ["Программа активного долголетия для пенсионеров в {prep}"]),
    "large_family": (
        ["KB-0337", "KB-0362", "KB-0363", "KB-0364", "KB-0367"],
        ["Меры поддержки многодетных семей в {prep}", "Поддержка многодетных семей ({nom})"],
    ),
    "housing_subsidy": (
        ["KB-0338", "KB-0370"],
        ["Субсидия на оплату ЖКУ в {prep}: куда подать", "Субсидия на оплату ЖКУ ({nom})"],
    ),
    "family_capital": (
        ["KB-0339", "KB-0340", "KB-0341", "KB-0342", "KB-0343", "KB-0344"],
        [
            "Региональный материнский (семейный) капитал в {prep}",
            "Областной материнский капитал ({nom})",
        ],
    ),
    "where_to_apply": (
        ["KB-0346", "KB-0348", "KB-0349", "KB-0353", "KB-0354", "KB-0355", "KB-0356"],
        [
            "Куда обращаться за социальными выплатами в {prep}",
            "Органы социальной защиты {gen}: где подать заявление",
        ],
    ),
    "social_contract": (
        ["KB-0350", "KB-0351", "KB-0352"],
        ["Социальный контракт в {prep}: порядок подачи", "Социальный контракт ({nom})"],
    ),
    "labour_veteran": (
        ["KB-0357", "KB-0358", "KB-0359", "KB-0360"],
        ["Ветераны труда в {prep}: звание, выплаты и компенсации", "Звание «Ветеран труда {gen}»"],
    ),
    "capital_repair": (["KB-0361"], ["Компенсация взноса на капремонт пенсионерам в {prep}"]),
    "large_family_housing": (["KB-0365"], ["Компенсация расходов на ЖКУ многодетным в {prep}"]),
    "large_family_land": (["KB-0366"], ["Земельные участки многодетным семьям в {prep}"]),
    "home_care": (["KB-0368"], ["Надомное социальное обслуживание в {prep}"]),
    "social_taxi": (["KB-0369"], ["Социальное такси в {prep}"]),
}

# Words that tie an original regional card's sentence or keyword to its own region.
_SOURCE_REGION_RE = re.compile(
    r"моск|москв|петерб|питер|спб|казан|татар|свердл|екатер|екб|урал|краснод|кубан|новосиб|нсо|"
    r"сибир|башк|уф[аеуы]\b|\bрб\b|\bрт\b|ростов|\bдон\b|челяб|нижегор|нижн|\bнн\b|подмоск|"
    r"мособл|\bмо\b|лужков|гирц|рцмп|рцспн|скм|екп",
    re.IGNORECASE,
)

# Where a region's variant sends the citizen, by agency (dative case after «по»).
_OFFICES = {
    "ОСЗН": "органы социальной защиты населения {gen} и МФЦ",
    "Минтруд": "центры занятости населения {gen} (кадровые центры «Работа России»)",
    "Роструд": "Государственная инспекция труда в {prep}",
    "МСЭ": "Главное бюро медико-социальной экспертизы по {dat}",
    "СФР": "Отделение Социального фонда по {dat} и его клиентские службы",
    "Госуслуги": "центры обслуживания и МФЦ {gen}",
}

# Sub-questions operators really get about one topic; distractors that share its words.
ASPECTS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "{topic}: какие документы нужны",
        "Для обращения по вопросу «{topic_lc}» обычно нужны "
        "паспорт, СНИЛС и документы, подтверждающие право; часть сведений ведомство запрашивает "
        "само по межведомственным запросам.",
        {},
    ),
    (
        "{topic}: сроки рассмотрения заявления",
        "Заявление по вопросу «{topic_lc}» рассматривается "
        "в сроки, установленные регламентом услуги; срок считается с даты регистрации заявления, "
        "а при запросе дополнительных документов приостанавливается.",
        {},
    ),
    (
        "{topic}: как подать заявление через МФЦ",
        "Подать заявление по вопросу «{topic_lc}» можно "
        "в любом МФЦ «Мои документы»: специалист сканирует документы и передаёт их в ведомство, "
        "результат приходит в личный кабинет или выдаётся в МФЦ.",
        {},
    ),
    (
        "{topic} через Госуслуги: пошаговая инструкция",
        "На Госуслугах найдите услугу по запросу "
        "«{topic_lc}», заполните форму, прикрепите сканы и отправьте заявление; статус виден в "
        "разделе «Заявления». Нужна подтверждённая учётная запись.",
        {"agency": "Госуслуги", "category": "Заявления на Госуслугах"},
    ),
    (
        "{topic}: если пропущен срок подачи",
        "Если срок по вопросу «{topic_lc}» пропущен, "
        "заявление всё равно можно подать; выплаты за прошлый период назначаются только в "
        "случаях, прямо названных в законе, например при уважительной причине пропуска.",
        {},
    ),
    (
        "{topic}: порядок обжалования решения",
        "Решение по вопросу «{topic_lc}» можно обжаловать "
        "в вышестоящем органе в досудебном порядке, через Госуслуги или в суде; к жалобе "
        "прикладывают копию решения и документы в подтверждение своей позиции.",
        {},
    ),
    (
        "{topic}: что изменилось в 2026 году",
        "В 2026 году по вопросу «{topic_lc}» обновлены "
        "размеры и порядок подачи сведений; актуальную редакцию правил оператор сверяет с "
        "карточкой и сообщает гражданину дату вступления изменений в силу.",
        {},
    ),
    (
        "{topic} для опекунов и законных представителей",
        "Опекун или законный представитель "
        "обращается по вопросу «{topic_lc}» с документом, подтверждающим полномочия, и паспортом; "
        "заявление можно подать от имени подопечного лично, через МФЦ или Госуслуги.",
        {},
    ),
    (
        "{topic}: консультация по конкретному случаю",
        "Персональная консультация по вопросу "
        "«{topic_lc}» требует подтверждения личности и проводится специалистом второй линии, "
        "который видит сведения по делу гражданина.",
        {"line": 2, "requires_verification": True},
    ),
    (
        "{topic} при переезде в другой регион",
        "При переезде по вопросу «{topic_lc}» гражданин "
        "сообщает новый адрес; дело передаётся по новому месту жительства без повторного сбора "
        "документов, региональные меры назначаются заново по правилам нового региона.",
        {},
    ),
    (
        "{topic}: как получить справку",
        "Справку по вопросу «{topic_lc}» можно заказать в "
        "личном кабинете на Госуслугах или на сайте ведомства, в клиентской службе или МФЦ; "
        "электронная справка с подписью ведомства равна бумажной.",
        {},
    ),
    (
        "{topic} для участников СВО и членов их семей",
        "Участники СВО и члены их семей по "
        "вопросу «{topic_lc}» обслуживаются в приоритетном порядке; за дополнительными мерами "
        "поддержки они обращаются также в фонд «Защитники Отечества».",
        {},
    ),
    (
        "{topic}: можно ли оформить за родственника",
        "Оформить за родственника по вопросу "
        "«{topic_lc}» можно по нотариальной доверенности или доверенности, выданной на "
        "Госуслугах; представитель предъявляет свой паспорт.",
        {},
    ),
    (
        "{topic}: вопросы иностранных граждан",
        "Иностранные граждане, постоянно проживающие в "
        "России, по вопросу «{topic_lc}» обращаются на общих основаниях при наличии вида на "
        "жительство и СНИЛС, если международным договором не установлено иное.",
        {},
    ),
    (
        "{topic}: частые ошибки в заявлении",
        "Частые ошибки по вопросу «{topic_lc}»: неверные "
        "реквизиты счёта, не указаны все члены семьи, устаревшие паспортные данные; ошибку "
        "исправляют новым заявлением.",
        {},
    ),
    (
        "{topic}: памятка для оператора первой линии",
        "Оператор уточняет суть вопроса "
        "«{topic_lc}», сверяется с карточкой и при необходимости персональных данных переводит "
        "обращение на вторую линию, оформив эскалацию с историей.",
        {},
    ),
]

_ABBREVIATIONS = {
    "сфр",
    "пфр",
    "фсс",
    "мсэ",
    "тср",
    "ипра",
    "едв",
    "нсу",
    "жку",
    "мфц",
    "снилс",
    "ип",
    "элн",
    "этк",
    "илс",
    "ипк",
    "мрот",
    "сво",
    "цзн",
    "гит",
    "вбд",
    "нпд",
    "лпх",
    "ижс",
    "мск",
}


@dataclass
class Corpus:
    """Generated records and, for regional variants of a federal card, which card they vary."""

    records: list[Article]
    variant_of: dict[str, str] = field(default_factory=dict)


def _repo_resources() -> Path:
    return Path(__file__).resolve().parents[2] / "resources"


def _read_resource(*parts: str) -> str:
    try:
        return files("ekc_resources").joinpath(*parts).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return _repo_resources().joinpath(*parts).read_text(encoding="utf-8")


def load_base_articles() -> list[Article]:
    """The 386 hand-written demo cards."""
    text = _read_resource("kb", "articles.jsonl")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_region_names() -> list[str]:
    """The 85 region names, exactly as in resources/regions.json."""
    return [str(r["name_ru"]) for r in json.loads(_read_resource("regions.json"))["regions"]]


_CITY_FORMS = {
    "Москва": ("Москве", "Москвы", "Москве"),
    "Санкт-Петербург": ("Санкт-Петербурге", "Санкт-Петербурга", "Санкт-Петербургу"),
    "Севастополь": ("Севастополе", "Севастополя", "Севастополю"),
}
_NOUN_FORMS = {
    "область": ("области", "области", "области"),
    "край": ("крае", "края", "краю"),
    "округ": ("округе", "округа", "округу"),
    "республика": ("Республике", "Республики", "Республике"),
}


def _decline_word(word: str, case: int) -> str:
    noun = _NOUN_FORMS.get(word.lower())
    if noun is not None:
        return noun[case]
    if word.endswith("ая"):
        return word[:-2] + "ой"
    if word.endswith(("ий", "ый")):
        return word[:-2] + ("ом", "ого", "ому")[case]
    return word


def region_forms(name: str) -> dict[str, str]:
    """Nominative, prepositional, genitive and dative of an official region name."""
    if name in _CITY_FORMS:
        prep, gen, dat = _CITY_FORMS[name]
        return {"nom": name, "prep": prep, "gen": gen, "dat": dat}
    head = re.split(r" — | \(", name)[0]
    tail = name[len(head) :]
    words = head.split()
    forms: dict[str, str] = {"nom": name}
    for key, case in (("prep", 0), ("gen", 1), ("dat", 2)):
        if words[0] == "Республика":
            # «в Республике Татарстан»: only the word «Республика» changes.
            declined = [_NOUN_FORMS["республика"][case], *words[1:]]
        else:
            declined = [_decline_word(w, case) for w in words]
        forms[key] = " ".join(declined) + (tail if "(" in tail else "")
    return forms


def _short_name(name: str) -> str:
    """A lowercase everyday name of a region for keywords («тверская», «татарстан»)."""
    generic = {"республика", "область", "край", "автономный", "автономная", "округ"}
    head = re.split(r" — | \(", name)[0]
    words = [w for w in head.lower().split() if w not in generic]
    return " ".join(words) or head.lower()


def _localise_keyword(keyword: str, short: str) -> str:
    """Swap the words naming the original card's region for the new region's name."""
    words = keyword.split()
    kept = [w for w in words if not _SOURCE_REGION_RE.search(w)]
    return keyword if len(kept) == len(words) else " ".join([*kept, short])


def _topic(keyword: str) -> str:
    words = [w.upper() if w in _ABBREVIATIONS else w for w in keyword.split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _shift_date(base: str, rng: random.Random) -> str:
    day = date.fromisoformat(base) - timedelta(days=rng.randrange(0, 400))
    return day.isoformat()


class _Builder:
    def __init__(self, base: Sequence[Article], regions: Sequence[str], seed: int) -> None:
        self.base = list(base)
        self.by_id = {a["id"]: a for a in self.base}
        self.regions = list(regions)
        self.rng = random.Random(seed)
        self.next_id = FIRST_GENERATED_ID
        self.corpus = Corpus([dict(a) for a in self.base])

    def _new(self, template: Mapping[str, Any], **changes: Any) -> Article:
        record = dict(template)
        record.update(changes)
        for key in ("title", "answer"):
            record[key] = _VO_RE.sub("во ", str(record[key]))
        record["id"] = f"KB-{self.next_id}"
        record["updated_at"] = _shift_date(str(template["updated_at"]), self.rng)
        if record.get("line") == 2 and not record.get("escalate_to"):
            record["escalate_to"] = record["agency"]
        self.next_id += 1
        return record

    def regional_measures(self) -> list[Article]:
        """Each regional kind for every region that lacks it."""
        out: list[Article] = []
        for _kind, (ids, titles) in REGIONAL_KINDS.items():
            have = {self.by_id[i]["region"] for i in ids}
            for region in self.regions:
                if region in have:
                    continue
                source = self.by_id[self.rng.choice(ids)]
                forms = region_forms(region)
                short = _short_name(region)
                kept = [s for s in _sentences(source["answer"]) if not _SOURCE_REGION_RE.search(s)]
                office = _OFFICES.get(source["agency"], _OFFICES["ОСЗН"]).format(**forms)
                answer = " ".join(
                    [
                        f"Мера установлена законом {forms['gen']} и действует для жителей региона.",
                        *kept,
                        f"Заявление принимают {office}.",
                    ]
                )
                keywords = [_localise_keyword(k, short) for k in source["keywords"]]
                record = self._new(
                    source,
                    title=self.rng.choice(titles).format(**forms),
                    answer=answer,
                    keywords=list(dict.fromkeys(keywords)),
                    region=region,
                )
                out.append(record)
        return out

    def regional_variants(self) -> list[Article]:
        """Regional variants of federal cards that regional bodies apply with local rules."""
        share = {"ОСЗН": 1.0, "Минтруд": 1.0, "Роструд": 0.6, "МСЭ": 0.6, "СФР": 0.35}
        out: list[Article] = []
        for card in self.base:
            if card["region"] is not None or card["line"] != 1:
                continue
            p = share.get(card["agency"], 0.0)
            chosen = [r for r in self.regions if self.rng.random() < p]
            for region in chosen:
                forms = region_forms(region)
                title = str(card["title"])
                style = self.rng.randrange(3)
                if style == 0 and title.endswith("?"):
                    title = f"{title[:-1]} в {forms['prep']}?"
                elif style == 1:
                    title = f"{title} ({region})"
                else:
                    title = f"{title.rstrip('?')}: особенности в {forms['prep']}"
                office = _OFFICES.get(card["agency"], _OFFICES["ОСЗН"]).format(**forms)
                local = (
                    f"В {forms['prep']} обращения по этому вопросу принимают {office}. "
                    f"Региональные нормативы {forms['gen']} уточняйте на сайте регионального "
                    "органа власти: размеры региональных доплат и перечень документов могут "
                    "отличаться."
                )
                record = self._new(
                    card,
                    title=title,
                    answer=f"{card['answer']} {local}",
                    keywords=[*card["keywords"], f"{card['keywords'][0]} {_short_name(region)}"],
                    region=region,
                )
                self.corpus.variant_of[record["id"]] = str(card["id"])
                out.append(record)
        return out

    def aspect_variants(self, count: int, regional: Sequence[Article]) -> list[Article]:
        """Sub-questions about card topics: about a third on federal cards, the rest regional."""
        federal = [
            (card, aspect)
            for card in self.base
            if card["region"] is None
            for aspect in range(len(ASPECTS))
        ]
        self.rng.shuffle(federal)
        federal = federal[: min(count // 3, len(federal) // 2)]
        local = [(card, self.rng.randrange(len(ASPECTS))) for card in regional]
        self.rng.shuffle(local)
        out: list[Article] = []
        for card, aspect in [*federal, *local][:count]:
            title_t, answer_t, changes = ASPECTS[aspect]
            base = self.by_id.get(self.corpus.variant_of.get(card["id"], ""), card)
            core = str(base["title"]).removesuffix(f" ({card['region']})").rstrip("?")
            keyword = self.rng.choice(card["keywords"])
            title = title_t.format(topic=core)
            if card["region"] and card["region"] not in title:
                title = f"{title} ({card['region']})"
            first = _sentences(card["answer"])[:1]
            aspect_words = title_t.split(": ")[-1].replace("{topic}", "").strip()
            record = self._new(
                card,
                title=title,
                answer=" ".join([answer_t.format(topic_lc=keyword), *first]),
                keywords=[aspect_words, keyword],
                **changes,
            )
            out.append(record)
        return out


def build_corpus(size: int = 30_000, seed: int = 7) -> Corpus:
    """The demo corpus grown to `size` records, with the lineage of regional variants."""
    builder = _Builder(load_base_articles(), load_region_names(), seed)
    corpus = builder.corpus
    room = max(0, size - len(corpus.records))
    regional: list[Article] = []
    for batch in (builder.regional_measures(), builder.regional_variants()):
        taken = batch[:room]
        regional.extend(taken)
        room -= len(taken)
    corpus.records.extend(regional)
    corpus.records.extend(builder.aspect_variants(room, regional))
    kept = {r["id"] for r in corpus.records}
    corpus.variant_of = {k: v for k, v in corpus.variant_of.items() if k in kept}
    return corpus


def generate_corpus(size: int = 30_000, seed: int = 7) -> list[dict[str, Any]]:
    """The demo corpus grown to `size` realistic records; the originals keep their ids."""
    return build_corpus(size, seed).records


def main(argv: Sequence[str] | None = None) -> None:
    """Write the generated corpus as JSONL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    records = generate_corpus(args.size, args.seed)
    with args.output.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
