"""The report as one self-contained HTML page: summary, charts (inline SVG), the trainee table, follow-ups."""

from __future__ import annotations

import base64
import io
import re
from html import escape
from pathlib import Path

from progress.report import COLUMNS, HEADINGS, SKILLS, STAGES, Report, Status, _cell, _score, _verdict

FONT = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "NanumGothic.ttf"
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
STATUS_COLOURS = {"completed": "#2e7d32", "on_track": "#66bb6a", "behind": "#f9a825", "at_risk": "#ef6c00",
                  "overdue": "#c62828"}


def e(value: object) -> str:
    """Every piece of data goes through here: a trainee named <script> stays text."""
    return escape(str(value), quote=True)


def _font_face(text: str) -> str:
    """Korean names need a Korean font; use the reader's own if installed, else the one we ship, embedded."""
    if not HANGUL.search(text) or not FONT.is_file():
        return ""
    data = base64.b64encode(_subset(FONT, text)).decode("ascii")
    return ('@font-face { font-family: "Starpath KR"; src: local("NanumGothic"), local("Noto Sans CJK KR"), '
            f'local("Malgun Gothic"), url(data:font/ttf;base64,{data}) format("truetype"); }}\n')


def _subset(font: Path, text: str) -> bytes:
    """The font cut down to the characters the page uses: tens of kilobytes instead of megabytes."""
    from fontTools import subset  # only pages with Korean text need it

    options = subset.Options()
    options.layout_features = ["*"]
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # hinting sources a browser never reads
    shrinker = subset.Subsetter(options)
    loaded = subset.load_font(str(font), options)
    shrinker.populate(text=text)
    shrinker.subset(loaded)
    out = io.BytesIO()
    loaded.save(out)
    return out.getvalue()


def _bars(title: str, items: list[tuple[str, int, str]], total: int) -> str:
    """A horizontal bar chart as inline SVG: (label, value, colour) per bar."""
    row, label_w, bar_w = 26, 150, 360
    height = row * len(items) + 10
    scale = bar_w / max(total, 1)
    parts = [f'<figure><figcaption>{e(title)}</figcaption>'
             f'<svg role="img" aria-label="{e(title)}" width="{label_w + bar_w + 60}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value, colour) in enumerate(items):
        y = 5 + i * row
        width = max(value * scale, 0)
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{e(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{width:.1f}" height="{row - 8}" fill="{colour}">'
                     f'<title>{e(label)}: {value}</title></rect>'
                     f'<text x="{label_w + width + 6:.1f}" y="{y + 16}">{value}</text>')
    parts.append("</svg></figure>")
    return "".join(parts)


def _heat(value: float | None) -> str:
    if value is None:
        return "#eeeeee"
    # red (0) → amber (50) → green (100)
    hue = max(0.0, min(100.0, value)) * 1.2
    return f"hsl({hue:.0f}, 70%, 80%)"


def _heat_map(report: Report) -> str:
    teams = report.summary.teams
    head = "".join(f"<th>{e(s.replace('_', ' '))}</th>" for s in SKILLS)
    body = []
    for name, team in teams.items():
        cells = "".join(f'<td style="background:{_heat(team.skills.get(s))}">{e(_score(team.skills.get(s)))}</td>'
                        for s in SKILLS)
        body.append(f"<tr><th>{e(name)}</th>{cells}</tr>")
    return (f'<figure><figcaption>Skills by team (mean score, 0–100)</figcaption>'
            f'<table class="heat"><tr><th>Team</th>{head}</tr>{"".join(body)}</table></figure>')


def _teams(report: Report) -> str:
    statuses = list(Status)
    head = "".join(f"<th>{e(s.label)}</th>" for s in statuses)
    rows = []
    for name, team in report.summary.teams.items():
        cells = "".join(f"<td>{team.statuses[s.value]}</td>" for s in statuses)
        rows.append(f"<tr><th>{e(name)}</th><td>{team.trainees}</td>{cells}"
                    f"<td>{e(_score(team.mean_satisfaction))}</td></tr>")
    return (f'<table><tr><th>Team</th><th>Trainees</th>{head}<th>Mean satisfaction</th></tr>'
            f'{"".join(rows)}</table>')


def render_html(report: Report) -> str:
    s = report.summary
    scope = ", ".join(f"{k} {v}" for k, v in report.filters.items())
    funnel = _bars("Stage funnel: trainees who have passed each stage",
                   [(f"Stage {k}", n, "#1565c0") for k, n in enumerate(s.funnel, 1)], s.trainees)
    status = _bars("Trainees by status", [(Status(k).label, n, STATUS_COLOURS[k]) for k, n in s.statuses.items()],
                   s.trainees)
    head = "".join(f"<th>{e(h)}</th>" for h in HEADINGS)
    rows = "".join(
        f'<tr class="{e(r.status)}">' + "".join(f"<td>{e(_cell(r, c))}</td>" for c in COLUMNS) + "</tr>"
        for r in report.rows) or f'<tr><td colspan="{len(COLUMNS)}">No trainees.</td></tr>'
    follow = ""
    if report.follow_ups:
        items = "".join(
            f"<tr><td>{f.note}</td><td>{e(f.name)}</td><td>{f.attempt}</td><td>{e(f.skill.replace('_', ' '))}</td>"
            f"<td>{e(f.by)}</td><td>{e(f.follow_up)}</td><td>{e(_score(f.before))}</td><td>{e(_score(f.after))}</td>"
            f"<td>{e(_verdict(f.improved))}</td><td>{e(f.text)}</td></tr>" for f in report.follow_ups)
        follow = ("<h2>Coaching follow-ups due</h2><table><tr><th>Note</th><th>Trainee</th><th>Attempt</th>"
                  "<th>Skill</th><th>By</th><th>Due</th><th>Before</th><th>After</th><th>Improved</th><th>Note</th>"
                  f"</tr>{items}</table>")
    body = f"""<h1>Starpath progress as of {e(report.as_of)}{e(' (' + scope + ')') if scope else ''}</h1>
<p class="lead">{s.trainees} trainee(s) · completion {s.completion_rate:.0%} · """ + " · ".join(
        f"{e(Status(k).label)} {n}" for k, n in s.statuses.items()) + f"""</p>
<section class="charts">{funnel}{status}</section>
<section>{_heat_map(report)}</section>
<h2>Teams</h2>{_teams(report)}
<h2>Trainees</h2><div class="wide"><table class="rows"><tr>{head}</tr>{rows}</table></div>
{follow}"""
    style = _font_face(body) + CSS
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Starpath progress {e(report.as_of)}</title>
<style>
{style}</style></head>
<body>
{body}
<p class="foot">{STAGES} stages · 40 or less satisfaction is a fail · generated by Starpath</p>
</body></html>
"""


CSS = """body { font-family: system-ui, "Segoe UI", "Starpath KR", "NanumGothic", "Noto Sans CJK KR",
  "Malgun Gothic", "Apple SD Gothic Neo", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; }
.lead { color: #555; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font-size: 13px; fill: #333; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
table.rows td { white-space: nowrap; }
.wide { overflow-x: auto; }
table.heat td { text-align: center; min-width: 64px; }
tr.overdue td:nth-child(10) { color: #c62828; font-weight: 600; }
tr.at_risk td:nth-child(10) { color: #ef6c00; font-weight: 600; }
tr.behind td:nth-child(10) { color: #a67c00; }
tr.completed td:nth-child(10) { color: #2e7d32; }
.foot { color: #888; font-size: 12px; margin-top: 24px; }
"""
