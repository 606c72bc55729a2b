"""Which kind of page a file is, and which language its article is written in."""

from __future__ import annotations

import pytest
from converter.detect import (
    BITGET_LOCALES,
    MODEL_SAMPLE,
    SCRIPT_SAMPLE,
    article_language,
    bitget_locale,
    guess_language,
    has_grammar,
    known_language,
    language_of,
    normalise_tag,
    page_format,
)
from converter.grammar import GRAMMAR_DIR, load_grammar

EN = "Bitcoin slipped below $90,000 as Japanese bond yields climbed to their highest level since 2007."
JA = "日本国債の利回りが急上昇し、ビットコインは9万ドルを割り込んだ。"
ZH_CN = "香港立法会通过稳定币条例，这为发行人带来新的监管要求。"
ZH_TW = "聯準會降息後，比特幣價格這週說漲就漲，市場對此反應熱烈。"
KO = "비트코인 가격이 9만 달러 아래로 떨어졌다"
RU = "Биткоин упал ниже 90 000 долларов на фоне роста доходности японских облигаций."
AR = "انخفض سعر البيتكوين إلى ما دون 90 ألف دولار"


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html>\n<html lang=\"en\">",
        "<!doctype HTML><html>",
        "  \n<html lang=\"ja\"><head>",
        "<!-- saved from url=(0049)https://www.bitget.com/news/detail/1 -->\n<!DOCTYPE html>",
        "<!-- a --><!-- b -->\n<head><title>x</title>",
        "<body class=\"bg-body\">",
    ],
)
def test_saved_html_pages(start):
    assert page_format(start + "<p>Bitcoin fell.</p>") == "html"


@pytest.mark.parametrize(
    "start",
    [
        "Bitget App\nTrade smarter\n",
        "<p>A paragraph without a document around it</p>",
        "Tags like <html> in the text of a dump\n",
        "<htmlx>",
    ],
)
def test_text_dumps(start):
    assert page_format(start + EN) == "text"


def test_only_the_start_of_a_file_is_looked_at():
    """A file is HTML when it opens like HTML; its opening is its first 2000 characters."""
    assert page_format(" " * 1995 + "<html lang=\"en\"><body>") == "html"
    assert page_format(" " * 1996 + "<html lang=\"en\"><body>") == "text"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", "en"),
        ("EN_gb", "en"),
        ("ja-JP", "ja"),
        ("ja", "ja"),
        ("zh-Hans", "zh-CN"),
        ("zh_CN", "zh-CN"),
        ("zh", "zh-CN"),
        ("zh-Hant", "zh-TW"),
        ("zh-Hant-HK", "zh-TW"),
        ("ZH-tw", "zh-TW"),
        ("zh_HK", "zh-TW"),
        ("zh-MO", "zh-TW"),
        ("zh-TC", "zh-TW"),  # Bitget's own name for its Traditional Chinese locale
        ("tl", "fil"),
        ("fil-PH", "fil"),
        ("ph", "fil"),  # Bitget's Philippines locale echoed as a language
        ("en-PH", "en"),
        ("", ""),
    ],
)
def test_normalise_tag(tag, expected):
    assert normalise_tag(tag) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (EN, "en"),
        (JA, "ja"),
        (ZH_CN, "zh-CN"),
        (ZH_TW, "zh-TW"),
        (KO, "ko"),
        (RU, "ru"),
        (AR, "ar"),
        ("", "en"),
        ("2025/12/03 14:05 — 90,000", "en"),
    ],
)
def test_language_of_the_article_text(text, lang):
    assert language_of(text, load_grammar()) == lang


def test_leading_figures_and_spaces_do_not_stop_the_count():
    assert language_of("  2025 " + JA, load_grammar()) == "ja"


def test_a_japanese_article_is_mostly_kanji_with_some_kana():
    """Japanese writes many kanji per kana; one kana in twenty characters of Han is still Japanese."""
    grammar = load_grammar()
    assert language_of("の" + "国" * 20, grammar) == "ja"
    assert language_of("の" + "国" * 21, grammar) == "zh-CN"


def test_katakana_counts_as_kana():
    assert language_of("ビットコイン" + "価格" * 40, load_grammar()) == "ja"


