"""A deterministic synthetic corpus of Vietnamese foreign-affairs news, in the seeds' style.

Usage: .venv/bin/python benchmarks/synthetic.py N DIR [--seed S]

Each article is what a scraped news page leaves in `seeds/`: sometimes a section label, a
headline, a dateline lead ("Chiều 20/2/2023, tại …"), 5–25 paragraphs of news length, photo
captions ending "(Ảnh: X)", now and then an ALL-CAPS or plain sub-heading, a byline or an
agency credit, and sometimes page furniture after the story ("BÌNH LUẬN", "Tin cùng chuyên
mục"). The people are composed from the family names of generator/data/people.yml and the
middle and given names below (people.yml lists no given names), each with a title and an
organisation ("Phó Chủ tịch UBND tỉnh X", "Giám đốc Sở Ngoại vụ tỉnh X", "Đại sứ Y tại Việt
Nam"); provinces and partners come from generator/data/provinces.yml and partners.yml, by
name and by their variants; dates are spread over 2015–2026.

A corpus holds a pool of people that grows with its size (officials recur across the
articles of a province, a few of them often), so entity pages grow as they would.
The same seed and size give a byte-identical corpus: one `random.Random` drives everything,
the data files are read in their own order, and files are written as UTF-8 with `\\n`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "generator" / "data"
DEFAULT_SEED = 20260223
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)

# people.yml has family names only; these are common Vietnamese middle and given names.
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Xuân", "Ngọc", "Công", "Đình", "Trọng", "Bá",
               "Khánh", "Hoàng", "Tuấn", "Mạnh", "Quốc", "Việt", "Hải", "Anh", "Thế", "Tiến", "Chí", "Phú"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Thúy", "Ngọc", "Hồng", "Kim", "Thanh", "Minh", "Phương", "Bích",
                 "Lan", "Mai", "Diệu", "Khánh", "Hoài", "Hải", "Tuyết", "Quỳnh"]
GIVEN_MALE = ["Hùng", "Sơn", "Hải", "Dũng", "Thắng", "Trung", "Thông", "Hiếu", "Vinh", "Quý", "Thục", "Ninh",
              "Long", "Nam", "Bình", "Cường", "Đạt", "Phong", "Tùng", "Quân", "Hưng", "Khôi", "Lâm", "Lộc",
              "Nghĩa", "Phúc", "Tâm", "Thành", "Toàn", "Trí", "Tú", "Tuấn", "Việt", "Vũ", "Chiến", "Hòa",
              "Huy", "Kiên", "Luân", "Mạnh", "Nhân", "Quang", "Sang", "Tài", "Thái", "Thịnh", "Thuận", "Tiến"]
GIVEN_FEMALE = ["Hằng", "Lan", "Hương", "Mai", "Ngọc", "Anh", "Hà", "Linh", "Trang", "Thảo", "Huyền", "Nga",
                "Nhung", "Oanh", "Phương", "Quyên", "Thủy", "Trinh", "Vân", "Yến", "Hạnh", "Loan", "Dung",
                "Giang", "Hiền", "Liên", "My", "Nhàn", "Thư", "Uyên", "Xuân", "Hoa"]
# Given names of foreign officials, by naming tradition (partners.yml ids of the countries).
FOREIGN_NAMES = {
    "lao": (["Khamphao", "Sonexay", "Bounthong", "Vilay", "Phouthone", "Khamla", "Saysomphone", "Thongsavanh"],
            ["Ernthavanh", "Siphandone", "Phommachanh", "Keovongsa", "Sisoulath", "Vongsay", "Inthavong"]),
    "campuchia": (["Sok", "Chea", "Hun", "Men", "Prak", "Ouk", "Kong", "Say"],
                  ["Sophal", "Vanna", "Sokhom", "Rithy", "Dara", "Channy", "Vuthy"]),
    "han-quoc": (["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon"],
                 ["Min-jun", "Seo-yeon", "Ji-ho", "Hyun-woo", "Soo-ah", "Jae-sung", "Young-hee"]),
    "nhat-ban": (["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura"],
                 ["Hiroshi", "Takeshi", "Yuki", "Kenji", "Naoko", "Shinichi", "Aiko"]),
    "*": (["John", "Maria", "Peter", "Anna", "Michael", "Sarah", "Thomas", "Laura", "David", "Elena"],
          ["Smith", "Müller", "Dubois", "Rossi", "Johnson", "Novak", "Andersen", "García", "Petrov", "Wilson"]),
}
PHOTOGRAPHERS = ["Anh Sơn", "Tuấn Anh", "Lâm Khánh/TTXVN", "Thu Hà", "Minh Quân", "CTV", "PV", "Hải Yến",
                 "Quang Hòa", "Ngọc Lan", "Đức Anh", "Thành Cường", "Phạm Bằng", "Văn Thịnh"]
BYLINES = ["Thu Hà", "Minh Quân", "Nhóm PV", "Bài và ảnh: Hải Yến", "An Chu", "Thành Cường",
           "Quang Hòa - Ngọc Lan", "(TTXVN/Vietnam+)", "Theo Báo Nghệ An", "Phóng viên"]
CATEGORIES = ["Thời sự", "Đối ngoại", "Hợp tác quốc tế", "Kinh tế", "Tin hoạt động", "Xúc tiến đầu tư"]
DAY_PARTS = ["Sáng", "Chiều", "Tối", "Trưa", "Ngày"]
SECTORS = ["kinh tế", "thương mại", "đầu tư", "giáo dục", "y tế", "văn hóa", "du lịch", "nông nghiệp",
           "lao động", "khoa học công nghệ", "đào tạo nguồn nhân lực", "năng lượng tái tạo", "logistics"]
CAPS_HEADINGS = ["TĂNG CƯỜNG HỢP TÁC KINH TẾ", "NHIỀU KẾT QUẢ NỔI BẬT", "MỞ RỘNG QUAN HỆ HỢP TÁC",
                 "THÚC ĐẨY XÚC TIẾN ĐẦU TƯ", "GIAO LƯU NHÂN DÂN", "BẢO HỘ CÔNG DÂN"]
PLAIN_HEADINGS = ["Tăng cường công tác trao đổi thông tin", "Nhiều dư địa hợp tác", "Kết nối doanh nghiệp hai bên",
                  "Phát huy quan hệ hữu nghị truyền thống", "Đổi mới phương thức xúc tiến đầu tư"]
FURNITURE = [
    ["BÌNH LUẬN", "", "Vui lòng nhập bình luận của bạn", "Vui lòng nhập tên của bạn ở đây"],
    ["Chia sẻ", "In bài"],
    ["Tin cùng chuyên mục"],
    ["Từ khóa: đối ngoại, hợp tác quốc tế"],
]


@dataclass(frozen=True)
class Place:
    """A place as articles write it: the forms to choose from and, for roles, the prefixed form."""

    id: str
    forms: tuple[str, ...]
    prefixed: str
    kind: str


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    female: bool
    foreign: bool


class World:
    """Names and places read from the generator's data files, and a pool of people built from them."""

    def __init__(self, rng: random.Random, size: int) -> None:
        people = yaml.safe_load((DATA / "people.yml").read_text(encoding="utf-8"))
        provinces = yaml.safe_load((DATA / "provinces.yml").read_text(encoding="utf-8"))
        partners = yaml.safe_load((DATA / "partners.yml").read_text(encoding="utf-8"))
        self.rng = rng
        self.family = people["family_names"]
        # About nine Vietnamese in ten carry one of the first family names of the list.
        self.family_weights = [12.0 if i < 26 else 2.0 if i < 60 else 0.5 for i in range(len(self.family))]
        titles = set(people["titles"])
        for title in ("Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Bí thư", "Phó Bí thư",
                      "Thứ trưởng", "Vụ trưởng", "Đại sứ", "Tổng Lãnh sự", "Tỉnh trưởng", "Phó Tỉnh trưởng"):
            if title not in titles:
                raise SystemExit(f"people.yml no longer lists the title {title!r}: update benchmarks/synthetic.py")
        self.provinces = [
            Place(u["id"], (u["name"], *u["variants"]), f"{'thành phố' if u['kind'] == 'city' else 'tỉnh'} {u['name']}", u["kind"])
            for u in provinces["units"]
        ]
        self.countries = [
            Place(c["id"], (f"nước {c['name']}" if c["needs_prefix"] else c["name"], *c["variants"]),
                  c["name"], c["kind"])
            for c in partners["countries"]
        ]
        self.nations = [c for c in self.countries if c.kind == "country"]
        self.by_id = {c.id: c for c in self.countries}
        self.localities = [
            (Place(loc["id"], (loc["name"], *loc["variants"]), loc["name"], "locality"), self.by_id[loc["country"]])
            for loc in partners["localities"]
            if loc["country"] in self.by_id
        ]
        self.home = rng.choice([p for p in self.provinces if p.kind == "province" and p.id != "hoa-binh"])
        # Partners of this province: a dozen countries and their localities get most of the news.
        self.main_nations = rng.sample(self.nations, 12)
        self.pool = [self._person() for _ in range(30 + size // 3)]
        # A few people are in the news often, most seldom (Zipf-like).
        self.pool_weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.pool))]

    # -- names ---------------------------------------------------------------------------
    def vietnamese_name(self, female: bool) -> str:
        rng = self.rng
        family = rng.choices(self.family, self.family_weights)[0]
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        if rng.random() < 0.08:  # four-word names: "Nguyễn Thị Thu Hà"
            given = f"{rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)} {given}"
        return f"{family} {middle} {given}"

    def foreign_name(self, country: Place) -> str:
        first, last = FOREIGN_NAMES.get(country.id, FOREIGN_NAMES["*"])
        return f"{self.rng.choice(first)} {self.rng.choice(last)}"

    # -- places --------------------------------------------------------------------------
    def province(self) -> Place:
        return self.home if self.rng.random() < 0.6 else self.rng.choice(self.provinces)

    def nation(self) -> Place:
        return self.rng.choice(self.main_nations) if self.rng.random() < 0.75 else self.rng.choice(self.nations)

    def written(self, place: Place) -> str:
        """The place as a sentence writes it: mostly its name, sometimes a variant."""
        forms = place.forms
        return forms[0] if len(forms) == 1 or self.rng.random() < 0.8 else self.rng.choice(forms[1:])

    def locality(self) -> tuple[Place, Place]:
        return self.rng.choice(self.localities)

    # -- people --------------------------------------------------------------------------
    def _person(self) -> Person:
        rng = self.rng
        female = rng.random() < 0.3
        kind = rng.random()
        if kind < 0.55:
            place = self.province().prefixed
            role = rng.choice([
                f"Phó Chủ tịch UBND {place}", f"Chủ tịch UBND {place}", f"Giám đốc Sở Ngoại vụ {place}",
                f"Phó Giám đốc Sở Ngoại vụ {place}", f"Phó Bí thư Tỉnh ủy, Chủ tịch UBND {place}",
                f"Giám đốc Sở Công Thương {place}", f"Phó Chủ tịch HĐND {place}",
                f"Giám đốc Sở Kế hoạch và Đầu tư {place}", f"Phó Chủ tịch Thường trực UBND {place}",
            ])
            return Person(self.vietnamese_name(female), role, female, False)
        if kind < 0.7:
            role = rng.choice(["Thứ trưởng Bộ Ngoại giao", "Vụ trưởng Vụ Ngoại giao văn hóa và UNESCO",
                               "Cục trưởng Cục Lãnh sự", "Phó Cục trưởng Cục Ngoại vụ",
                               f"Đại sứ Việt Nam tại {self.nation().prefixed}"])
            return Person(self.vietnamese_name(female), role, female, False)
        if kind < 0.88:
            country = self.nation()
            role = rng.choice([f"Đại sứ {country.prefixed} tại Việt Nam", f"Tổng Lãnh sự {country.prefixed} tại Đà Nẵng",
                               f"Đại sứ đặc mệnh toàn quyền {country.prefixed} tại Việt Nam"])
            return Person(self.foreign_name(country), role, female, True)
        locality, country = self.locality()
        role = rng.choice([f"Tỉnh trưởng tỉnh {locality.prefixed}", f"Phó Tỉnh trưởng tỉnh {locality.prefixed}"])
        return Person(self.foreign_name(country), f"{role} ({country.prefixed})", female, True)

    def person(self) -> Person:
        return self.rng.choices(self.pool, self.pool_weights)[0]

    def first_mention(self, person: Person) -> str:
        rng = self.rng
        form = rng.random()
        if form < 0.45:
            return f"{person.role} {person.name}"
        if form < 0.75 and not person.foreign:
            return f"đồng chí {person.name} - {person.role}"
        honorific = "ngài" if person.foreign else "bà" if person.female else "ông"
        return f"{honorific} {person.name}, {person.role},"

    def later_mention(self, person: Person) -> str:
        if person.foreign:
            return f"ngài {person.name}"
        return f"{'bà' if person.female else 'ông'} {person.name}"


