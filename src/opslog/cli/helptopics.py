"""opslog help TOPIC: longer help than a command's --help, in the user's language."""

from __future__ import annotations

import typer

from opslog.cli.common import app_context
from opslog.errors import BadInput

DATES = """\
Dates: what --date, --since, --until, --due, --review-by and due: take, in English or
Chinese whatever the interface language.

  2026-11-27  2026/11/27  20261127  2026-11-27T10:00      a day, the year first
  Nov 27  27 Nov 2026                                      a month name and a day
  2026年11月27日  11月27日  11月27号  27号  十一月二十七日
  today  now  yesterday  tomorrow  day before yesterday  day after tomorrow
  今天  昨天  前天  大前天  明天  后天  大后天
  fri  friday  周五  星期五  礼拜五      the most recent one, today included;
                                         in a due or review date the next one
  this fri  本周五  这周五                this week's
  next fri  下周五                        NEXT week's (on a Wednesday, 9 days on)
  上周五  上上周五  下下周一              last week's, the week before's, …
  last fri                               the last one before today
  -3d  +2w  -1m  +1y  3 days ago  a week ago  in 2 weeks  3 days from now
  3天前  三天前  3天后  两周前  2个星期后  三个月前  一年前
  3d alone is 3 days ago; in a due or review date, 3 days on.

Weeks (week, retro --week; where a day is asked, the week's first day):
  this  last  next  -2  +1  W48  2026-W48  this week  last week  next week
  本周  这周  上周  下周  上上周  第48周  2026年第48周  or any day (its week)

Months and quarters (where a day is asked, their first day):
  this month  last month  2026-11  Nov 2026  this quarter  2026Q4  2026-Q4
  本月  上月  上个月  下个月  2026年11月  本季度  上季度  2026年第四季度

In an action's text a marker ends at a space: join the words with hyphens or quote
them: due:next-fri  due:3-days  due:"next fri"  due:下周五
Refused, with the reason: 11/27 (day/month or month/day?), a time without a day,
years outside 1970-2100, days that do not exist (2月30日).
"""

ZH_DATES = """\
日期：--date、--since、--until、--due、--review-by 和 due: 接受的写法；中英文都可以，
与界面语言无关。

  2026-11-27  2026/11/27  20261127  2026-11-27T10:00      某一天，年份在前
  2026年11月27日  11月27日  11月27号  27号  十一月二十七日
  Nov 27  27 Nov 2026                                      英文月份加日
  今天  昨天  前天  大前天  明天  后天  大后天
  today  now  yesterday  tomorrow  day before yesterday  day after tomorrow
  周五  星期五  礼拜五  fri  friday      最近的那一天（含今天）；
                                         截止日期和复查日期里是下一个（含今天）
  本周五  这周五  this fri                本周的那一天
  下周五  next fri                        下一周的那一天（周三说下周五，是 9 天之后）
  上周五  上上周五  下下周一              上一周、上上周、下下周的那一天
  last fri                               今天之前最近的那一天
  3天前  三天前  3天后  两周前  2个星期后  三个月前  一年前
  -3d  +2w  -1m  +1y  3 days ago  a week ago  in 2 weeks  3 days from now
  单写 3d 表示 3 天前；在截止日期和复查日期里表示 3 天后。

周（week、retro --week；用在需要某一天的地方时，表示该周的第一天）：
  本周  这周  上周  下周  上上周  第48周  2026年第48周  或任意一天（所在的周）
  this  last  next  -2  +1  W48  2026-W48  this week  last week  next week

月和季度（用在需要某一天的地方时，表示第一天）：
  本月  上月  上个月  下个月  2026年11月  本季度  上季度  2026年第四季度
  this month  last month  2026-11  Nov 2026  this quarter  2026Q4  2026-Q4

行动项文字里的标记遇到空格就结束：多个词用连字符连起来或加引号：
due:next-fri  due:3-days  due:"next fri"  due:下周五
不接受（并说明原因）：11/27（分不清月和日）、没有日期的时间、1970–2100 年以外的年份、
不存在的日期（2月30日）。
"""


TODAY = "Today is {today}: {examples}."
EXAMPLES = ("fri", "next fri", "上周五", "3天前", "3 days ago", "W48", "上个月")
# Long texts are documents, one per language (as man pages are), not catalogue lines.
TOPICS = {"dates": {"en": DATES, "zh": ZH_DATES}}


def help_topic(
    ctx: typer.Context,
    topic: str = typer.Argument(..., metavar="TOPIC", help="dates"),
) -> None:
    """Longer help on a topic, in your language: `dates` (every date form).

    Example: opslog help dates
    """
    from opslog.domain.dates import parse_date
    from opslog.i18n import _, joined, language

    app = app_context(ctx)
    if topic not in TOPICS:
        raise BadInput(
            _("no help topic {topic}: there is {topics}").format(
                topic=repr(topic), topics=joined(TOPICS)
            )
        )
    today = app.today()
    ws = app.settings.week_start
    shown = [f"{t} = {parse_date(t, today, week_start=ws).isoformat()}" for t in EXAMPLES]
    texts = TOPICS[topic]
    print(texts.get(language(), texts["en"]), end="")
    print()
    print(_(TODAY).format(today=today.isoformat(), examples=joined(shown)))


def register(app: typer.Typer) -> None:
    app.command("help")(help_topic)