def test_han_needs_more_than_a_quarter_of_the_latin_letters():
    """An English article quoting a few Chinese words stays English."""
    grammar = load_grammar()
    assert language_of("Upbit listing 比特币", grammar) == "en"  # 12 letters: 3 is not more than 3
    assert language_of("Upbit listin 比特币", grammar) == "zh-CN"  # 11 letters: 3 > 2


def test_hangul_needs_more_than_a_quarter_of_the_latin_letters():
    grammar = load_grammar()
    assert language_of("Upbit listing" + " 업비트", grammar) == "en"  # 12 letters: 3 is not more than 3
    assert language_of("Upbit listin" + " 업비트", grammar) == "ko"  # 11 letters: 3 > 2


def test_one_korean_word_in_english_is_english():
    assert language_of(EN + " (업비트)", load_grammar()) == "en"


def test_cyrillic_or_arabic_must_outnumber_latin():
    grammar = load_grammar()
    assert language_of("Bitcoin ETF Биткоин", grammar) == "en"  # 10 Latin, 7 Cyrillic
    assert language_of("ETF Биткоин", grammar) == "ru"
    assert language_of("Bitcoin ETF البيتكوين", grammar) == "en"
    assert language_of("ETF البيتكوين", grammar) == "ar"


def test_han_text_with_as_many_traditional_as_simplified_characters_is_simplified():
    grammar = load_grammar()
    assert language_of("这這", grammar) == "zh-CN"
    assert language_of("这這說", grammar) == "zh-TW"
    assert language_of("比特币价格上涨", grammar) == "zh-CN"


@pytest.mark.parametrize(
    ("declared", "text", "lang"),
    [
        ("en-US", EN, "en"),
        ("ja", EN, "en"),  # Bitget's Japanese locale carrying an English article
        ("en", JA, "ja"),
        ("zh-Hant", ZH_TW, "zh-TW"),
        ("zh-TW", ZH_CN, "zh-TW"),  # the declared variant wins when the language agrees
        ("zh-CN", JA, "ja"),
        ("", ZH_CN, "zh-CN"),
    ],
)
def test_declared_language_when_the_text_agrees(declared, text, lang):
    assert article_language(declared, text, load_grammar()) == lang


def test_letters_without_a_unicode_name_count_for_no_script():
    """Tangut ideographs are letters Python's unicodedata has no name for: they must not stop a page."""
    assert language_of("Bitcoin miners \U00017000\U00017001", load_grammar()) == "en"


