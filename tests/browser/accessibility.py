"""axe-core in the browser suite: WCAG 2.x A/AA (and 2.2 AA) checks on a page, failing on serious ones.

axe-core comes from the npm registry (package.json) and is served from static/vendor/axe-core/
(scripts/setup.sh copies it there). It is injected with ``add_script_tag``, which the app's
Content-Security-Policy blocks unless the browser context was made with ``bypass_csp=True``.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """Run axe on ``page`` as it is now; returns its violations of the WCAG 2.x A/AA rules."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run scripts/setup.sh (it copies axe-core from node_modules)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
           }""", WCAG_TAGS)
    return result


def describe(violations: list[dict]) -> str:
    """A readable list of violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"    {n['target']}: {(n['summary'] or '').splitlines()[-1] if n['summary'] else ''}"
                     for n in v["nodes"][:6])
    return "\n".join(lines)


def assert_accessible(page, state: str) -> list[dict]:
    """Fail on any serious or critical violation; returns the lesser ones for the caller to see."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe found serious/critical WCAG violations on {state} ({page.url}):\n{describe(blocking)}"
    return violations
