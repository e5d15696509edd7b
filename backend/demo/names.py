"""Chinese name pools: surnames weighted by frequency, given names by gender and generation."""

from __future__ import annotations

import random
from itertools import accumulate

from backend.residents.models import Gender

# Approximate shares in tenths of a percent (national surveys); rarer names get 1 so they
# still appear now and then. Compound surnames are kept to show that a surname may be two
# characters long.
_SURNAME_TABLE = """
王71 李70 张69 刘54 陈46 杨31 黄25 赵23 吴20 周19 徐17 孙15 马15 朱13 胡13 郭12 何12
林11 高11 罗10 郑10 梁9 谢8 宋7 唐7 许7 韩7 冯7 邓7 曹6 彭6 曾6 肖6 田5 董5 袁5 潘5
于5 蒋5 蔡5 余5 杜5 叶4 程4 苏4 魏4 吕4 丁4 任4 沈4 姚4 卢4 姜3 崔3 钟3 谭3 陆3 汪3
范3 金3 石3 廖3 贾3 夏3 韦3 付3 方3 白3 邹3 孟3 熊3 秦3 邱3 江3 尹3 薛2 闫2 段2 雷2
侯2 龙2 史2 陶2 黎2 贺2 顾2 毛2 郝2 龚2 邵2 万2 钱2 严2 武2 戴2 莫1 孔1 向1 汤1 常1
温1 康1 施1 文1 牛1 樊1 葛1 邢1 安1 齐1 易1 乔1 伍1 庞1 颜1 倪1 庄1 聂1 章1 鲁1 岳1
翟1 殷1 詹1 申1 欧阳1 司马1 上官1 诸葛1
"""


def _parse_surnames(table: str) -> tuple[list[str], list[int]]:
    names: list[str] = []
    weights: list[int] = []
    for token in table.split():
        split = next(i for i, ch in enumerate(token) if ch.isdigit())
        names.append(token[:split])
        weights.append(int(token[split:]))
    return names, list(accumulate(weights))


SURNAMES, _SURNAME_CUMULATIVE = _parse_surnames(_SURNAME_TABLE)

# Given names follow fashions: people born in the 1940s–60s, 1960s–80s and after 1990 carry
# recognisably different names, so a register with one pool for everybody looks fake.
_GIVEN = {
    ("classic", Gender.MALE): """
        建国 建军 国庆 建华 志强 国华 德明 振华 长林 保国 立新 卫东 永生 福生 树林 玉林
        金山 志刚 国强 建平 春生 秀山 世明 广才 庆华 德胜 宝山 文华 家明 俊 明 忠 贵 发
        """,
    ("classic", Gender.FEMALE): """
        秀英 桂英 秀兰 玉兰 桂兰 淑珍 凤英 玉珍 秀珍 淑兰 桂芝 玉梅 凤兰 秀云 桂珍 秀芳
        淑英 玉英 秀荣 桂荣 素珍 翠兰 丽华 美兰 兰英 春兰 淑芬 玉芬 英 兰 珍 芬
        """,
    ("middle", Gender.MALE): """
        伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宁 浩 志伟 海涛 建伟 晓东
        俊杰 永强 文博 立伟 晓明 宏伟 少华 建明 国栋 振宇 鹏飞 海波 春雷 志勇 晓峰 东升
        """,
    ("middle", Gender.FEMALE): """
        丽 静 敏 燕 艳 娟 霞 芳 娜 丹 玲 萍 红 洁 琳 丽娟 晓燕 海燕 秀丽 丽萍 雪梅 晓丽
        春燕 美玲 玉洁 艳红 晓红 静怡 丽丽 婷婷 晓静 慧敏 欣 蕾 颖 倩
        """,
    ("modern", Gender.MALE): """
        浩然 子轩 宇轩 梓豪 俊熙 一鸣 皓轩 宇航 博文 昊天 思远 嘉豪 明轩 天佑 逸飞 承泽
        梓睿 沐阳 浩宇 子墨 奕辰 宸 睿 泽 航 轩 宇 晨 锐 哲 铭 翔
        """,
    ("modern", Gender.FEMALE): """
        子涵 欣怡 梓涵 诗涵 一诺 雨桐 梓萱 可馨 思琪 佳怡 语嫣 若汐 雨欣 紫萱 欣妍 梦瑶
        嘉怡 雅琪 思雨 安琪 昕 悦 彤 萱 琪 瑶 怡 璐 涵 妍
        """,
}
GIVEN_NAMES = {key: text.split() for key, text in _GIVEN.items()}


def _generation(birth_year: int) -> str:
    if birth_year < 1962:
        return "classic"
    return "middle" if birth_year < 1990 else "modern"


class NameMaker:
    """Draws names from one ``random.Random`` so a seed always names the same people."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def surname(self) -> str:
        return self._rng.choices(SURNAMES, cum_weights=_SURNAME_CUMULATIVE)[0]

    def given(self, gender: Gender, birth_year: int) -> str:
        pool = GIVEN_NAMES[(_generation(birth_year), gender)]
        # Neighbouring generations overlap: some parents picked old-fashioned names.
        if self._rng.random() < 0.15:
            other = _generation(birth_year + self._rng.choice((-25, 25)))
            pool = GIVEN_NAMES[(other, gender)]
        return self._rng.choice(pool)

    def full(self, gender: Gender, birth_year: int, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(gender, birth_year)