# A paragraph of crypto news per language Bitget publishes in, written for these tests: English
# tickers and names mixed in, as the real articles have them.
PARAGRAPHS = {
    "en": "Bitcoin climbed above $98,000 on Tuesday after the SEC approved two more spot ETF "
    "applications. Analysts said inflows into BlackRock's IBIT fund could reach $5 billion this "
    "quarter. Meanwhile, Ethereum lagged behind, trading flat near $3,400.",
    "es": "Bitcoin superó los 98.000 dólares el martes después de que la SEC aprobara dos nuevos ETF "
    "al contado. Según los analistas, las entradas en el fondo IBIT de BlackRock podrían alcanzar "
    "los 5.000 millones este trimestre. Mientras tanto, Ethereum se quedó atrás.",
    "pt": "O Bitcoin subiu acima de US$ 98 mil na terça-feira, depois que a SEC aprovou mais dois ETFs "
    "à vista. Segundo analistas, os fluxos para o fundo IBIT da BlackRock podem chegar a US$ 5 "
    "bilhões neste trimestre. Enquanto isso, o Ethereum ficou para trás.",
    "fr": "Le Bitcoin a dépassé les 98 000 dollars mardi après que la SEC a approuvé deux nouveaux ETF "
    "au comptant. Selon les analystes, les flux vers le fonds IBIT de BlackRock pourraient "
    "atteindre 5 milliards de dollars. Pendant ce temps, l'Ethereum est resté à la traîne.",
    "de": "Bitcoin ist am Dienstag über 98.000 Dollar gestiegen, nachdem die SEC zwei weitere "
    "Spot-ETFs genehmigt hatte. Laut Analysten könnten die Zuflüsse in den IBIT-Fonds von BlackRock "
    "5 Milliarden Dollar erreichen. Ethereum hinkte hinterher.",
    "it": "Il Bitcoin è salito sopra i 98.000 dollari martedì, dopo che la SEC ha approvato altri due "
    "ETF spot. Secondo gli analisti, gli afflussi nel fondo IBIT di BlackRock potrebbero "
    "raggiungere i 5 miliardi di dollari. Nel frattempo Ethereum è rimasto indietro.",
    "tr": "Bitcoin, SEC'in iki yeni spot ETF başvurusunu onaylamasının ardından salı günü 98.000 "
    "doların üzerine çıktı. Analistlere göre BlackRock'un IBIT fonuna girişler bu çeyrekte 5 milyar "
    "dolara ulaşabilir. Bu sırada Ethereum geride kaldı.",
    "id": "Bitcoin naik di atas 98.000 dolar AS pada hari Selasa setelah SEC menyetujui dua ETF spot "
    "baru. Menurut para analis, arus masuk ke dana IBIT milik BlackRock bisa mencapai 5 miliar "
    "dolar. Sementara itu, Ethereum tertinggal.",
    "vi": "Bitcoin đã vượt mốc 98.000 USD vào thứ Ba sau khi SEC phê duyệt thêm hai quỹ ETF giao "
    "ngay. Theo các nhà phân tích, dòng vốn vào quỹ IBIT của BlackRock có thể đạt 5 tỷ USD. Trong "
    "khi đó, Ethereum tụt lại phía sau.",
    "pl": "Bitcoin wzrósł we wtorek powyżej 98 000 dolarów po tym, jak SEC zatwierdziła dwa kolejne "
    "spotowe ETF-y. Według analityków napływy do funduszu IBIT firmy BlackRock mogą sięgnąć 5 "
    "miliardów dolarów. Tymczasem Ethereum pozostał w tyle.",
    "fil": "Umakyat ang Bitcoin sa higit $98,000 noong Martes matapos aprubahan ng SEC ang dalawa pang "
    "spot ETF. Ayon sa mga analyst, maaaring umabot sa $5 bilyon ang pumapasok na pondo sa IBIT ng "
    "BlackRock. Samantala, naiwan ang Ethereum.",
    "ru": "Биткоин во вторник поднялся выше 98 000 долларов после того, как SEC одобрила ещё два "
    "спотовых ETF. По словам аналитиков, приток средств в фонд IBIT от BlackRock может достичь "
    "5 млрд долларов. Тем временем Ethereum отстал.",
    "uk": "Біткоїн у вівторок піднявся вище 98 000 доларів після того, як SEC схвалила ще два "
    "спотові ETF. За словами аналітиків, приплив коштів до фонду IBIT від BlackRock може сягнути "
    "5 млрд доларів. Тим часом Ethereum відстав.",
    "ja": "SECが新たに2本の現物ETFを承認したことを受け、ビットコインは火曜日に9万8000ドルを上回った。"
    "アナリストによると、BlackRockのIBITへの資金流入は50億ドルに達する可能性がある。"
    "一方、イーサリアムは3400ドル付近で横ばいとなった。",
    "zh-CN": "美国SEC再批准两只现货ETF后，比特币周二升破98000美元。分析师表示，贝莱德旗下IBIT基金"
    "本季度的资金流入可能达到50亿美元。与此同时，以太坊表现落后，在3400美元附近横盘整理。",
    "zh-TW": "美國SEC再批准兩檔現貨ETF後，比特幣週二漲破98000美元。分析師表示，貝萊德旗下IBIT基金"
    "本季度的資金流入可能達到50億美元。與此同時，以太坊表現落後，在3400美元附近橫盤整理。",
    "ko": "SEC가 현물 ETF 두 건을 추가로 승인하자 비트코인은 화요일 9만8000달러를 넘어섰다. "
    "분석가들은 블랙록의 IBIT 펀드 유입액이 이번 분기 50억 달러에 이를 수 있다고 말했다. "
    "한편 이더리움은 3400달러 부근에서 보합세를 보였다.",
    "th": "บิทคอยน์พุ่งขึ้นเหนือ 98,000 ดอลลาร์ในวันอังคาร หลังจาก SEC อนุมัติ ETF แบบสปอตเพิ่มอีกสองกองทุน "
    "นักวิเคราะห์ระบุว่าเงินไหลเข้ากองทุน IBIT ของ BlackRock อาจแตะ 5 พันล้านดอลลาร์ในไตรมาสนี้ "
    "ขณะเดียวกัน Ethereum เคลื่อนไหวทรงตัวใกล้ระดับ 3,400 ดอลลาร์",
    "ar": "ارتفع سعر البيتكوين فوق 98 ألف دولار يوم الثلاثاء بعد أن وافقت SEC على صندوقين جديدين من "
    "صناديق ETF الفورية. وقال محللون إن التدفقات إلى صندوق IBIT التابع لشركة BlackRock قد تصل إلى "
    "5 مليارات دولار. في المقابل، تراجع الإيثريوم.",
}