@dataclass(frozen=True)
class Cast:
    """Who and where one article is about: its sentences draw from these only."""

    people: tuple[Person, ...]
    provinces: tuple[Place, ...]
    nations: tuple[Place, ...]
    locality: tuple[Place, Place]


def _sentences(world: World, cast: Cast) -> list[str]:
    """The sentence shapes of a paragraph, filled with this article's people and places."""
    rng = world.rng
    sector, other = rng.sample(SECTORS, 2)
    mention = world.later_mention(rng.choice(cast.people))
    prov, nation = rng.choice(cast.provinces), rng.choice(cast.nations)
    locality, loc_country = cast.locality
    year = rng.randint(2015, 2026)
    p, n = world.written(prov), world.written(nation)
    return [
        f"Phát biểu tại buổi làm việc, {mention} nhấn mạnh quan hệ hợp tác giữa {prov.prefixed} với các đối tác của {n} "
        f"thời gian qua đã đạt được nhiều kết quả tích cực, nhất là trong lĩnh vực {sector} và {other}.",
        f"Theo báo cáo, năm {year}, {p} đã đón tiếp {rng.randint(12, 180)} đoàn khách quốc tế, tổ chức {rng.randint(3, 40)} "
        f"đoàn đi công tác nước ngoài và thu hút {rng.randint(2, 60)} dự án có vốn đầu tư nước ngoài với tổng vốn đăng ký "
        f"khoảng {rng.randint(50, 2000)} triệu USD.",
        f"{mention[0].upper()}{mention[1:]} cho biết, tỉnh mong muốn tiếp tục nhận được sự quan tâm, hỗ trợ của Bộ Ngoại giao "
        f"và các Cơ quan đại diện Việt Nam ở nước ngoài trong việc kết nối, quảng bá hình ảnh địa phương.",
        f"Hai bên đã trao đổi về khả năng mở rộng hợp tác trong lĩnh vực {sector}, {other}, giao lưu nhân dân và đào tạo, "
        f"đồng thời thống nhất sẽ sớm ký kết biên bản ghi nhớ giai đoạn {year}-{year + 5}.",
        f"Tỉnh {locality.forms[0]} ({loc_country.prefixed}) là một trong những đối tác truyền thống của {p}, "
        f"hai địa phương đã duy trì quan hệ hữu nghị, hợp tác hiệu quả trong nhiều năm.",
        "Công tác bảo hộ công dân, quản lý người nước ngoài và hỗ trợ cộng đồng người Việt Nam ở nước ngoài được "
        "triển khai kịp thời, đúng quy định.",
        "Bên cạnh những kết quả đạt được, công tác đối ngoại của địa phương vẫn còn một số khó khăn, hạn chế như nguồn "
        "nhân lực làm công tác đối ngoại còn mỏng, năng lực ngoại ngữ chưa đáp ứng yêu cầu.",
        f"Thời gian tới, {p} sẽ tập trung đẩy mạnh ngoại giao kinh tế, xúc tiến thương mại và thu hút đầu tư từ "
        f"{n} và các thị trường tiềm năng khác.",
        f"Đại diện các doanh nghiệp cho rằng, thị trường {n} còn nhiều dư địa cho các sản phẩm nông sản, thủy sản và "
        f"hàng thủ công mỹ nghệ của địa phương.",
        f"Nhân dịp này, {mention} đã trao tặng quà lưu niệm và chúc mừng những đóng góp của đoàn trong việc vun đắp "
        f"tình hữu nghị giữa nhân dân hai nước.",
        f"Về phía {n}, {mention} khẳng định sẽ tạo điều kiện thuận lợi để các doanh nghiệp tìm hiểu cơ hội hợp tác tại {p}.",
        "Hoạt động ngoại giao văn hóa tiếp tục được chú trọng, góp phần quảng bá di sản, con người và tiềm năng du lịch "
        "của địa phương tới bạn bè quốc tế.",
        "Các đại biểu cũng thảo luận về công tác biên giới, cửa khẩu và phối hợp quản lý đường biên, bảo đảm an ninh, "
        "trật tự khu vực biên giới.",
        f"Tổng kim ngạch xuất nhập khẩu giữa {p} và {n} năm {year} ước đạt {rng.randint(10, 900)} triệu USD, "
        f"tăng {rng.randint(3, 35)}% so với cùng kỳ.",
        f"Theo {mention}, trong bối cảnh tình hình thế giới còn nhiều biến động, các địa phương cần chủ động nắm bắt cơ hội, "
        f"phát huy lợi thế về {sector} để mở rộng quan hệ với các đối tác nước ngoài.",
    ]


