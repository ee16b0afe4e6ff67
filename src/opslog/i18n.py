"""User-facing words, kept where they can be translated (`lang = "zh"` in config.toml
or OPSLOG_LANG=zh). gettext's model, without .mo files: `_()` looks the English text
up in the catalog of the language chosen at start-up and falls back to English.

Only views translate: JSON keys and values, export records and the words a user types
(statuses, formats, kinds) stay English, so scripts work whatever the language.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # the weekly report
    "Week": "周",
    "Days": "每日",
    "Day": "日期",
    "Done": "完成",
    "Blockers": "阻碍",
    "Plan": "计划",
    "Mood": "心情",
    "Notes": "笔记",
    "Goals": "目标",
    "Goal": "目标",
    "Baseline → latest → target": "基线 → 最新 → 目标",
    "Progress": "进度",
    "Expected": "应达",
    "Status": "状态",
    "Δ week": "本周变化",
    "Conf.": "信心",
    "Trend": "趋势",
    "Risks": "风险",
    "Risk": "风险",
    "Level": "等级",
    "Owner": "负责人",
    "This week": "本周",
    "Retro": "复盘",
    "Went well": "做得好",
    "To improve": "待改进",
    "Actions": "行动项",
    "Action": "行动项",
    "Due": "截止",
    "From": "来自",
    "Stats": "统计",
    "check-ins": "打卡",
    "streak": "连续",
    "day": "天",
    "days": "天",
    "notes": "笔记",
    "top tags": "热门标签",
    "overdue": "已逾期",
    "stale": "久未更新",
    "Mon": "周一",
    "Tue": "周二",
    "Wed": "周三",
    "Thu": "周四",
    "Fri": "周五",
    "Sat": "周六",
    "Sun": "周日",
    "Risk matrix ({n} not closed)": "风险矩阵（{n} 个未关闭）",
    "rows: probability 5 → 1, columns: impact 1 → 5": "行：可能性 5 → 1，列：影响 1 → 5",
    "new": "新增",
    "score {old} → {new}": "分值 {old} → {new}",
    "reviewed": "已复查",
    "review due": "待复查",
    "open": "未关闭",
    "mitigated": "已缓解",
    "closed": "已关闭",
    # the check-in's questions
    "Check-in for {day} ({author}); Enter keeps what is in [brackets], - clears it.": (
        "{day} 的打卡（{author}）；回车保留 [方括号] 里的内容，输入 - 清空。"
    ),
    "Done today": "今天完成",
    "Plan for tomorrow": "明天计划",
    "Mood 1–5": "心情 1–5",
    "Goal #{id} {title} (last {last}, target {target})": (
        "目标 #{id} {title}（上次 {last}，目标 {target}）"
    ),
    "none yet": "暂无",
    "Any new risk?": "有新的风险吗？",
    "Probability 1–5": "可能性 1–5",
    "Impact 1–5": "影响 1–5",
    "Owner (optional)": "负责人（可选）",
    "Mitigation (optional)": "应对措施（可选）",
    # goal statuses and risk levels, as shown (the JSON keeps the English words)
    "done": "已完成",
    "no data": "暂无数据",
    "on track": "正常",
    "at risk": "有风险",
    "behind": "落后",
    "dropped": "已放弃",
    "low": "低",
    "medium": "中",
    "high": "高",
    "critical": "严重",
    'Nothing logged this week yet. Start with: opslog note "…"  or  opslog checkin': (
        '本周还没有记录。可以这样开始：opslog note "…" 或 opslog checkin'
    ),
    # dates, weeks and periods typed by the user (domain/dates.py)
    "bad date {value}: expected {examples}": "无法识别的日期 {value}：可以写 {examples}",
    "bad date {value}: empty; expected {examples}": "日期 {value} 是空的：可以写 {examples}",
    "bad date {value}: year must be {low}..{high}": "日期 {value} 超出范围：年份须在 {low}..{high}",
    "bad date {value}: no such day": "日期 {value} 不存在",
    "bad date {value}: day/month order is ambiguous; use YYYY-MM-DD or a month name "
    "(Jan 2, 1月2日)": "日期 {value} 有歧义（分不清月和日）：请写 YYYY-MM-DD 或 1月2日",
    "bad week {value}: expected {examples}": "无法识别的周 {value}：可以写 {examples}",
    "bad week {value}: empty; expected {examples}": "周 {value} 是空的：可以写 {examples}",
    "bad week {value}: outside the years {low}..{high}": (
        "周 {value} 超出范围：年份须在 {low}..{high}"
    ),
    "bad week {value}: {year} has ISO weeks W01..W{weeks}": (
        "周 {value} 不存在：{year} 年只有第 1–{weeks} 周（W01..W{weeks}）"
    ),
    "bad week start {value}: expected monday or sunday": (
        "一周的起始日 {value} 无效：应为 monday 或 sunday"
    ),
    "Today is {today}: {examples}.": "今天是 {today}：{examples}。",
    "no help topic {topic}: there is {topics}": "没有帮助主题 {topic}：现有 {topics}",
    "bad period {value}: expected {examples}": "无法识别的时间段 {value}：可以写 {examples}",
    "bad period {value}: empty; expected {examples}": "时间段 {value} 是空的：可以写 {examples}",
    "YYYY-MM-DD, today, yesterday, tomorrow, a weekday (fri, last fri, next fri), "
    "-3d, +2w, -1m, 3 days ago, in 2 weeks, Nov 27, 昨天, 周五, 3天前 or 11月27日": (
        "2026-11-27、今天、昨天、前天、明天、周五、上周五、下周一、3天前、两周后、"
        "11月27日、2026年11月27日，或 yesterday、fri、3 days ago"
    ),
    "this, last, next, -N, +N, YYYY-Www, W48, 本周, 上周, 第48周 or a date": (
        "本周、上周、下周、上上周、第48周、2026年第48周、2026-W48，或一个日期（如 昨天）"
    ),
    "this month, last month, 2026-11, 本月, 上个月, 2026年11月, this quarter, 2026Q4, "
    "本季度, 2026年第四季度, a week (this week, 2026-W48, 上周) or a year (2026, 今年)": (
        "本月、上个月、2026年11月、本季度、上季度、2026年第四季度、2026Q4、"
        "一周（本周、上周、第48周）或一年（今年、2026）"
    ),
    # the period report (opslog report) and the HTML pages
    "Month": "月", "Quarter": "季度", "Year": "年", "Report": "报告",
    "Check-ins": "打卡", "KPIs": "KPI", "What keeps coming back": "反复出现的问题",
    "Retros": "复盘", "workdays": "个工作日", "longest": "最长", "mood": "心情",
    "Start → end": "期初 → 期末", "Outcome": "结果", "Weeks": "各周",
    "achieved": "已达成", "missed": "未达成", "opened": "新增", "escalated": "升级",
    "open at the end": "期末未关闭", "created": "新建", "done by the due date": "按期完成",
    "overdue at the end": "期末逾期", "Risk matrix at the end": "期末风险矩阵",
    "blocker": "阻碍", "to improve": "待改进", "Item": "事项", "as of": "截至",
    "value": "数值", "expected pace": "应达进度", "target": "目标值",
    "probability": "可能性", "impact": "影响", "Check-in calendar": "打卡日历",
    "check-in": "已打卡", "no check-in": "未打卡", "Overdue at the end": "期末逾期",
    "Value": "数值", "Previous": "上期", "Change": "变化", "Health": "健康度",
    "Days unhealthy": "异常天数", "Feedback": "反馈", "total": "合计", "Category": "类别",
    "Count": "数量", "No goals in this period.": "本期没有目标。", "No KPIs.": "没有 KPI。",
    "No risks in this period.": "本期没有风险。", "No actions in this period.": "本期没有行动项。",
    "Nothing came back in two weeks or more.": "没有在两周及以上反复出现的问题。",
    "No retros in this period.": "本期没有复盘。", "No goals this week.": "本周没有目标。",
    "No open risks.": "没有未关闭的风险。", "No retro this week.": "本周没有复盘。",
    "No open actions.": "没有未完成的行动项。",
    "The bar is the progress; the mark, the expected pace.": "条为进度，竖线为应达进度。",
    "Risk matrix": "风险矩阵", "due": "截止", "from": "来自",
}  # fmt: skip
CATALOGS = {"en": {}, "zh": ZH}
_catalog: dict[str, str] = {}


_language = "en"


def set_language(lang: str) -> None:
    global _catalog, _language
    _catalog = CATALOGS.get(lang, {})
    _language = lang if lang in CATALOGS else "en"


def language() -> str:
    """The interface language chosen at start-up: "en" or "zh"."""
    return _language


def _(text: str) -> str:
    return _catalog.get(text, text)