@pytest.mark.parametrize(("lang", "paragraph"), PARAGRAPHS.items(), ids=PARAGRAPHS)
def test_every_bitget_language_is_read_from_a_paragraph(lang, paragraph):
    guess = guess_language(paragraph, load_grammar())
    assert guess.lang == lang
    assert guess.sure


@pytest.mark.parametrize(("lang", "paragraph"), PARAGRAPHS.items(), ids=PARAGRAPHS)
def test_an_article_under_another_locale_is_labelled_by_its_text(lang, paragraph):
    """Bitget serves untranslated articles under every locale: the text decides, not the page."""
    other = "ja" if lang != "ja" else "en"
    assert article_language(other, paragraph, load_grammar()) == lang


@pytest.mark.parametrize("lang", ["it", "fil"])
def test_italian_and_filipino_are_never_english(lang):
    """They were labelled en when every Latin-script page was English: not from any sentence,
    nor from the first five or more words of one."""
    grammar = load_grammar()
    for sentence in PARAGRAPHS[lang].split(". "):
        words = sentence.split()
        for end in range(5, len(words) + 1):
            assert language_of(" ".join(words[:end]), grammar) == lang


def test_an_italian_article_on_a_page_declared_english_is_italian():
    assert article_language("en", PARAGRAPHS["it"], load_grammar()) == "it"
    assert article_language("en-US", PARAGRAPHS["fil"], load_grammar()) == "fil"


def test_a_japanese_article_full_of_english_tickers_is_japanese():
    text = "Bitcoin ETF: BlackRock IBIT, Fidelity FBTC, ARK 21Shares ARKB の資金流入が続いている。"
    assert language_of(text, load_grammar()) == "ja"


def test_an_english_article_quoting_a_chinese_name_is_english():
    quote = " Hong Kong's regulator, the SFC (證券及期貨事務監察委員會), declined to comment."
    text = PARAGRAPHS["en"] + quote
    assert article_language("", text, load_grammar()) == "en"


def test_a_russian_sentence_among_english_tickers_is_russian():
    """More Latin letters than Cyrillic, but the Latin ones are tickers the model cannot be sure of."""
    text = "Тем временем Ethereum отстал и торговался около 3400 долларов. BTC ETH SOL XRP USDT ETF SEC"
    assert language_of(text, load_grammar()) == "ru"


@pytest.mark.parametrize(
    ("declared", "text"),
    [
        ("it", "Bitcoin ETF"),  # tickers only
        ("fil", "Umakyat ang Bitcoin"),
        ("pt-BR", "O Bitcoin subiu"),  # three words: the model leans French
        ("uk", "Тим часом Ethereum"),
        ("es", "2025/12/03 14:05"),  # no letters at all
    ],
)
def test_short_text_falls_back_to_the_declared_language(declared, text):
    grammar = load_grammar()
    assert not guess_language(text, grammar).sure
    assert article_language(declared, text, grammar) == normalise_tag(declared)


def test_short_text_without_a_declared_language_is_the_best_guess():
    grammar = load_grammar()
    assert article_language("", "Umakyat ang Bitcoin", grammar) == "fil"
    assert article_language("", "Il Bitcoin è salito sopra", grammar) == "it"


def test_a_script_of_none_of_bitgets_languages_is_named_by_the_model_not_english():
    greek = "Το Bitcoin ανέβηκε πάνω από τα 98.000 δολάρια μετά την έγκριση της SEC."
    assert language_of(greek, load_grammar()) == "el"
    assert article_language("el", greek, load_grammar()) == "el"