def _paragraph(world: World, cast: Cast) -> str:
    shapes = _sentences(world, cast)
    return " ".join(world.rng.sample(shapes, world.rng.randint(1, 4)))


def _headline(world: World, cast: Cast, date: dt.date) -> str:
    rng = world.rng
    locality, loc_country = cast.locality
    lead = cast.people[0]
    p, n = cast.provinces[0].forms[0], world.written(cast.nations[0])
    return rng.choice([
        f"{p} tăng cường hợp tác với {n}",
        f"Lãnh đạo tỉnh {p} tiếp Đại sứ {cast.nations[0].prefixed} tại Việt Nam",
        f"{p} và tỉnh {locality.forms[0]} ({loc_country.prefixed}) ký kết biên bản ghi nhớ hợp tác",
        f"Đoàn công tác tỉnh {p} thăm và làm việc tại {n}",
        f"Thúc đẩy hợp tác {rng.choice(SECTORS)} giữa {p} và các địa phương của {n}",
        f"Hội nghị xúc tiến đầu tư {p} năm {date.year}",
        f"Tổng kết công tác đối ngoại năm {date.year} của tỉnh {p}",
        f"{lead.role.split(',')[0]} {lead.name} tiếp đoàn doanh nghiệp {n}",
        f"Kỷ niệm {rng.randint(20, 75)} năm thiết lập quan hệ ngoại giao Việt Nam – {n}",
        f"Nâng cao hiệu quả công tác thông tin đối ngoại tại {p}",
        f"Giao lưu hữu nghị nhân dân {p} và tỉnh {locality.forms[0]}",
    ])


