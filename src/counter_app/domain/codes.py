"""Code tables with Chinese and English labels: sex, ethnicity, card status, replacement reasons,
document types.

Each table is a tuple of :class:`CodeEntry` in code order; :func:`label` and :func:`find` look a
code up. :data:`CARD_STATUS` is the national 卡状态 code table (the chip's and the national systems'
codes); the status this counter records for a card, with its rules, is
:class:`counter_app.domain.card_status.CardStatus` (its ``national_code`` leads here). The ethnicity table (GB 3304) has the 56 recognised ethnic groups, ``97`` 其他 and ``98``
外国血统中国籍人士. Some provinces use ``99`` for 其他: :func:`ethnicity_table` takes the code of
其他 as a parameter (from the counter's settings), so both conventions are supported.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.applicant import DocumentType, ReplacementReason
from counter_app.domain.problems import pick

__all__ = [
    "CodeEntry",
    "SEX",
    "ETHNICITY_GROUPS",
    "DEFAULT_ETHNICITY_OTHER_CODE",
    "CARD_STATUS",
    "REPLACEMENT_REASONS",
    "DOCUMENT_TYPES",
    "ethnicity_table",
    "is_valid_ethnicity",
    "search_ethnicities",
    "find",
    "label",
]


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One row of a code table."""

    code: str
    zh: str
    en: str

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


def _table(rows: list[tuple[str, str, str]]) -> tuple[CodeEntry, ...]:
    return tuple(CodeEntry(c, zh, en) for c, zh, en in rows)


# GB/T 2261.1 个人基本信息分类与代码 第1部分：人的性别代码 (0 未知 is not used on cards).
SEX = _table([
    ("1", "男", "male"),
    ("2", "女", "female"),
    ("9", "未说明", "unstated"),
])

# GB 3304 中国各民族名称的罗马字母拼写法和代码: the 56 groups.
ETHNICITY_GROUPS = _table([
    ("01", "汉族", "Han"), ("02", "蒙古族", "Mongol"), ("03", "回族", "Hui"), ("04", "藏族", "Tibetan"),
    ("05", "维吾尔族", "Uyghur"), ("06", "苗族", "Miao"), ("07", "彝族", "Yi"), ("08", "壮族", "Zhuang"),
    ("09", "布依族", "Bouyei"), ("10", "朝鲜族", "Korean"), ("11", "满族", "Manchu"), ("12", "侗族", "Dong"),
    ("13", "瑶族", "Yao"), ("14", "白族", "Bai"), ("15", "土家族", "Tujia"), ("16", "哈尼族", "Hani"),
    ("17", "哈萨克族", "Kazakh"), ("18", "傣族", "Dai"), ("19", "黎族", "Li"), ("20", "傈僳族", "Lisu"),
    ("21", "佤族", "Va"), ("22", "畲族", "She"), ("23", "高山族", "Gaoshan"), ("24", "拉祜族", "Lahu"),
    ("25", "水族", "Sui"), ("26", "东乡族", "Dongxiang"), ("27", "纳西族", "Naxi"), ("28", "景颇族", "Jingpo"),
    ("29", "柯尔克孜族", "Kirgiz"), ("30", "土族", "Tu"), ("31", "达斡尔族", "Daur"), ("32", "仫佬族", "Mulao"),
    ("33", "羌族", "Qiang"), ("34", "布朗族", "Blang"), ("35", "撒拉族", "Salar"), ("36", "毛南族", "Maonan"),
    ("37", "仡佬族", "Gelao"), ("38", "锡伯族", "Xibe"), ("39", "阿昌族", "Achang"), ("40", "普米族", "Pumi"),
    ("41", "塔吉克族", "Tajik"), ("42", "怒族", "Nu"), ("43", "乌孜别克族", "Uzbek"), ("44", "俄罗斯族", "Russian"),
    ("45", "鄂温克族", "Ewenki"), ("46", "德昂族", "Deang"), ("47", "保安族", "Bonan"), ("48", "裕固族", "Yugur"),
    ("49", "京族", "Gin"), ("50", "塔塔尔族", "Tatar"), ("51", "独龙族", "Derung"), ("52", "鄂伦春族", "Oroqen"),
    ("53", "赫哲族", "Hezhen"), ("54", "门巴族", "Monba"), ("55", "珞巴族", "Lhoba"), ("56", "基诺族", "Jino"),
])

DEFAULT_ETHNICITY_OTHER_CODE = "97"
ETHNICITY_OTHER_CODES = ("97", "99")
ETHNICITY_FOREIGN_ORIGIN = CodeEntry("98", "外国血统中国籍人士", "Chinese citizen of foreign origin")


def ethnicity_table(other_code: str = DEFAULT_ETHNICITY_OTHER_CODE) -> tuple[CodeEntry, ...]:
    """The 56 groups, 其他 under ``other_code`` ("97" by GB 3304, "99" in some provinces) and 98.

    Raises ``ValueError`` for another ``other_code``: that is a configuration mistake.
    """
    if other_code not in ETHNICITY_OTHER_CODES:
        raise ValueError(f"the code of 其他 must be one of {ETHNICITY_OTHER_CODES}, not {other_code!r}")
    other = CodeEntry(other_code, "其他", "other")
    return tuple(sorted((*ETHNICITY_GROUPS, other, ETHNICITY_FOREIGN_ORIGIN), key=lambda e: e.code))