def test_only_the_start_of_the_article_is_read():
    """Detection stays bounded on a long page: the language is read from its first characters."""
    grammar = load_grammar()
    assert MODEL_SAMPLE <= SCRIPT_SAMPLE
    italian = (PARAGRAPHS["it"] + "\n") * (SCRIPT_SAMPLE // len(PARAGRAPHS["it"]) + 1)
    assert language_of(italian + PARAGRAPHS["ja"] * 50, grammar) == "it"
    padding = "Bitcoin. " * (SCRIPT_SAMPLE // 9 + 1)
    assert language_of(padding + PARAGRAPHS["ja"], grammar) == "en"


@pytest.mark.parametrize(
    ("address", "lang"),
    [
        # addresses seen on Bitget and its mirrors
        ("https://www.bitget.com/ph/news/detail/12560604254673", "fil"),
        ("https://www.bitget.com/it/news/detail/12560604254926", "it"),
        ("https://www.bitget.com/zh-TC/news/detail/12560605309241", "zh-TW"),
        ("https://www.bitget.com/zh-TW/support", "zh-TW"),
        ("https://www.bitget.com/zh-CN/news/detail/1", "zh-CN"),
        ("https://www.bitget.com/es/news/detail/12560604583347", "es"),
        ("https://www.bitget.com/pt/spot/BTCUSDT", "pt"),
        ("https://www.bitget.com/vi/news/detail/1", "vi"),
        ("https://www.bitget.com/id/news", "id"),
        ("https://www.bitget.com/tr/support/articles/12560603781975", "tr"),
        ("https://www.bitget.com/ru/events/launchpool", "ru"),
        ("https://www.bitget.com/uk/events/poolx", "uk"),
        ("https://www.bitget.com/pl/support/articles/12560603798555", "pl"),
        ("https://www.bitget.com/ja/news/detail/1", "ja"),
        ("https://www.bitget.com/ko/news/detail/1", "ko"),
        ("https://web3.bitget.com/th/dapp/1", "th"),
        ("https://web3.bitget.com/ar/predictions/1", "ar"),
        ("https://www.bitget.com/fr/support/articles/12560603848109", "fr"),
        ("https://www.bitget.com/de/support/articles/12560603826506", "de"),
        ("https://www.bitget.com/news/detail/12560604254673", ""),  # English has no segment
        ("https://www.bitget.com/xx/news/detail/1", ""),
        ("https://itbitget.com/ph/news/detail/12560604254673", "fil"),  # a mirror
        ("https://cryptoslate.com/de/news/", ""),  # another site's path says nothing
        ("/ph/news/detail/1", "fil"),
        ("ph", "fil"),
        ("ZH-tc", "zh-TW"),
        ("", ""),
    ],
)
def test_bitget_url_locale(address, lang):
    assert bitget_locale(address) == lang


def test_every_bitget_locale_is_a_tag_the_detector_can_answer():
    """A page detected from its text and a page labelled from its URL end up in the same file name."""
    assert set(BITGET_LOCALES.values()) == set(PARAGRAPHS)


def test_has_grammar_looks_at_the_folder(tmp_path):
    assert has_grammar("en")
    assert has_grammar("zh-TW", GRAMMAR_DIR)
    assert not has_grammar("common.toml")
    assert not has_grammar("")
    (tmp_path / "it.toml").write_text('lang = "it"\n', encoding="utf-8")
    assert has_grammar("it", tmp_path)
    assert not has_grammar("fil", tmp_path)


@pytest.mark.parametrize("declared", ["x/../../../pages/about", "..", "constructor", "e\u0301n", "x" * 300])
def test_a_declared_language_that_is_no_known_code_is_ignored(declared):
    """The language names the article's file and keys lookups: it comes from a closed set."""
    assert article_language(declared, "Hi", load_grammar()) == article_language("", "Hi", load_grammar())
    assert known_language(article_language(declared, "Hi", load_grammar()))


def test_known_languages_are_the_grammars_the_locales_and_the_detectors():
    assert all(known_language(lang) for lang in ("en", "ja", "zh-CN", "zh-TW", "fil", "ko", "und"))
    assert known_language("el")  # py3langid knows Greek, though Bitget has no Greek locale
    assert not any(known_language(tag) for tag in ("common", "sites", "EN", "", "en-US", "__proto__"))
