"""A teacher in real Chromium gives a table's figure column its unit on the table settings screen;
the next build asks it with the unit. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LAKES = ("Name,Country,Depth\nBaikal,Russia,1642\nIssyk-Kul,Kyrgyzstan,668\nToba,Indonesia,505\n"
         "Qinghai,China,25\nVan,Turkey,451\nSevan,Armenia,83\n")
BUILD_TIMEOUT_MS = 30_000


def test_a_teacher_gives_a_column_its_unit_and_the_next_build_asks_it(
        page: Page, live_server, login, screenshot, page_problems, tmp_path):
    table = tmp_path / "lakes.csv"
    table.write_text(LAKES, encoding="utf-8")
    login(page, live_server.teacher.email, live_server.teacher.password)
    page.goto("/teach/")
    page.get_by_label("Deck title").fill("Lakes")
    page.get_by_role("button", name="Create deck").click()
    page.wait_for_url("**/teach/decks/*")
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    page.get_by_label("Upload files").set_input_files(str(table))
    page.get_by_label("Title", exact=True).fill("Lakes of Asia")
    page.get_by_role("button", name="Add source").click()

    page.get_by_role("link", name="Table settings of Lakes of Asia").click()
    expect(page.locator('tr[data-column="Depth"] .asked')).to_have_text("no: it needs a unit")
    page.get_by_label("What each row is").fill("lake")
    page.get_by_label("Unit of Depth").fill("m")
    screenshot(page, "table-settings")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_url(f"**/teach/decks/{slug}#source-lakes-of-asia")

    page.get_by_role("button", name="Build the deck").click()
    expect(page.locator("#build-status")).to_have_attribute("data-job-status", "done", timeout=BUILD_TIMEOUT_MS)
    page.goto(f"/teach/decks/{slug}/review?status=all")
    expect(page.get_by_text("What is the depth of Baikal, in m?")).to_be_visible()
    screenshot(page, "table-settings-built")
    page_problems.assert_none()
