"""The web page in headless Chromium (Debian's), driven by Playwright: a session end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interviewer.config import PROJECT_ROOT
from tests.api_server import running_server, token_for

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "artifacts"
ANSWER = (
    "Bias is error from assumptions that are too simple, so the model underfits; variance is "
    "sensitivity to the training sample, so it overfits and memorises noise. I would compare "
    "training error and validation error on a learning curve, then add regularization or more data."
)


@pytest.mark.slow
def test_a_session_completed_through_the_page_shows_the_report(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    with running_server(tmp_path) as base:
        token = token_for(tmp_path, "browser")
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            page = browser.new_page()
            page.goto(base)
            page.fill("#token", token)
            page.click("#save-token")
            page.wait_for_selector("#setup:not([hidden])")
            page.check("input[value='ml-breadth']")
            page.fill("#count", "1")
            page.fill("#topic", "bias-variance")
            page.click("#start")
            page.wait_for_selector(".msg.interviewer")
            assert "Question 1 of 1" in page.inner_text("#log")
            for _ in range(4):
                if page.is_hidden("#chat"):  # the interview is over; the report is loading
                    break
                page.fill("#answer", ANSWER)
                page.click("#send")
                # The send button is disabled while the reply streams in, and the chat is
                # hidden once the interview is over.
                page.wait_for_function(
                    "!document.getElementById('send').disabled || "
                    "document.getElementById('chat').hidden"
                )
            page.wait_for_selector("#report:not([hidden])")
            report = page.inner_text("#report")
            assert "Report · overall" in report and "✔" in report
            assert "Exemplar answer" in report
            page.wait_for_selector("#progress:not([hidden]) svg circle")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "web-report.png"), full_page=True)
            browser.close()
    assert (ARTIFACTS / "web-report.png").stat().st_size > 10_000
