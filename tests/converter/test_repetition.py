"""Chrome learned from a batch: what recurs on different articles goes, an article's own lines stay.

The pages follow the layout of Bitget's text dumps (scraped/bitget-en-coinspeaker-gold-record-
bitcoin-lags.txt: banner, tagline, nav, title twice, "<Source><Source><date>", "view original",
body, disclaimer) in Korean, a language the page grammar has no file for. No stored Korean
Bitget page exists (issue 23's corpus groups found none), so the Korean site strings are our own
translation of the English ones; the article sentences are our own.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from converter.batch import convert_all
from converter.cache import ConversionCache
from converter.inputs import find_inputs
from converter.metadata import Settings
from converter.repetition import frame_of, learn, line_key
from converter.topics import load_rules

SETTINGS = Settings(timezone=ZoneInfo("UTC"))
VIEW_ORIGINAL = "원문 보기"
DISCLAIMER = ("면책 조항: 본 기사의 내용은 작성자의 의견만을 반영하며 "
              "어떠한 경우에도 플랫폼의 입장을 대표하지 않습니다.")
HEADING = "시장 반응"
# The button under a promo in the page's tail (Bitget's Japanese pages print "今すぐロック" there).
BUTTON = "지금 잠그기"
ARTICLES = {
    "etf.txt": (
        "비트코인 현물 ETF, 사흘 연속 순유입 기록", "2025/03/02 10:00",
        "미국 비트코인 현물 ETF에 사흘 연속으로 자금이 들어오며 "
        "주간 순유입액이 다시 늘어났다고 운용사 자료가 보여 주었다.",
        "분석가들은 금리 인하 기대가 커지면서 기관 투자자들이 "
        "다시 위험 자산 비중을 늘리고 있다고 설명했다."),
    "staking.txt": (
        "이더리움 스테이킹 비율, 사상 최고치 경신", "2025/04/11 08:30",
        "이더리움 네트워크에 예치된 물량의 비율이 처음으로 "
        "전체 공급량의 3분의 1을 넘어섰다고 온체인 분석 업체가 밝혔다.",
        "업계에서는 출금 대기열이 짧아진 것이 장기 보유자의 "
        "참여를 늘린 배경이라는 해석이 나온다."),
    "defi.txt": (
        "솔라나 디파이 예치금, 한 달 만에 20% 증가", "2025/05/20 14:05",
        "솔라나 기반 탈중앙 금융 서비스에 맡겨진 자산 규모가 "
        "한 달 사이 크게 늘어 연중 최고 수준에 올랐다.",
        "새로 출시된 대출 프로토콜과 유동성 보상 프로그램이 "
        "신규 자금을 끌어들인 것으로 풀이된다."),
}
HEADER = "Bitget App\n더 스마트하게 거래하세요\n암호화폐 구매마켓거래선물Earn스퀘어더보기\n"


def korean_page(title: str, date: str, lead: str, second: str) -> str:
    return (f"{HEADER}{title}\n\n{title}\n\nCryptoSlateCryptoSlate{date}\n{VIEW_ORIGINAL}\n\n"
            f"{lead}\n\n{HEADING}\n\n{second}\n\n{DISCLAIMER}\n\n{BUTTON}\n")


def write(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(korean_page(*ARTICLES[name]), encoding="utf-8")
    return folder


def bodies(out: Path) -> dict[str, str]:
    """Each article's body (after the metadata header), by its title."""
    found = {}
    for path in out.rglob("*.md"):
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        found[head.splitlines()[0].removeprefix("Title: ")] = body
    return found


def run(pages: Path, out: Path, cache: ConversionCache | None = None) -> None:
    convert_all(find_inputs([pages]), out, load_rules(), SETTINGS, cache=cache)