def _cast(world: World) -> Cast:
    rng = world.rng
    people = tuple(dict.fromkeys(world.person() for _ in range(rng.randint(1, 5))))
    provinces = tuple(dict.fromkeys(world.province() for _ in range(rng.randint(1, 2))))
    nations = tuple(dict.fromkeys(world.nation() for _ in range(rng.randint(1, 3))))
    return Cast(people, provinces, nations, world.locality())


def article_text(world: World) -> str:
    """One article, as the text of a `seeds/*.txt` file."""
    rng = world.rng
    date = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    cast = _cast(world)
    lines: list[str] = []
    if rng.random() < 0.15:
        lines.append(rng.choice(CATEGORIES))
    headline = _headline(world, cast, date)
    lines.append(headline)
    if rng.random() < 0.2:  # the page repeats its headline above the lead picture
        lines.append(headline)
    day = f"{date.day}/{date.month}" + ("" if rng.random() < 0.05 else f"/{date.year}")
    lines.append(
        f"{rng.choice(DAY_PARTS)} {day}, tại {cast.provinces[0].prefixed}, {world.first_mention(cast.people[0])} đã có "
        f"buổi tiếp và làm việc với đoàn công tác của {world.written(cast.nations[0])} về tình hình hợp tác và phương "
        f"hướng trong thời gian tới."
    )
    for person in cast.people[1:]:
        lines.append(f"Tham dự buổi làm việc có {world.first_mention(person)} cùng đại diện lãnh đạo các sở, ban, ngành liên quan.")
    caps = rng.random() < 0.3
    every = rng.randint(4, 8)
    for number in range(rng.randint(5, 25)):
        if number and number % every == 0:
            person = rng.choice(cast.people)
            lines.append(f"{person.role.split(',')[0]} {person.name} phát biểu tại buổi làm việc. (Ảnh: {rng.choice(PHOTOGRAPHERS)})")
        if number == 6 and (caps or rng.random() < 0.2):
            lines.append(rng.choice(CAPS_HEADINGS) if caps else rng.choice(PLAIN_HEADINGS))
        lines.append(_paragraph(world, cast))
    if rng.random() < 0.85:
        lines.append(rng.choice(BYLINES))
    if rng.random() < 0.3:
        lines.extend(rng.choice(FURNITURE))
        lines.extend(_headline(world, _cast(world), date) for _ in range(rng.randint(0, 3)))
    separator = "\n\n" if rng.random() < 0.7 else "\n"
    return separator.join(lines) + ("\n" if rng.random() < 0.5 else "")


def generate_corpus(size: int, out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `size` articles into `out_dir` (created if needed); return their paths, sorted."""
    rng = random.Random(f"{seed}:{size}")
    world = World(rng, size)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    width = max(3, len(str(size - 1)))
    for index in range(size):
        text = article_text(world)
        tag = hashlib.sha1(f"{seed}:{size}:{index}".encode()).hexdigest()[:16]
        path = out_dir / f"{index:0{width}d}_{tag}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def corpus_digest(paths: list[Path]) -> str:
    """A hash of the names and bytes of a corpus: equal digests, byte-identical corpora."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    paths = generate_corpus(args.size, args.out, args.seed)
    print(f"{len(paths)} articles in {args.out}/, sha256 {corpus_digest(paths)[:16]}", file=sys.stderr)


if __name__ == "__main__":
    main()
