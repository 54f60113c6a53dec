"""The worker's compare and portfolio requests, in Chromium, through the page's own client.

The views render what these return, so the same answers must give what `scoring` gives in
CPython, and a request the package refuses must come back as an `answer` error that leaves the
engine working.
"""

from __future__ import annotations

import json
import random

import pytest

from scoring import compare, portfolio

from test_scoring_properties import ASSESSMENT

pytestmark = pytest.mark.browser

CLIENT = """
async ([request, payload]) => {
  const entry = document.querySelector('script[src*="javascripts/assessment.js"]').src;
  const base = new URL("assessment/", entry).href;
  const { engineFor } = await import(base + "client.js");
  const { readConfig } = await import(base + "config.js");
  const engine = engineFor(readConfig(document.querySelector("[data-assessment]")));
  try {
    const result = request === "compare"
      ? await engine.compare(payload.answerSets, payload.labels)
      : await engine.portfolio(payload);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, kind: error.kind, message: error.message };
  }
}
"""


def random_answers(rng: random.Random) -> dict[str, str]:
    return {
        question.id: rng.choice(question.options).id
        for question in ASSESSMENT.questions
        if rng.random() > 0.1
    }


def test_compare_and_portfolio_requests_match_cpython(page_and_watch, site_server) -> None:
    page, watch = page_and_watch
    page.goto(site_server.url + "assessment/")
    rng = random.Random(11)
    sets = [random_answers(rng) for _ in range(4)]
    labels = ["Steering", "Data lead", "Platform", "Security"]
    reply = page.evaluate(CLIENT, ["compare", {"answerSets": sets, "labels": labels}])
    assert reply["ok"], reply
    assert reply["result"] == json.loads(json.dumps(compare(ASSESSMENT, sets, labels).to_dict()))

    initiatives = [{"name": f"Initiative {n}", "answers": answers} for n, answers in enumerate(sets)]
    reply = page.evaluate(CLIENT, ["portfolio", initiatives])
    assert reply["ok"], reply
    assert reply["result"] == json.loads(json.dumps(portfolio(ASSESSMENT, initiatives).to_dict()))
    watch.assert_clean()


def test_a_refused_request_is_an_answer_error_and_the_engine_keeps_working(page_and_watch, site_server) -> None:
    page, watch = page_and_watch
    page.goto(site_server.url + "assessment/")
    reply = page.evaluate(CLIENT, ["compare", {"answerSets": [{}], "labels": None}])
    assert reply["ok"] is False and reply["kind"] == "answer", reply
    assert "between 2 and" in reply["message"]
    reply = page.evaluate(CLIENT, ["portfolio", [{"name": "", "answers": "not answers"}]])
    assert reply["ok"] is False and reply["kind"] == "answer", reply
    reply = page.evaluate(CLIENT, ["portfolio", [{"name": "One", "answers": {}}]])
    assert reply["ok"] is True and reply["result"]["initiatives"][0]["name"] == "One"
    watch.assert_clean()