def test_a_line_on_three_different_articles_is_learned():
    frames = [frame_of(korean_page(*article)) for article in ARTICLES.values()]
    taught = learn(frames)
    assert line_key(BUTTON) in taught
    assert line_key("Bitget App") in taught
    assert line_key(DISCLAIMER) not in taught  # as long as prose: never learned (see the attack test)


def test_two_articles_teach_nothing_and_copies_of_one_article_count_once():
    etf, staking, _ = (korean_page(*article) for article in ARTICLES.values())
    assert learn([frame_of(etf), frame_of(staking)]) == frozenset()
    assert learn([frame_of(etf), frame_of(etf), frame_of(staking)]) == frozenset()


def test_subheadings_and_lines_that_introduce_what_follows_are_never_learned():
    taught = learn(frame_of(korean_page(*article)) for article in ARTICLES.values())
    assert line_key(HEADING) not in taught  # between two paragraphs on every page
    pages = [  # the same lines in every page's tail, below its last paragraph
        f"{lead}\n{second}\n참여 방법:\n이벤트 기간\n2025/03/01 – 2025/03/31\n혜택 안내\n- 수수료 할인"
        for _, _, lead, second in ARTICLES.values()
    ]
    taught = learn(frame_of(page) for page in pages)
    for line in ("참여 방법:", "이벤트 기간", "혜택 안내", "2025/03/01 – 2025/03/31"):
        assert line_key(line) not in taught


def test_a_batch_drops_the_chrome_it_learned_and_a_page_alone_keeps_the_grammars_view(tmp_path):
    pages = write(tmp_path / "scraped", list(ARTICLES))
    run(pages, tmp_path / "batch")
    run(pages / "etf.txt", tmp_path / "alone")
    for title, body in bodies(tmp_path / "batch").items():
        assert BUTTON not in body, title
        assert f"## {HEADING}" in body, title
    alone = bodies(tmp_path / "alone")[ARTICLES["etf.txt"][0]]
    assert BUTTON in alone  # the grammar has no Korean button: alone, nothing says it is chrome


def test_pages_that_copy_an_articles_lines_cannot_cut_them_out_of_it(tmp_path):
    """Three attacker's pages repeat a real article's paragraphs, its subheading and a one-line
    paragraph, the short ones in their own frames (below their last paragraph), where they are
    learned: the article keeps every line, as they stand in its middle."""
    etf = ARTICLES["etf.txt"]
    short = "기관 수요가 돌아왔다"  # a one-line paragraph of the article, as short as a button
    pages = write(tmp_path / "scraped", ["etf.txt"])
    page = korean_page(*etf).replace(f"{HEADING}\n", f"{HEADING}\n\n{short}\n")
    (pages / "etf.txt").write_text(page, encoding="utf-8")
    for number in range(3):
        lead = (f"공격자 페이지 {'하나둘셋'[number]}의 첫 문단은 "
                "다른 기사와 겹치지 않도록 매번 다르게 쓴 긴 문장입니다.")
        copied = f"{HEADER}{lead}\n\n{etf[3]}\n\n{etf[2]}\n\n{HEADING}\n{short}\n"  # copies in its frame
        (pages / f"copy{number}.txt").write_text(copied, encoding="utf-8")
    run(pages, tmp_path / "batch")
    body = bodies(tmp_path / "batch")[etf[0]]
    for line in (etf[2], f"## {HEADING}", short, etf[3]):
        assert line in body, line


def test_a_page_is_converted_again_when_the_batch_teaches_it_new_chrome(tmp_path):
    cache_file, out = tmp_path / "cache.pickle", tmp_path / "content"
    pages = write(tmp_path / "scraped", ["etf.txt", "staking.txt"])
    run(pages, out, ConversionCache.load(cache_file, "fingerprint"))
    assert all(BUTTON in body for body in bodies(out).values())
    write(pages, ["defi.txt"])
    run(pages, out, ConversionCache.load(cache_file, "fingerprint"))
    found = bodies(out)
    assert len(found) == 3
    assert not any(BUTTON in body for body in found.values())
