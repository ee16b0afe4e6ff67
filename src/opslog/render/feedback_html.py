"""The feedback section of the HTML week and report: categories against the previous
period (new ones marked), the channels, and the improvements (linked actions judged by
the weekly counts before and after their done day). Lays out a FeedbackSection only."""

from __future__ import annotations

from opslog.domain.feedback import FeedbackSection
from opslog.i18n import _
from opslog.render.feedback_views import shares
from opslog.render.html_kit import esc, muted_aside, pair_bars, section, table
from opslog.render.words import improvement_result, number, signed


def _key(text: str) -> str:
    return esc(text) if text else esc(_("(none)"))


def feedback_html(s: FeedbackSection, heading: str) -> str:
    rows = [
        [
            _key(k.key) + (muted_aside(esc(_("new"))) if k.new else ""),
            number(k.count),
            number(k.previous),
            esc(signed(k.change)),
            esc(shares(k)),
        ]
        for k in s.categories
    ]
    rows.append(
        [
            f"<strong>{esc(_('Total'))}</strong>",
            f"<strong>{number(s.total)}</strong>",
            number(s.previous_total),
            esc(signed(s.total - s.previous_total)),
            "",
        ]
    )
    cols = [_("Category"), _("Count"), _("Previous"), _("Change"), _("Sentiment")]
    parts = []
    bars = [(k.key or _("(none)"), float(k.count), float(k.previous)) for k in s.categories]
    if bars:
        chart = pair_bars(_("Feedback by category"), bars, _("this period"), _("previous"))
        parts.append(f'<figure class="chart" id="chart-feedback">{chart}</figure>')
    parts.append(table(cols, rows, frozenset({1, 2, 3})))
    channels = " · ".join(f"{_key(c.key)} {number(c.count)}" for c in s.channels) or "–"
    parts.append(f'<p class="line"><strong>{esc(_("Channels"))}</strong>: {channels}</p>')
    if s.improvements:
        done = [
            [
                esc(i.category),
                f"#{i.action_id} {esc(i.action_text)}",
                i.done_day.isoformat(),
                esc(improvement_result(i)),
            ]
            for i in s.improvements
        ]
        cols = [_("Category"), _("Action"), _("Done"), _("Result")]
        parts += [f"<h3>{esc(_('Improvements'))}</h3>", table(cols, done, frozenset())]
    return section("feedback", heading, parts)