def is_valid_ethnicity(code: str, other_code: str = DEFAULT_ETHNICITY_OTHER_CODE) -> bool:
    return find(ethnicity_table(other_code), code) is not None


def search_ethnicities(query: str, other_code: str = DEFAULT_ETHNICITY_OTHER_CODE) -> tuple[CodeEntry, ...]:
    """Entries whose code starts with ``query`` or whose Chinese or English name contains it
    (case-insensitive); everything for an empty query. "蒙" finds 蒙古族; "1" finds 10–19."""
    q = query.strip()
    table = ethnicity_table(other_code)
    if not q:
        return table
    folded = q.casefold()
    # A query that is a bare name without 族 ("汉", "哈萨克") matches by containment anyway.
    return tuple(e for e in table if e.code.startswith(q) or q in e.zh or folded in e.en.casefold())


# 卡状态, national codes. "0" 封存 is a card still in stock; the counter's own statuses map onto the rest.
CARD_STATUS = _table([
    ("0", "封存", "sealed"),
    ("1", "正常", "active"),
    ("2", "挂失", "reported lost"),
    ("3", "应用锁定", "application locked"),
    ("4", "临时挂失", "temporarily reported lost"),
    ("9", "注销", "cancelled"),
])

REPLACEMENT_REASONS = _table([
    (ReplacementReason.LOST.value, "遗失", "lost"),
    (ReplacementReason.DAMAGED.value, "损坏", "damaged"),
    (ReplacementReason.MINOR_TO_ADULT.value, "未成年人换成人卡", "minor's card to adult card"),
    (ReplacementReason.ID_DATA_CHANGED.value, "身份信息变更", "change of identity data"),
    (ReplacementReason.BANK_CHANGED.value, "更换银行", "change of bank"),
    (ReplacementReason.RENEWAL.value, "换新卡", "renewal (incl. upgrade to 3rd generation)"),
    (ReplacementReason.OTHER.value, "其它", "other"),
])

DOCUMENT_TYPES = _table([
    (DocumentType.RESIDENT_ID.value, "居民身份证(户口簿)", "resident ID card (household register)"),
    (DocumentType.MILITARY_OFFICER.value, "军官证", "military officer's card"),
    (DocumentType.ARMED_POLICE.value, "武警警官证", "armed police officer's card"),
    (DocumentType.HK_PERMIT.value, "港澳居民来往内地通行证(香港)", "Mainland travel permit (Hong Kong)"),
    (DocumentType.MO_PERMIT.value, "港澳居民来往内地通行证(澳门)", "Mainland travel permit (Macao)"),
    (DocumentType.TW_PERMIT.value, "台湾居民来往大陆通行证", "Mainland travel permit (Taiwan)"),
    (DocumentType.FOREIGN_PERMANENT.value, "外国人永久居留证", "foreign permanent residence ID card"),
    (DocumentType.FOREIGN_PASSPORT.value, "外国人护照", "foreign passport"),
    (DocumentType.SOCIAL_SECURITY_CARD.value, "社会保障卡", "social security card"),
    (DocumentType.OTHER.value, "其他", "other"),
])

def find(table: tuple[CodeEntry, ...], code: str) -> CodeEntry | None:
    """The entry for ``code`` (an enum member works too), or ``None``."""
    code = str(code)
    return next((e for e in table if e.code == code), None)


def label(table: tuple[CodeEntry, ...], code: str, lang: str = "zh") -> str:
    """The label of ``code`` in ``lang``; an unknown code is shown as itself, marked unknown."""
    entry = find(table, code)
    if entry is None:
        return f"{code}（未知代码）" if lang != "en" else f"{code} (unknown code)"
    return entry.label(lang)

# 职业 (GB/T 6565): the major groups 1-8 and X 不便分类的其他从业人员.
OCCUPATIONS = _table([
    ("1", "党的机关、国家机关、群众团体和社会组织、企事业单位负责人", "heads of organisations"),
    ("2", "专业技术人员", "professionals"),
    ("3", "办事人员和有关人员", "clerical workers"),
    ("4", "社会生产服务和生活服务人员", "service workers"),
    ("5", "农、林、牧、渔业生产及辅助人员", "agriculture, forestry, animal husbandry and fishery"),
    ("6", "生产制造及有关人员", "production and manufacturing"),
    ("7", "军人", "military"),
    ("8", "不便分类的其他从业人员", "others not elsewhere classified"),
    ("X", "无职业", "no occupation"),
])

# 户口性质 (household type).
HOUSEHOLD_TYPES = _table([
    ("10", "非农业户口", "non-agricultural"),
    ("20", "农业户口", "agricultural"),
    ("30", "居民户口", "resident"),
])
