"""Places, facilities and institutions the demo testimonies mention, keyed by their vocabulary ids.

The ids come from the gazetteer and institutions vocabularies (shared/reference). The aliases are ones
those vocabularies list, so extraction can be tested on the same spellings a testimony uses; English
aliases may carry a leading "the " for grammar.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Provinces a demo place lies in: id -> (English, Korean).
PROVINCES: dict[str, tuple[str, str]] = {
    "KP-01": ("Pyongyang", "평양"),
    "KP-02": ("South Pyongan", "평안남도"),
    "KP-03": ("North Pyongan", "평안북도"),
    "KP-04": ("Chagang", "자강도"),
    "KP-06": ("North Hwanghae", "황해북도"),
    "KP-08": ("South Hamgyong", "함경남도"),
    "KP-09": ("North Hamgyong", "함경북도"),
    "KP-10": ("Ryanggang", "량강도"),
}

#: Cities, counties and towns: id -> (English, Korean, province).
CITIES: dict[str, tuple[str, str, str]] = {
    "hoeryong": ("Hoeryong", "회령", "KP-09"),
    "musan": ("Musan", "무산", "KP-09"),
    "onsong": ("Onsong", "온성", "KP-09"),
    "namyang": ("Namyang", "남양", "KP-09"),
    "chongjin": ("Chongjin", "청진", "KP-09"),
    "nongpo": ("Nongpo", "농포", "KP-09"),
    "myonggan": ("Myonggan", "명간", "KP-09"),
    "hyesan": ("Hyesan", "혜산", "KP-10"),
    "sinuiju": ("Sinuiju", "신의주", "KP-03"),
    "manpo": ("Manpo", "만포", "KP-04"),
    "kaechon": ("Kaechon", "개천", "KP-02"),
    "pukchang": ("Pukchang", "북창", "KP-02"),
    "chungsan": ("Chungsan", "증산", "KP-02"),
    "yodok": ("Yodok", "요덕", "KP-08"),
    "hamhung": ("Hamhung", "함흥", "KP-08"),
    "tanchon": ("Tanchon", "단천", "KP-08"),
    "kangdong": ("Kangdong", "강동", "KP-01"),
    "sariwon": ("Sariwon", "사리원", "KP-06"),
}

#: Where witnesses come from: border towns most of all, as in real testimony collections.
ORIGINS = ("hoeryong", "musan", "onsong", "namyang", "hyesan", "sinuiju", "manpo", "chongjin", "hamhung")


@dataclass(frozen=True)
class Facility:
    id: str
    type: str  # facility_types id
    city: str  # CITIES id
    operator: str  # institutions id
    en: tuple[str, ...]  # aliases as English text writes them
    ko: tuple[str, ...]  # aliases as Korean text writes them
    coordinates: tuple[float, float] | None

    @property
    def province(self) -> str:
        return CITIES[self.city][2]


FACILITIES: tuple[Facility, ...] = (
    Facility("kwalliso-14", "kwalliso", "kaechon", "mss",
             ("Camp 14", "Kwalliso No. 14", "the Kaechon internment camp", "Kwan-li-so No. 14"),
             ("개천 제14호 관리소", "14호 관리소", "개천 관리소"), (39.5717, 126.0622)),
    Facility("kwalliso-15", "kwalliso", "yodok", "mss",
             ("Camp 15", "Yodok", "the Yodok concentration camp", "Kwalliso No. 15", "Yodŏk"),
             ("요덕 제15호 관리소", "요덕수용소", "15호 관리소", "요덕 관리소"), (39.6743, 126.8510)),
    Facility("kwalliso-16", "kwalliso", "myonggan", "mss",
             ("Camp 16", "the Hwasong political prison camp", "Kwalliso No. 16", "Hwasŏng"),
             ("화성 제16호 관리소", "16호 관리소", "화성 관리소"), (41.2870, 129.2684)),
    Facility("kwalliso-18", "kwalliso", "pukchang", "mps",
             ("Camp 18", "the Pukchang camp", "Kwalliso No. 18", "Bukchang"),
             ("북창 제18호 관리소", "18호 관리소", "북창 관리소"), (39.5596, 126.0860)),
    Facility("kwalliso-22", "kwalliso", "hoeryong", "mss",
             ("Camp 22", "the Hoeryong concentration camp", "Kwalliso No. 22", "Haengyong"),
             ("회령 제22호 관리소", "22호 관리소", "회령 관리소"), (42.5380, 129.9355)),
    Facility("kwalliso-25", "kwalliso", "chongjin", "mss",
             ("Camp 25", "the Chongjin camp", "Kwalliso No. 25"),
             ("청진 제25호 관리소", "25호 관리소", "청진 관리소"), (41.8330, 129.7211)),
    Facility("kyohwaso-1", "kyohwaso", "kaechon", "mps",
             ("Kaechon prison", "Kyohwaso No. 1", "Prison No. 1"),
             ("개천 제1호 교화소", "개천 교화소", "1호 교화소"), (39.7084, 125.9231)),
    Facility("kyohwaso-12", "kyohwaso", "hoeryong", "mps",
             ("Chongori", "Chongori prison", "Jongo-ri", "Kyohwaso No. 12"),
             ("전거리 교화소", "전거리", "12호 교화소"), (42.2086, 129.7556)),
    Facility("kyohwaso-3", "kyohwaso", "sinuiju", "mps",
             ("Sinuiju prison", "Sinuiju No. 3"), ("신의주 교화소", "3호 교화소"), (40.0619, 124.4096)),
    Facility("kyohwaso-4", "kyohwaso", "kangdong", "mps",
             ("Kangdong prison", "Kangdong No. 4"), ("강동 교화소", "4호 교화소"), (39.0089, 126.1530)),
    Facility("kyohwaso-6", "kyohwaso", "sariwon", "mps",
             ("Sariwon prison", "Sariwon No. 6"), ("사리원 교화소", "6호 교화소"), (38.5126, 125.7741)),
    Facility("kyohwaso-9", "kyohwaso", "hamhung", "mps",
             ("Hamhung prison", "Hamhung No. 9"), ("함흥 교화소", "9호 교화소"), (39.9577, 127.5632)),
    Facility("kyohwaso-11", "kyohwaso", "chungsan", "mps",
             ("Chungsan prison", "Chungsan No. 11"), ("증산 교화소", "11호 교화소"), (39.1423, 125.3219)),
    Facility("kyohwaso-77", "kyohwaso", "tanchon", "mps",
             ("Tanchon prison", "Tanchon No. 77"), ("단천 교화소", "77호 교화소"), (40.4376, 128.8992)),
    Facility("onsong-mss-detention", "kuryujang", "onsong", "mss",
             ("the Onsong bowibu detention centre", "the Onsong County MSS detention centre"),
             ("온성군 보위부 구류장", "온성 보위부"), (42.9597, 129.9878)),
    Facility("onsong-mps-detention", "kuryujang", "onsong", "mps",
             ("the Onsong MPS detention centre", "the Onsong police detention centre"),
             ("온성군 안전부 구류장", "온성 안전부"), (42.9596, 129.9870)),
    Facility("hoeryong-mss-detention", "kuryujang", "hoeryong", "mss",
             ("the Hoeryong bowibu detention centre", "the Hoeryong MSS detention centre"),
             ("회령시 보위부 구류장", "회령 보위부"), (42.4385, 129.7545)),
    Facility("musan-mss-detention", "kuryujang", "musan", "mss",
             ("the Musan bowibu detention centre", "the Musan MSS detention centre"),
             ("무산군 보위부 구류장", "무산 보위부"), (42.2310, 129.2140)),
    Facility("hyesan-mss-detention", "kuryujang", "hyesan", "mss",
             ("the Hyesan bowibu detention centre", "the Hyesan MSS detention centre"),
             ("혜산시 보위부 구류장", "혜산 보위부"), (41.3974, 128.1762)),
    Facility("chongjin-holding-centre", "jipkyulso", "nongpo", "mps",
             ("the Nongpo holding centre", "the Chongjin jipkyulso", "the North Hamgyong holding centre"),
             ("농포 집결소", "청진 집결소", "함경북도 집결소"), (41.7381, 129.7228)),
    Facility("sinuiju-holding-centre", "jipkyulso", "sinuiju", "mps",
             ("the Sinuiju holding centre", "the Sinuiju jipkyulso"),
             ("신의주 집결소", "평안북도 집결소"), (40.0763, 124.4271)),
    Facility("manpo-holding-centre", "jipkyulso", "manpo", "mps",
             ("the Manpo holding centre", "the Manpo jipkyulso"), ("만포 집결소", "자강도 집결소"),
             (41.1645, 126.2959)),
)  # fmt: skip

FACILITY_BY_ID = {facility.id: facility for facility in FACILITIES}
#: Facilities by the role they play in a story.
CAMPS = tuple(f for f in FACILITIES if f.type == "kwalliso")
PRISONS = tuple(f for f in FACILITIES if f.type == "kyohwaso")
DETENTION = tuple(f for f in FACILITIES if f.type == "kuryujang")
HOLDING = tuple(f for f in FACILITIES if f.type == "jipkyulso")


@dataclass(frozen=True)
class Institution:
    id: str
    names: tuple[str, ...]  # the Organisation record's names
    en: tuple[str, ...]  # as English text writes it
    ko: tuple[str, ...]  # as Korean text writes it


INSTITUTIONS: tuple[Institution, ...] = (
    Institution("mss", ("Ministry of State Security", "국가보위성", "Bowibu"),
                ("the bowibu", "the Ministry of State Security", "the State Security Department", "the MSS"),
                ("보위부", "국가보위성", "국가안전보위부")),
    Institution("mps", ("Ministry of Social Security", "사회안전성", "Ministry of People's Security", "Anjeonbu"),
                ("the anjeonbu", "the police", "the MPS", "the Ministry of People's Security"),
                ("안전부", "보안서", "인민보안성")),
    Institution("kpa-security-command", ("KPA Military Security Command", "보위사령부"),
                ("the Military Security Command", "the Bowisaryongbu"), ("보위사령부", "보위사")),
    Institution("wpk-ogd", ("Organization and Guidance Department", "조선로동당 조직지도부"),
                ("the Organization and Guidance Department", "the OGD"), ("조직지도부",)),
    Institution("prosecutors", ("Public prosecutors' office", "검찰소"),
                ("the prosecutors", "the public prosecutor"), ("검찰소", "검찰")),
    Institution("border-guards", ("Border Security Command", "국경경비대"),
                ("the border guards", "the Border Security Command"), ("국경경비대", "경비대")),
    Institution("group-109", ("109 Sangmu", "109상무"),
                ("the 109 Sangmu", "the grouppa", "an anti-socialist task force"),
                ("109상무", "비사회주의 그루빠")),
    Institution("peoples-committee", ("People's committee", "인민위원회"),
                ("the people's committee",), ("인민위원회",)),
    Institution("china-public-security", ("Chinese public security", "중국 공안"),
                ("the Chinese police", "Chinese public security"), ("중국 공안", "공안")),
)  # fmt: skip

INSTITUTION_BY_ID = {institution.id: institution for institution in INSTITUTIONS}
#: Local branches created as Organisations under their ministry: (institution, city).
BRANCHES = (("mss", "hoeryong"), ("mss", "musan"), ("mss", "hyesan"), ("mps", "onsong"), ("mps", "sinuiju"))
