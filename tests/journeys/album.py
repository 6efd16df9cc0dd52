"""Screenshots and checks of a journey's main pages at the two widths of issue #13: a 1366×800 desktop and a
390×844 phone. Each page is photographed to artifacts/screenshots/<journey>/<step>-<width>.png (git-ignored; CI
keeps artifacts/), checked by axe-core (no serious or critical violation), and on the phone neither the page nor a
table may scroll sideways: tables wrap or stack (.table-stack), so no column is cut off."""

from tests.browser import ARTIFACTS, axe_violations

DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ARTIFACTS / "screenshots"

# What sticks out of the viewport's right edge on a phone (the page scrolls sideways): its selector and width.
_OVERFLOW = """() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= doc.clientWidth) return [];
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        if (r.right > doc.clientWidth + 1 && r.width > 0) {
            let inside = false;  // skip what an inner scrolling box (table-responsive…) already contains
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (s.overflowX === "auto" || s.overflowX === "scroll" || s.overflowX === "hidden") { inside = true; break; }
            }
            if (!inside) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
                ` (${Math.round(r.right)}px)`);
        }
    }
    return out.slice(0, 5);
}"""


# Tables whose columns are cut off on a phone (their box scrolls sideways): they should stack (.table-stack) or wrap.
_CLIPPED_TABLES = """() => Array.from(document.querySelectorAll(".table-responsive"))
    .filter(box => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
    .map(box => { const t = box.querySelector("table"); return "table" + (t && t.id ? "#" + t.id : "") +
        ` (${box.scrollWidth}px in ${box.clientWidth}px)`; })"""


class Album:
    """One journey's pictures and the problems found on its pages (asserted empty at the end of the test)."""

    def __init__(self, journey: str):
        self.folder = SCREENSHOTS / journey
        self.folder.mkdir(parents=True, exist_ok=True)
        self.problems: list[str] = []
        self.taken: list[str] = []

    def shoot(self, page, step: str, widths=(DESKTOP, PHONE)):
        """Photograph the page at each width (the page's own viewport restored after) with axe and the sideways
        check; `step` names the file, e.g. "03-appraisal"."""
        original = page.viewport_size
        for size in widths:
            if page.viewport_size != size:
                page.set_viewport_size(size)
            self.check(page, step, size["width"])
        if page.viewport_size != original:
            page.set_viewport_size(original)

    def check(self, page, step: str, width: int):
        path = self.folder / f"{step}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path.name)
        self.problems += [f"[{step} {width}px] {v}" for v in axe_violations(page)]
        if width < 600:
            sticking_out = page.evaluate(_OVERFLOW)
            if sticking_out:
                self.problems.append(f"[{step} {width}px] {page.url}: the page scrolls sideways: "
                                     + ", ".join(sticking_out))
            clipped = page.evaluate(_CLIPPED_TABLES)
            if clipped:
                self.problems.append(f"[{step} {width}px] {page.url}: columns cut off: " + ", ".join(clipped))


def choose(page, name, typed, choice):
    """Choose `choice` in the searchable picker of the field `name` by typing `typed` and tapping the option (the
    keyboard way is tests/browser.pick); once more if a slow answer replaced the list under the tap."""
    from playwright.sync_api import expect

    picker = page.locator(f".picker:has(input[name='{name}'])")
    for _attempt in range(2):
        box = picker.locator("[data-picker-text]")
        box.fill("")
        box.fill(typed)
        option = picker.locator("[role=option]", has_text=choice).first
        expect(option).to_be_visible()
        page.wait_for_timeout(300)  # the picker searches 200 ms after the last key: let the last answer land
        picker.locator("[role=option]", has_text=choice).first.dispatch_event("mousedown")
        if page.locator(f"input[name='{name}']").input_value():
            return
    expect(page.locator(f"input[name='{name}']")).not_to_have_value("")
